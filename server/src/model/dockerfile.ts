import { From, Run, Arg, Env, Copy, JSONInstruction } from 'dockerfile-ast';
import { DockerfileParser } from './dockerfileAst';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseGoCommand } from './goCommand';
import { EditMemo } from './editMemo';
import { splitCommands, type ShellCommand, type Word } from './shell';
import type { BaseImage, DockerfileModel, GoCommandAt, RunModel, Stage } from './types';
import { hasVariables, substitute } from './variables';

/** Parses a Dockerfile once into the model every rule reads. */
export function parseDockerfile(document: TextDocument, path?: string): DockerfileModel {
  const text = document.getText();
  const ast = DockerfileParser.parse(text);
  const escapeChar = ast.getEscapeCharacter();
  const globalArgs = new Map<string, string | undefined>();
  for (const arg of ast.getInitialARGs()) for (const [name, value] of argDeclarations(arg)) globalArgs.set(name, value);

  const stages: Stage[] = [];
  for (const instruction of ast.getInstructions()) {
    if (instruction instanceof From) stages.push(newStage(stages, instruction, globalArgs));
    else stages.at(-1)?.instructions.push(instruction);
  }
  const byName = new Map(stages.filter((s) => s.name).map((s) => [s.name!, s]));
  for (const stage of stages) {
    for (const copy of stage.instructions) {
      const from = copy instanceof Copy ? copy.getFromFlag()?.getValue()?.toLowerCase() : undefined;
      const source = from === undefined ? undefined : byName.get(from) ?? (/^\d+$/.test(from) ? stages[Number(from)] : undefined);
      if (source && source !== stage) source.copiedFrom = true;
    }
    stage.runs = stage.instructions.filter((i): i is Run => i instanceof Run).map((run) => parseRun(run, stage, document, escapeChar));
  }

  const goCommands = stages.flatMap((s) => s.runs.flatMap((run) => run.go.map((go): GoCommandAt => ({ ...go, run }))));
  return {
    kind: 'dockerfile',
    uri: document.uri,
    path,
    document,
    ast,
    escapeChar,
    globalArgs,
    stages,
    finalStage: stages.at(-1),
    comments: ast.getComments().map((c) => ({ line: c.getRange().start.line, text: c.getContent() })),
    range: (start, end) => ({ start: document.positionAt(start), end: document.positionAt(end) }),
    goCommands: (sub) => (sub === undefined ? goCommands : goCommands.filter((g) => g.sub === sub)),
  };
}

function newStage(previous: Stage[], from: From, globalArgs: Map<string, string | undefined>): Stage {
  const stageName = from.getBuildStage()?.toLowerCase() ?? undefined;
  const envs = new Map<number, Map<string, string>>();
  const stage: Stage = {
    index: previous.length,
    name: stageName,
    from,
    base: baseImage(from, previous, globalArgs),
    instructions: [],
    runs: [],
    copiedFrom: false,
    envAt(line) {
      // Rules ask for the same lines again and again; each caller gets its own copy to change.
      let env = envs.get(line);
      if (!env) envs.set(line, (env = stageEnv(stage, line, globalArgs)));
      return new Map(env);
    },
  };
  return stage;
}

function baseImage(from: From, previous: Stage[], globalArgs: Map<string, string | undefined>): BaseImage {
  const raw = from.getImage() ?? '';
  const resolved = substitute(raw, (name) => globalArgs.get(name));
  const stage = previous.find((s) => s.name === resolved.toLowerCase());
  const { repository, tag, digest } = splitReference(resolved);
  // getPlatformFlag() answers only when --platform is the sole flag; a misspelled flag beside it must not hide it.
  const platform = from.getFlags().find((flag) => flag.getName() === 'platform')?.getValue() ?? undefined;
  return {
    raw,
    resolved,
    stage,
    scratch: !stage && resolved.toLowerCase() === 'scratch',
    repository,
    tag,
    digest,
    platform,
    templated: hasVariables(raw),
    range: from.getImageRange() ?? from.getRange(),
  };
}

/** Splits `registry/repo:tag@digest`; Docker Hub's `docker.io/` and `library/` prefixes are dropped. */
export function splitReference(reference: string): { repository: string; tag?: string; digest?: string } {
  let rest = reference;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const repository = rest.toLowerCase().replace(/^(index\.)?docker\.io\//, '').replace(/^library\//, '');
  return { repository, tag, digest };
}

function stageEnv(stage: Stage, line: number, globalArgs: Map<string, string | undefined>): Map<string, string> {
  const env = stage.base.stage ? stage.base.stage.envAt(Number.MAX_SAFE_INTEGER) : new Map<string, string>();
  const lookup = (name: string) => env.get(name) ?? globalArgs.get(name);
  for (const instruction of stage.instructions) {
    if (instruction.getRange().start.line >= line) break;
    if (instruction instanceof Env) {
      for (const p of instruction.getProperties()) env.set(p.getName(), substitute(p.getValue() ?? '', lookup));
    } else if (instruction instanceof Arg) {
      for (const [name, declared] of argDeclarations(instruction)) {
        // A stage ARG without a default takes the global default of the same name.
        const value = declared ?? globalArgs.get(name);
        if (value !== undefined && !env.has(name)) env.set(name, substitute(value, lookup));
      }
    }
  }
  return env;
}

/**
 * The names and defaults of an ARG line. `ARG TARGETOS TARGETARCH` declares two names (dockerfile-ast reads
 * it as one property with a value), and each may have its own `=default`.
 */
export function argDeclarations(arg: Arg): [string, string | undefined][] {
  return arg.getArguments().map((a) => {
    const text = a.getValue();
    const eq = text.indexOf('=');
    return eq < 0 ? [text, undefined] : [text.slice(0, eq), text.slice(eq + 1).replace(/^(["'])(.*)\1$/s, '$2')];
  });
}

/** The shell commands of a shell-form RUN: those of its command line, then those of its heredoc bodies. */
export interface RunShell {
  commandLine: readonly ShellCommand[];
  bodies: readonly ShellCommand[];
}

/** A RUN's shell commands, and the offset of the RUN they were split at. */
interface Split {
  start: number;
  shell: RunShell;
}

/** The RUNs of the document edited last, by their text: a keystroke changes one, the others only move. */
const splitRuns = new EditMemo<Split>();

/**
 * The shell commands of a shell-form RUN, as written: those of its command line, which runs to the end of the
 * line of its last heredoc operator (`RUN cat > f <<EOF && go mod download`), then those of its heredoc bodies.
 */
export function runShell(run: Run, document: TextDocument, escapeChar: string): RunShell {
  if (run.getArguments().length === 0) return { commandLine: [], bodies: [] };
  const text = document.getText();
  const range = run.getRange();
  const start = document.offsetAt(range.start);
  // The words depend on the RUN's text alone (and one character past it, where a line break may start).
  const key = escapeChar + text.slice(start, document.offsetAt(range.end) + 1);
  const known = splitRuns.get(document, key);
  const shell = !known ? splitRun(run, document, escapeChar) : known.start === start ? known.shell : moveShell(known.shell, start - known.start);
  splitRuns.set(document, key, { start, shell });
  return shell;
}

/** Forgets the RUNs split: the next model splits every RUN (tests compare the two). */
export function forgetRunShells(): void {
  splitRuns.clear();
}

function splitRun(run: Run, document: TextDocument, escapeChar: string): RunShell {
  const args = run.getArguments();
  const text = document.getText();
  const at = (p: { line: number; character: number }) => document.offsetAt(p);
  const heredocs = run.getHeredocs();
  const start = at(args[0].getRange().start);
  const end = at(run.getRange().end);
  // offsetAt stops a position past the end of its line at the line break.
  const commandLineEnd = heredocs.length > 0 ? Math.min(end, at({ line: heredocs.at(-1)!.getStartRange().end.line, character: Number.MAX_SAFE_INTEGER })) : end;
  const commandLine = splitCommands(text, start, Math.max(start, commandLineEnd), { escapeChar });
  const bodies = heredocs.flatMap((heredoc) => {
    const content = heredoc.getContentRange();
    // dockerfile-ast starts an unclosed heredoc's body at the RUN's arguments when its operator is on a
    // continuation line: a body never holds the command line.
    if (!content) return [];
    const bodyStart = Math.max(at(content.start), commandLineEnd);
    const bodyEnd = at(content.end);
    return bodyStart < bodyEnd ? splitCommands(text, bodyStart, bodyEnd, { script: true }) : [];
  });
  return { commandLine, bodies };
}

/** A RUN's commands `delta` characters from where they were split. */
function moveShell({ commandLine, bodies }: RunShell, delta: number): RunShell {
  const word = (w: Word): Word => ({ ...w, start: w.start + delta, end: w.end + delta });
  const command = (c: ShellCommand): ShellCommand => ({
    assignments: c.assignments.map((a) => ({ ...a, word: word(a.word) })),
    argv: c.argv.map(word),
    start: c.start + delta,
    end: c.end + delta,
  });
  return { commandLine: commandLine.map(command), bodies: bodies.map(command) };
}

function parseRun(run: Run, stage: Stage, document: TextDocument, escapeChar: string): RunModel {
  const execForm = (run as JSONInstruction).getOpeningBracket() !== null;
  let commands: ShellCommand[] = [];
  if (execForm) {
    commands = [];
  } else {
    const shell = runShell(run, document, escapeChar);
    commands = [
      ...shell.commandLine
        .filter((c) => !(c.argv.length === 1 && /^(\/bin\/)?(ba)?sh$/.test(c.argv[0].value)))
        .map((c) => ({ ...c, argv: c.argv.filter((w) => !w.value.startsWith('<<')) }))
        .filter((c) => c.argv.length > 0),
      ...shell.bodies,
    ];
  }
  const line = run.getRange().start.line;
  const env = stage.envAt(line);
  const go = [];
  for (const command of commands) {
    if (command.argv[0]?.value === 'export') {
      for (const word of command.argv.slice(1)) {
        const eq = word.value.indexOf('=');
        if (eq > 0) env.set(word.value.slice(0, eq), word.value.slice(eq + 1));
      }
    }
    const parsed = parseGoCommand(command, env);
    if (parsed) go.push(parsed);
  }
  return { instruction: run, stage, flags: run.getFlags(), execForm, commands, go };
}
