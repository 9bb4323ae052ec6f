import type { ShellCommand, Word } from './shell';

/** `go <sub>` as the Go command model sees it, with its flags and the environment it runs in. */
export interface GoCommand {
  /** `build`, `install`, `mod download`, `mod tidy`, `get`, `run`, `test`, `env`, `clean`, … */
  sub: string;
  /** Flags by name without dashes (`o`, `ldflags`, `trimpath`, `w`). A boolean flag has value `true` unless `=false`. */
  flags: Map<string, GoFlag>;
  /** Positional arguments (packages, `K=V` pairs of `go env -w`). */
  args: Word[];
  /** The shell command this came from. */
  command: ShellCommand;
  /** The environment it runs with: stage ENV and ARG, `export`s earlier in the RUN, then the command's prefix. */
  env: ReadonlyMap<string, string>;
}

export interface GoFlag {
  name: string;
  value: string;
  /** The flag word (and its value word when separate). */
  words: Word[];
}

/** Flags of the go command that take a value in the next word when not written `-flag=value`. */
const VALUE_FLAGS = new Set([
  'o', 'ldflags', 'gcflags', 'asmflags', 'gccgoflags', 'tags', 'mod', 'modfile', 'p', 'pkgdir', 'buildmode',
  'compiler', 'overlay', 'pgo', 'installsuffix', 'toolexec', 'exec', 'coverpkg', 'covermode', 'coverprofile',
  'run', 'skip', 'timeout', 'count', 'bench', 'benchtime', 'cpu', 'parallel', 'C', 'fuzz', 'fuzztime',
  'reuse',
]);
/** Words that make the next word a second-level subcommand. */
const NESTED = new Set(['mod', 'work', 'tool']);

/** Reads `go …` from a shell command; `undefined` when the program is not the go tool. */
export function parseGoCommand(command: ShellCommand, env: ReadonlyMap<string, string>): GoCommand | undefined {
  const [program, ...rest] = command.argv;
  if (!program || !/^(.*\/)?go$/.test(program.value)) return undefined;
  const flags = new Map<string, GoFlag>();
  const args: Word[] = [];
  let sub = '';
  for (let i = 0; i < rest.length; i++) {
    const word = rest[i];
    if (!sub) {
      sub = word.value;
      if (NESTED.has(sub) && rest[i + 1] && !rest[i + 1].value.startsWith('-')) sub += ' ' + rest[++i].value;
      continue;
    }
    const flag = /^--?([A-Za-z][\w.-]*)(?:=(.*))?$/s.exec(word.value);
    if (!flag) {
      args.push(word);
      continue;
    }
    const [, name, inline] = flag;
    if (inline !== undefined) flags.set(name, { name, value: inline, words: [word] });
    else if (VALUE_FLAGS.has(name) && rest[i + 1]) {
      const valueWord = rest[++i];
      flags.set(name, { name, value: valueWord.value, words: [word, valueWord] });
    } else flags.set(name, { name, value: 'true', words: [word] });
  }
  if (!sub) return undefined;
  const effective = new Map(env);
  for (const a of command.assignments) effective.set(a.name, a.value);
  return { sub, flags, args, command, env: effective };
}
