/**
 * What the Go-build rules (DF002, DF005, DF006, DF011, DF024, DF025, DF026) need to know about a stage: what
 * COPY/ADD bring in, where go.mod is when a go command runs, which cache mounts a RUN has, where the go
 * command keeps its caches, and which modules go.mod requires. Everything answers "don't know" rather than
 * guess, so the rules can say less.
 */
import * as nodePath from 'node:path';
import { Add, Arg, Copy, Env, User, type Instruction, type JSONInstruction } from 'dockerfile-ast';
import type { GoCommand } from '../model/goCommand';
import type { GoMod } from '../model/goProject';
import type { TextEdit } from 'vscode-languageserver-types';
import type { ShellCommand, Word } from '../model/shell';
import type { DockerfileModel, RunModel, Stage } from '../model/types';
import type { BuildContext } from '../model/workspace';
import { substitute } from '../model/variables';
import { runShell } from '../model/dockerfile';
import { rootBase, workdirAt } from './judge';
import { isGolangImage } from './golang';

const posix = nodePath.posix;

/** The stage and the stages it builds on, oldest first (`FROM build AS test` → [build, test]). */
export function lineage(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !chain.includes(s); s = s.base.stage) chain.unshift(s);
  return chain;
}

/** The instructions that run before `line` in a stage, those of the stages it builds on first. */
export function instructionsBefore(stage: Stage, line: number): Instruction[] {
  return lineage(stage).flatMap((s) => (s === stage ? s.instructions.filter((i) => i.getRange().start.line < line) : s.instructions));
}

export interface CopyArgs {
  instruction: Copy | Add;
  keyword: 'COPY' | 'ADD';
  /** `--from=<stage|image>`, when the files come from elsewhere than the build context. */
  from?: string;
  sources: string[];
  dest: string;
}

/** The sources and destination of a COPY or ADD, in shell or JSON form; undefined for a heredoc COPY. */
export function copyArgs(instruction: Instruction): CopyArgs | undefined {
  if (!(instruction instanceof Copy || instruction instanceof Add)) return undefined;
  const json = (instruction as JSONInstruction).getOpeningBracket() !== null;
  const words = json ? (instruction as JSONInstruction).getJSONStrings().map((s) => s.getJSONValue()) : instruction.getArguments().map((a) => a.getValue());
  if (words.length < 2 || words.some((w) => w.startsWith('<<'))) return undefined;
  const from = instruction instanceof Copy ? instruction.getFromFlag()?.getValue() ?? undefined : undefined;
  return { instruction, keyword: instruction instanceof Copy ? 'COPY' : 'ADD', from, sources: words.slice(0, -1), dest: words.at(-1)! };
}

/** `.`, `./`, `./.`: the whole build context. */
export function isWholeContext(source: string): boolean {
  return posix.normalize(source) === '.' || posix.normalize(source) === './';
}

/** A glob of the context root that matches go.mod (`go.mod`, `./go.mod`, `go.*`, `*.mod`, `go.[m]od`). */
export function namesGoMod(source: string): boolean {
  const normalized = posix.normalize(source);
  if (posix.dirname(normalized) !== '.' || normalized.startsWith('..')) return false;
  let pattern = '';
  for (let i = 0; i < normalized.length; i++) {
    const ch = normalized[i];
    const close = ch === '[' ? normalized.indexOf(']', i + 1) : -1;
    if (ch === '*') pattern += '[^/]*';
    else if (ch === '?') pattern += '[^/]';
    else if (close > i + 1) {
      pattern += `[${normalized.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
      i = close;
    } else pattern += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  // A class Docker's pattern matching refuses too (`[z-a]`) names nothing.
  try {
    return new RegExp(`^${pattern}$`).test('go.mod');
  } catch {
    return false;
  }
}

/** The names an ARG instruction declares: `ARG A B=2` declares A and B (dockerfile-ast reads only the first). */
export function argNames(arg: Arg): string[] {
  return arg.getArguments().map((a) => a.getValue().split('=')[0]).filter((name) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(name));
}

/** Names set by ENV and declared by ARG before `line`, in the stage and the stages it builds on. */
export function declaredBefore(stage: Stage, line: number): { env: Set<string>; args: Set<string> } {
  const env = new Set<string>();
  const args = new Set<string>();
  for (const instruction of instructionsBefore(stage, line)) {
    if (instruction instanceof Env) for (const p of instruction.getProperties()) env.add(p.getName());
    else if (instruction instanceof Arg) for (const name of argNames(instruction)) args.add(name);
  }
  return { env, args };
}

/** The `--mount` flags of a RUN, with their target resolved against WORKDIR and the stage's variables. */
export interface Mount {
  type: string;
  target?: string;
  source?: string;
  from?: string;
  /** The flag as written, to repeat it on another RUN. */
  text: string;
}

/** Each RUN's mounts, worked out once per parse: several rules ask about every RUN, DF006 about the earlier ones too. */
const mountsOfRun = new WeakMap<RunModel, readonly Mount[]>();

export function mountsOf(run: RunModel, dockerfile: DockerfileModel): readonly Mount[] {
  let mounts = mountsOfRun.get(run);
  if (!mounts) mountsOfRun.set(run, (mounts = readMounts(run, dockerfile)));
  return mounts;
}

function readMounts(run: RunModel, dockerfile: DockerfileModel): Mount[] {
  const line = run.instruction.getRange().start.line;
  const env = run.stage.envAt(line);
  const dir = workdirAt(run.stage, line);
  const mounts: Mount[] = [];
  for (const flag of run.flags) {
    if (flag.getName() !== 'mount') continue;
    const options = new Map(flag.getOptions().map((o) => [o.getName(), o.getValue() ?? '']));
    const rawTarget = options.get('target') ?? options.get('dst') ?? options.get('destination');
    const target = rawTarget === undefined ? undefined : substitute(rawTarget, (n) => env.get(n));
    const range = flag.getRange();
    mounts.push({
      type: options.get('type') ?? 'bind',
      target: target === undefined || target === '' ? undefined : posix.resolve(dir, target),
      source: options.get('source') ?? options.get('src'),
      from: options.get('from'),
      text: dockerfile.document.getText(range),
    });
  }
  return mounts;
}

/** True when a mount is at `dir`, above it, or inside it: the go command's files there do not land in the layer. */
export function mountCovers(mounts: readonly Mount[], dir: string): boolean {
  return mounts.some((m) => m.target !== undefined && (m.target === dir || dir.startsWith(m.target === '/' ? '/' : m.target + '/') || m.target.startsWith(dir + '/')));
}

/** The USER in effect at a line (the stages it builds on included); undefined when no USER was set here. */
export function userAt(stage: Stage, line: number): string | undefined {
  // Asked for every go command: walks the instructions in place instead of copying them (instructionsBefore).
  let user: string | undefined;
  for (const s of lineage(stage)) {
    for (const instruction of s.instructions) {
      if (s === stage && instruction.getRange().start.line >= line) break;
      if (instruction instanceof User) user = instruction.getArgumentsContent()?.trim();
    }
  }
  return user;
}

/** True for `root`, `0` and `0:0` style users. */
export function isRootUser(user: string | undefined): boolean {
  return user === undefined || /^(root|0)(:(root|0))?$/.test(user);
}

export interface GoCaches {
  /** GOMODCACHE: where modules are downloaded and extracted. */
  modules?: string;
  /** GOCACHE: compiled packages and test results. */
  build?: string;
  /** True when the go command runs as root (cache mounts are root-owned by default). */
  root: boolean;
}

const cachesOfCommand = new WeakMap<GoCommand, { stage: Stage; line: number; caches: Readonly<GoCaches> }>();

/**
 * Where a go command keeps its caches, from GOMODCACHE/GOPATH/GOCACHE/XDG_CACHE_HOME/HOME as ENV sets them,
 * else the defaults: GOPATH=/go in the golang image (its own ENV), $HOME/go elsewhere, HOME=/root for root.
 * A path that cannot be worked out (another user's HOME, an image with its own GOPATH) stays undefined.
 */
export function goCaches(go: GoCommand, stage: Stage, line: number): Readonly<GoCaches> {
  // Asked by DF006 for a command again for each later RUN it looks at: worked out once per parse.
  const known = cachesOfCommand.get(go);
  if (known?.stage === stage && known.line === line) return known.caches;
  const caches = findCaches(go, stage, line);
  cachesOfCommand.set(go, { stage, line, caches });
  return caches;
}

function findCaches(go: GoCommand, stage: Stage, line: number): GoCaches {
  const env = go.env;
  const user = userAt(stage, line);
  const base = rootBase(stage);
  // Only images whose defaults we know: the golang image, and plain OS images where go comes from a package.
  const familiar = isGolangImage(base) || /(^|\/)(alpine|debian|ubuntu)$/.test(base.repository);
  const root = isRootUser(user) && familiar;
  const folders = cacheFolders((name) => env.get(name), {
    home: root ? '/root' : undefined,
    gopath: (home) => (isGolangImage(base) ? '/go' : home && familiar ? `${home}/go` : undefined),
  });
  return { ...folders, root };
}

/**
 * Go's cache folders from its environment (absolute, variable-free values only): GOMODCACHE, else GOPATH's
 * first entry + /pkg/mod; GOCACHE, else $XDG_CACHE_HOME/go-build, else $HOME/.cache/go-build. `defaults`
 * stand in for HOME and GOPATH where the environment does not set them; a folder that cannot be worked out
 * stays undefined.
 */
export function cacheFolders(
  read: (name: string) => string | undefined,
  defaults: { home?: string; gopath: (home: string | undefined) => string | undefined },
): { modules?: string; build?: string } {
  const known = (value: string | undefined) => (value && value.startsWith('/') && !value.includes('$') ? value : undefined);
  const home = known(read('HOME')) ?? defaults.home;
  const gopath = known(read('GOPATH')?.split(':')[0]) ?? defaults.gopath(home);
  const modules = known(read('GOMODCACHE')) ?? (gopath ? `${gopath}/pkg/mod` : undefined);
  const xdg = known(read('XDG_CACHE_HOME'));
  const build = known(read('GOCACHE')) ?? (xdg ? `${xdg}/go-build` : home ? `${home}/.cache/go-build` : undefined);
  return { modules: modules && posix.normalize(modules), build: build && posix.normalize(build) };
}

/** The `-mod` setting of a go command, from its flag or GOFLAGS. */
export function modFlag(go: GoCommand): string | undefined {
  return go.flags.get('mod')?.value ?? /(?:^|\s)-?-mod=(\S+)/.exec(go.env.get('GOFLAGS') ?? '')?.[1];
}

/** True when a package argument names a version (`pkg@v1.2.3`, `pkg@latest`). */
export function hasVersion(arg: string): boolean {
  return arg.includes('@');
}

/** True when the go command builds from the module's vendor directory instead of the module cache. */
export function buildsFromVendor(go: GoCommand, context: BuildContext | undefined): boolean {
  const mod = modFlag(go);
  if (mod === 'vendor') return true;
  if (mod === 'mod' || mod === 'readonly') return false;
  // Since Go 1.14 a vendor/modules.txt makes -mod=vendor the default.
  return context?.file('vendor/modules.txt') !== undefined;
}

/** Package arguments of a go command (flags and `K=V` words excluded). */
export function packageArgs(go: GoCommand): GoCommand['args'] {
  return go.args.filter((a) => a.value !== '' && !a.value.startsWith('-'));
}

/**
 * A package of another module: its first path element has a dot (`github.com/…`, `golang.org/x/…`), and it
 * is not inside the main module. `./cmd/x`, `.`, `cmd/vet` and the module's own packages are local.
 */
export function isRemotePackage(pkg: string, goMod?: GoMod): boolean {
  const path = pkg.replace(/@.*$/, '');
  if (path.startsWith('.') || path.startsWith('/') || !path.split('/')[0].includes('.')) return false;
  const main = goMod?.module;
  return !(main && (path === main || path.startsWith(main + '/')));
}

/** The requirement of go.mod that provides a package: the longest module path that prefixes it. */
export function requiredModule(goMod: GoMod | undefined, pkg: string): { path: string; version: string } | undefined {
  const path = pkg.replace(/@.*$/, '').replace(/\/\.\.\.$/, '');
  let best: { path: string; version: string } | undefined;
  for (const r of goMod?.requires ?? []) {
    if ((path === r.path || path.startsWith(r.path + '/')) && (!best || r.path.length > best.path.length)) best = r;
  }
  return best;
}

/** Module paths that go.mod replaces with a local directory (`replace x => ../x`): the model does not read `replace`. */
export function localReplacements(context: BuildContext | undefined): string[] {
  const text = context?.file('go.mod');
  if (!text) return [];
  const found: string[] = [];
  let block = false;
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (block && line === ')') block = false;
    else if (/^replace\s*\($/.test(line)) block = true;
    else {
      const spec = block ? line : /^replace\s+(.*)$/.exec(line)?.[1];
      const match = spec && /^(\S+)(?:\s+\S+)?\s*=>\s*(\S+)/.exec(spec);
      if (match && /^(\.{1,2}\/|\/)/.test(match[2])) found.push(match[1]);
    }
  }
  return found;
}

export type ModuleState = 'in' | 'out' | 'unknown';

/**
 * Whether a go command runs inside a module: a go.mod copied from the context (or bind-mounted, or made by
 * `go mod init`) in its directory or a parent. `cd` earlier in the same RUN is followed. 'unknown' when a
 * COPY --from, a variable destination or a `cd $X` could have changed the answer.
 */
export function moduleState(run: RunModel, go: GoCommand, dockerfile: DockerfileModel): ModuleState {
  const line = run.instruction.getRange().start.line;
  let cwd: string | undefined = workdirAt(run.stage, line);
  const index = run.commands.indexOf(go.command);
  for (const command of index >= 0 ? run.commands.slice(0, index) : []) {
    if (command.argv[0]?.value !== 'cd') continue;
    const target = command.argv[1]?.value;
    cwd = target && !target.includes('$') && target !== '-' ? posix.resolve(cwd ?? '/', target) : undefined;
  }
  if (cwd === undefined || /(^|\s)-?-modfile=/.test(go.env.get('GOFLAGS') ?? '') || go.flags.has('modfile')) return 'unknown';
  if (go.env.get('GO111MODULE') === 'off') return 'out';

  const dirs: string[] = [];
  let unknown = false;
  const instructions = instructionsBefore(run.stage, line);
  for (const instruction of instructions) {
    const at = instruction.getRange().start.line;
    const copy = copyArgs(instruction);
    if (copy) {
      const bringsGoMod = copy.sources.some((s) => isWholeContext(s) || namesGoMod(s));
      if (copy.from !== undefined) {
        // Another stage or image may hand over a module: a folder, or a go.mod.
        if (copy.sources.some((s) => isWholeContext(s) || s === '/' || s.endsWith('/') || posix.basename(s) === 'go.mod' || !posix.extname(s))) unknown = true;
        continue;
      }
      if (!bringsGoMod) continue;
      if (copy.dest.includes('$')) {
        unknown = true;
        continue;
      }
      const dest = posix.resolve(workdirAt(instructionStage(run.stage, instruction), at), copy.dest);
      dirs.push(posix.basename(copy.dest) === 'go.mod' && copy.sources.length === 1 ? posix.dirname(dest) : dest);
    }
  }
  for (const s of lineage(run.stage)) {
    for (const earlier of s.runs) {
      if (s === run.stage && earlier.instruction.getRange().start.line >= line) continue;
      if (earlier.go.some((g) => g.sub === 'mod init')) dirs.push(workdirAt(s, earlier.instruction.getRange().start.line));
    }
  }
  for (const mount of mountsOf(run, dockerfile)) {
    if (mount.type !== 'bind' || mount.from !== undefined || !mount.target) continue;
    const source = mount.source ?? '.';
    if (isWholeContext(source)) dirs.push(mount.target);
    else if (namesGoMod(source)) dirs.push(posix.basename(mount.target) === 'go.mod' ? posix.dirname(mount.target) : mount.target);
  }
  if (dirs.some((d) => cwd === d || cwd!.startsWith(d === '/' ? '/' : d + '/'))) return 'in';
  return unknown ? 'unknown' : 'out';
}

function instructionStage(stage: Stage, instruction: Instruction): Stage {
  return lineage(stage).find((s) => s.instructions.includes(instruction)) ?? stage;
}

/**
 * Every shell command of a RUN, assignment-only ones included (`V=$(git describe);`), which the model drops
 * from `RunModel.commands`: a variable the RUN sets itself is not a build argument.
 */
export function allShellCommands(run: RunModel, dockerfile: DockerfileModel): ShellCommand[] {
  if (run.execForm) return [];
  const { commandLine, bodies } = runShell(run.instruction, dockerfile.document, dockerfile.escapeChar);
  return [...commandLine, ...bodies];
}

/** True when the shell of a RUN sets the variable itself (`X=…`, `export X=…`, `for X in`, `read X`). */
export function setsVariable(commands: ShellCommand[], name: string): boolean {
  return commands.some((c) => {
    if (c.assignments.some((a) => a.name === name)) return true;
    const [program, ...rest] = c.argv.map((w) => w.value);
    if (['export', 'declare', 'local', 'readonly', 'typeset'].includes(program ?? '')) return rest.some((w) => w === name || w.startsWith(name + '='));
    if (program === 'for') return rest[0] === name;
    if (program === 'read' || program === 'getopts') return rest.includes(name);
    return false;
  });
}

/** The shell command of a RUN that runs a Makefile or script (where go commands found through it come from). */
export function scriptCaller(run: RunModel, script: string): ShellCommand | undefined {
  const makefile = /makefile$|\.mk$/i.test(script);
  return run.commands.find((c) => {
    const words = c.argv.map((w) => w.value.replace(/^\.\//, ''));
    if (makefile) return /^g?make$/.test(words[0] ?? '');
    return words[0] === script.replace(/^\.\//, '') || (/^(ba)?sh$/.test(words[0] ?? '') && words[1] === script.replace(/^\.\//, ''));
  });
}

/** The go subcommands that read the module graph (and so need go.mod, the module cache, a new enough Go). */
export function usesModule(go: GoCommand): boolean {
  if (['version', 'env', 'help', 'doc', 'telemetry', 'bug', 'clean'].includes(go.sub)) return false;
  // `go install pkg@v1.2.3` and `go run pkg@v1.2.3` ignore the current module.
  if ((go.sub === 'install' || go.sub === 'run') && packageArgs(go).length > 0 && packageArgs(go).every((a) => hasVersion(a.value))) return false;
  return true;
}

/** Appends text to a shell word, inside its closing quote when it has one. */
export function insertAtWordEnd(dockerfile: DockerfileModel, word: Word, text: string): TextEdit {
  const source = dockerfile.document.getText().slice(word.start, word.end);
  const end = word.quoted && /["']$/.test(source) ? word.end - 1 : word.end;
  const at = dockerfile.document.positionAt(end);
  return { range: { start: at, end: at }, newText: text };
}
