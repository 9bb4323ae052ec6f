/**
 * What DF003, DF007–DF010 and DF023 need to know about a go build in a Dockerfile: the stages it builds on,
 * where a Go variable is set (so a fix can edit it there), whether cgo is on, which packages the build links,
 * and which OS packages a stage installs.
 */
import * as nodePath from 'node:path';
import { Arg, Env, type Instruction, type Property } from 'dockerfile-ast';
import type { Position, Range, TextEdit } from 'vscode-languageserver-types';
import type { DockerfileContext } from '../engine/rule';
import type { GoCommand } from '../model/goCommand';
import type { ShellCommand, Word } from '../model/shell';
import type { DockerfileModel, RunModel, Stage } from '../model/types';
import { scriptCommands } from '../model/buildScripts';
import type { BuildContext } from '../model/workspace';
import { imageFamily, rootBase } from './judge';
import { lineIndent, removeCommands } from './edit';

export type Build = GoCommand & { script?: string; scriptSets?: Set<string> };

/**
 * A build run by a shell script, with the variables the script exports before it (`export CGO_ENABLED=0`):
 * the model applies a Makefile's exports but not a shell script's.
 */
export function withScriptExports(context: BuildContext | undefined, build: Build): Build {
  if (!context || !build.script || /makefile$|\.mk$/i.test(build.script)) return build;
  const text = context.file(build.script.replace(/^\.\//, ''));
  if (text === undefined) return build;
  const env = new Map(build.env);
  const sets = new Set(build.command.assignments.map((a) => a.name));
  for (const command of scriptCommands(text).commands) {
    if (command.start >= build.command.start) break;
    if (command.argv[0]?.value !== 'export') continue;
    for (const word of command.argv.slice(1)) {
      const eq = word.value.indexOf('=');
      if (eq <= 0) continue;
      env.set(word.value.slice(0, eq), word.value.slice(eq + 1));
      sets.add(word.value.slice(0, eq));
    }
  }
  for (const a of build.command.assignments) env.set(a.name, a.value);
  return { ...build, env, scriptSets: sets };
}

/** The stages a stage builds on, root first, ending with the stage itself. */
export function stageChain(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !chain.includes(s); s = s.base.stage) chain.unshift(s);
  return chain;
}

/** How a stage is shown in a message: `build` or `stage 2`. */
export function stageLabel(stage: Stage): string {
  return stage.name ? `stage ${stage.name}` : `stage ${stage.index}`;
}

/** The image a stage builds on, after ARG substitution; `written` adds the reference as written when templated. */
export function imageLabel(stage: Stage, written = false): string {
  const base = rootBase(stage);
  return written && base.templated ? `${base.raw} (${base.resolved})` : base.resolved;
}

/**
 * ENV values as the model hands them over keep their quotes (`ENV CGO_ENABLED="0"` reads as `"0"`):
 * dockerfile-ast 0.7.1's `getUnescapedValue` returns the raw text. One pair of enclosing quotes is removed here.
 */
export function unquote(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const m = /^"(.*)"$|^'(.*)'$/s.exec(value);
  return m ? (m[1] ?? m[2]) : value;
}

/** A Go variable of the build's environment, unquoted. */
export function envOf(build: GoCommand, name: string): string | undefined {
  return unquote(build.env.get(name));
}

/** The flags GOFLAGS adds (`-trimpath -buildvcs=false`), by name without dashes. */
export function goflags(build: GoCommand): Map<string, string> {
  const flags = new Map<string, string>();
  for (const word of (envOf(build, 'GOFLAGS') ?? '').split(/\s+/)) {
    const m = /^--?([A-Za-z][\w.-]*)(?:=(.*))?$/s.exec(word);
    if (m) flags.set(m[1], m[2] ?? 'true');
  }
  return flags;
}

/** A flag of the build, from its command line or else from GOFLAGS. */
export function buildFlag(build: GoCommand, name: string): string | undefined {
  return build.flags.get(name)?.value ?? goflags(build).get(name);
}

/** True for `go build`/`go install` of the module's own packages (not `go install example.com/tool@v1`). */
export function buildsLocalCode(go: GoCommand): boolean {
  if (go.sub === 'build' || go.sub === 'run') return true;
  return go.sub === 'install' && !go.args.some((a) => a.value.includes('@'));
}

// ---------------------------------------------------------------------------------------------------------
// Where a variable is set

export type Definition =
  | { kind: 'assignment'; word: Word; command: ShellCommand }
  | { kind: 'export'; word: Word; command: ShellCommand }
  | { kind: 'env'; instruction: Env; property: Property; stage: Stage }
  | { kind: 'arg'; instruction: Arg; entry: ArgEntry; stage?: Stage };

/** One `NAME[=default]` of an ARG line (`ARG TARGETOS TARGETARCH=arm64` has two), with its ranges. */
export interface ArgEntry {
  name: string;
  value?: string;
  /** The whole `NAME=value`, the end of NAME, and the value (quotes included). */
  range: Range;
  nameEnd: Position;
  valueRange?: Range;
}

export function argEntries(dockerfile: DockerfileModel, arg: Arg): ArgEntry[] {
  return arg.getArguments().map((a) => {
    const range = a.getRange();
    const start = dockerfile.document.offsetAt(range.start);
    const text = dockerfile.document.getText(range);
    const eq = text.indexOf('=');
    if (eq < 0) return { name: text, range, nameEnd: range.end };
    const nameEnd = dockerfile.document.positionAt(start + eq);
    return {
      name: text.slice(0, eq),
      value: text.slice(eq + 1).replace(/^(["'])(.*)\1$/s, '$2'),
      range,
      nameEnd,
      valueRange: { start: dockerfile.document.positionAt(start + eq + 1), end: range.end },
    };
  });
}

/** The raw text of a definition's value (quotes removed, `$VAR` kept). */
export function definitionValue(def: Definition): string {
  if (def.kind === 'assignment' || def.kind === 'export') return def.word.value.slice(def.word.value.indexOf('=') + 1);
  if (def.kind === 'arg') return def.entry.value ?? '';
  return def.property.getValue() ?? '';
}

/**
 * Where a command of a RUN gets a variable from: its own `NAME=value` prefix, an `export` earlier in the RUN,
 * or the ENV/ARG in scope (a parent stage's too; a stage ARG without default takes the global one).
 */
export function definitionOf(dockerfile: DockerfileModel, run: RunModel, command: ShellCommand, name: string): Definition | undefined {
  return ownAssignment(command, name) ?? definitionBefore(dockerfile, run, command, name);
}

/** The command's own last `NAME=value` prefix (before an offset). */
function ownAssignment(command: ShellCommand, name: string, before = Infinity): Definition | undefined {
  const own = command.assignments.filter((a) => a.name === name && a.word.end > a.word.start && a.word.end <= before).at(-1);
  return own && { kind: 'assignment', word: own.word, command };
}

/** What a command of a RUN inherits: an `export` earlier in the RUN, else the ENV/ARG in scope. */
function definitionBefore(dockerfile: DockerfileModel, run: RunModel, command: ShellCommand, name: string): Definition | undefined {
  const before = run.commands.slice(0, Math.max(0, run.commands.indexOf(command)));
  for (const c of before.reverse()) {
    if (c.argv[0]?.value !== 'export') continue;
    const word = c.argv.slice(1).find((w) => w.value.startsWith(`${name}=`));
    if (word) return { kind: 'export', word, command: c };
  }
  return stageDefinition(dockerfile, run.stage, run.instruction.getRange().start.line, name);
}

/**
 * The Dockerfile command a build runs as: the go command itself, or the `make`/script call that runs it.
 * Undefined when the script sets the variable itself (`export CGO_ENABLED := 0` in the Makefile): the RUN
 * line cannot change it then.
 */
export function commandFor(run: RunModel, build: Build, name?: string): ShellCommand | undefined {
  if (!build.script) return build.command;
  if (name && (build.scriptSets?.has(name) || build.command.assignments.some((a) => a.name === name))) return undefined;
  return scriptCall(run, build.script);
}

/** The command of a RUN that runs a Makefile or script (`make build`, `./build.sh`). */
export function scriptCall(run: RunModel, script: string): ShellCommand | undefined {
  const makefile = /makefile$|\.mk$/i.test(script);
  return run.commands.find((c) => {
    const program = nodePath.posix.basename(c.argv[0]?.value ?? '');
    if (makefile) return program === 'make' || program === 'gmake';
    return c.argv.some((w) => nodePath.posix.basename(w.value) === nodePath.posix.basename(script));
  });
}

/** The definition a command sees once `def` is gone: an earlier `export` in the RUN, or the ENV/ARG in scope before it. */
export function definitionBeneath(dockerfile: DockerfileModel, run: RunModel, command: ShellCommand, def: Definition, name: string): Definition | undefined {
  if (def.kind === 'env' || def.kind === 'arg') {
    return def.stage && stageDefinition(dockerfile, def.stage, def.instruction.getRange().start.line, name);
  }
  // `NAME=0 NAME=0 cmd`: the same prefix given twice, the last one wins.
  const earlier = def.kind === 'assignment' && ownAssignment(def.command, name, def.word.start);
  if (earlier) return earlier;
  return definitionBefore(dockerfile, run, def.kind === 'export' ? def.command : command, name);
}

/** An edit that gives a definition another value, keeping its name and form (`CGO_ENABLED=0` → `CGO_ENABLED=1`). */
export function setDefinitionValue(dockerfile: DockerfileModel, def: Definition, name: string, value: string): TextEdit | undefined {
  switch (def.kind) {
    case 'assignment':
    case 'export':
      // The whole word: its quotes, if any, need not be kept around a plain value.
      return { range: dockerfile.range(def.word.start, def.word.end), newText: `${name}=${value}` };
    case 'env': {
      const range = def.property.getValueRange();
      return range ? { range, newText: value } : undefined;
    }
    case 'arg':
      return def.entry.valueRange && { range: def.entry.valueRange, newText: value };
  }
}

function stageDefinition(dockerfile: DockerfileModel, stage: Stage, line: number, name: string): Definition | undefined {
  let env: Definition | undefined;
  let arg: Definition | undefined;
  for (const s of stageChain(stage)) {
    for (const instruction of s.instructions) {
      if (s === stage && instruction.getRange().start.line >= line) break;
      if (instruction instanceof Env) {
        const property = instruction.getProperties().filter((p) => p.getName() === name).at(-1);
        if (property) env = { kind: 'env', instruction, property, stage: s };
      } else if (instruction instanceof Arg && !env && !arg) {
        const entry = argEntries(dockerfile, instruction).find((e) => e.name === name);
        if (!entry) continue;
        if (entry.value !== undefined) arg = { kind: 'arg', instruction, entry, stage: s };
        else {
          // A stage ARG without a default takes the global default of the same name.
          for (const global of dockerfile.ast.getInitialARGs()) {
            const g = argEntries(dockerfile, global).find((e) => e.name === name && e.value !== undefined);
            if (g) arg = { kind: 'arg', instruction: global, entry: g, stage: undefined };
          }
        }
      }
    }
  }
  return env ?? arg;
}

/** ARG names a stage chain declares before a line (`ARG TARGETOS TARGETARCH` declares both). */
export function declaredArgs(stage: Stage, line = Number.MAX_SAFE_INTEGER): Set<string> {
  const names = new Set<string>();
  for (const s of stageChain(stage)) {
    for (const instruction of s.instructions) {
      if (s === stage && instruction.getRange().start.line >= line) break;
      if (instruction instanceof Arg) for (const a of instruction.getArguments()) names.add(a.getValue().split('=')[0]);
    }
  }
  return names;
}

/**
 * Edits that delete a definition (the prefix word, the export word or command, the ENV pair or line, the ARG
 * default); undefined when an export command cannot go alone (a heredoc operator or `sh -c` quote joined to it).
 */
export function removeDefinition(dockerfile: DockerfileModel, run: RunModel, def: Definition): TextEdit[] | undefined {
  const text = dockerfile.document.getText();
  const wordWithSpace = (word: Word) => {
    let end = word.end;
    while (text[end] === ' ' || text[end] === '\t') end++;
    return { range: dockerfile.range(word.start, end), newText: '' };
  };
  switch (def.kind) {
    case 'assignment':
      return [wordWithSpace(def.word)];
    case 'export': {
      const names = def.command.argv.slice(1);
      if (names.length > 1) return [wordWithSpace(def.word)];
      if (!run.commands.includes(def.command)) return [];
      return removeCommands(dockerfile, run.commands, [def.command]);
    }
    case 'env': {
      const properties = def.instruction.getProperties();
      if (properties.length === 1) return [deleteLines(dockerfile, def.instruction)];
      const i = properties.indexOf(def.property);
      const start = i === 0 ? def.property.getRange().start : properties[i - 1].getRange().end;
      const end = i === 0 ? properties[1].getRange().start : def.property.getRange().end;
      return [{ range: { start, end }, newText: '' }];
    }
    case 'arg': {
      return [{ range: { start: def.entry.nameEnd, end: def.entry.range.end }, newText: '' }];
    }
  }
}

/** Deletes an instruction with its line(s). */
export function deleteLines(dockerfile: DockerfileModel, instruction: Instruction): TextEdit {
  const range = instruction.getRange();
  return { range: { start: { line: range.start.line, character: 0 }, end: { line: range.end.line + 1, character: 0 } }, newText: '' };
}

/** Inserts a line above an instruction, with its indentation. */
export function insertLineBefore(dockerfile: DockerfileModel, instruction: Instruction, line: string): TextEdit {
  const start = instruction.getRange().start;
  return { range: { start, end: start }, newText: `${line}\n${lineIndent(dockerfile.document, start.line)}` };
}

/** Inserts a line right after a stage's FROM. */
export function insertAfterFrom(stage: Stage, line: string): TextEdit {
  const at = { line: stage.from.getRange().end.line + 1, character: 0 };
  return { range: { start: at, end: at }, newText: `${line}\n` };
}

// ---------------------------------------------------------------------------------------------------------
// OS packages and cgo

/** The packages `apk add` / `apt-get install` install in a stage chain before a line. */
export function installedPackages(stage: Stage, line = Number.MAX_SAFE_INTEGER): Set<string> {
  const packages = new Set<string>();
  for (const s of stageChain(stage)) {
    for (const run of s.runs) {
      if (s === stage && run.instruction.getRange().start.line >= line) break;
      for (const command of run.commands) {
        const argv = command.argv.map((w) => w.value);
        const program = nodePath.posix.basename(argv[0] ?? '');
        const verb = program === 'apk' ? argv.indexOf('add') : /^apt(-get)?$/.test(program) ? argv.indexOf('install') : -1;
        if (verb < 0) continue;
        for (const word of argv.slice(verb + 1)) if (!word.startsWith('-')) packages.add(word.replace(/[=<>~].*$/, ''));
      }
    }
  }
  return packages;
}

/** True when a stage chain has a C compiler: the golang Debian images do; alpine and Debian ones once gcc is installed. */
export function hasCCompiler(stage: Stage, line?: number): boolean | undefined {
  const family = imageFamily(rootBase(stage));
  if (family === 'golang') return true;
  const packages = installedPackages(stage, line);
  if (['gcc', 'build-base', 'build-essential', 'clang'].some((p) => packages.has(p))) return true;
  return ['golang-alpine', 'alpine', 'debian'].includes(family) ? false : undefined;
}

export type CgoState = { on: true; explicit: boolean } | { on: false; explicit: boolean } | { on: undefined };

/** Whether cgo is on for a build: CGO_ENABLED, or Go's default (on exactly when a C compiler is found, Go ≥ 1.20). */
export function cgoState(build: Build, run: RunModel): CgoState {
  const value = envOf(build, 'CGO_ENABLED');
  if (value === '0') return { on: false, explicit: true };
  if (value === '1') return { on: true, explicit: true };
  if (value) return { on: undefined };
  // `ARG CGO_ENABLED` without a default: the value comes from `--build-arg`.
  if (declaredArgs(run.stage, run.instruction.getRange().start.line).has('CGO_ENABLED')) return { on: undefined };
  const compiler = hasCCompiler(run.stage, run.instruction.getRange().start.line);
  return compiler === undefined ? { on: undefined } : { on: compiler, explicit: false };
}

export interface CgoModule {
  path: string;
  /** `runtime`: it builds without cgo and fails when used; `build`: the build fails. */
  fails: 'runtime' | 'build';
  /** What happens, as Go or the package says it. */
  symptom: string;
  /** Needs C libraries of the system at build and run time (a libc alone is not enough). */
  systemLibraries?: string;
}

/**
 * Modules that do nothing useful without cgo (checked with Go 1.26: go-sqlite3 v1.14.22 registers a stub
 * driver, the others leave their package without its API).
 */
export const CGO_MODULES: CgoModule[] = [
  { path: 'github.com/mattn/go-sqlite3', fails: 'runtime', symptom: `"Binary was compiled with 'CGO_ENABLED=0', go-sqlite3 requires cgo to work. This is a stub"` },
  { path: 'gorm.io/driver/sqlite', fails: 'runtime', symptom: `go-sqlite3's "Binary was compiled with 'CGO_ENABLED=0', go-sqlite3 requires cgo to work. This is a stub"` },
  { path: 'github.com/confluentinc/confluent-kafka-go', fails: 'build', symptom: 'undefined: kafka.NewProducer' },
  { path: 'gopkg.in/gographics/imagick.v2', fails: 'build', symptom: 'undefined: imagick.Initialize', systemLibraries: 'ImageMagick (libmagickwand-dev)' },
  { path: 'gopkg.in/gographics/imagick.v3', fails: 'build', symptom: 'undefined: imagick.Initialize', systemLibraries: 'ImageMagick (libmagickwand-dev)' },
];

export function cgoModule(importPath: string): CgoModule | undefined {
  return CGO_MODULES.find((m) => importPath === m.path || importPath.startsWith(m.path + '/'));
}

/** True when the module needs cgo: its own `import "C"`, or a requirement on a cgo-only module. */
export function moduleNeedsCgo(context: DockerfileContext['context']): boolean {
  if (!context) return false;
  return context.usesCgo() || (context.goMod?.requires ?? []).some((r) => cgoModule(r.path) !== undefined);
}

/**
 * Standard packages that link libc through cgo when cgo is on (`net` for its resolver, `os/user`, and every
 * package importing them): `go list -deps std` with Go 1.26.
 */
const STD_CGO = new Set([
  'archive/tar', 'crypto/tls', 'crypto/x509', 'expvar', 'log/syslog', 'mime/multipart', 'net', 'net/mail', 'net/rpc',
  'net/rpc/jsonrpc', 'net/smtp', 'net/textproto', 'os/user', 'plugin', 'runtime/cgo',
]);
const isStdCgo = (path: string) => STD_CGO.has(path) || path === 'net/http' || path.startsWith('net/http/');
const isStd = (path: string) => !path.split('/')[0].includes('.');

/** What the packages a build compiles import, as far as the build context shows. */
export interface Linkage {
  /** The build needs cgo: a file importing "C", or a cgo-only module. */
  cgo?: { file: string; packageDir: string; allFiles: boolean } | { module: CgoModule; importPath: string };
  /** A standard package that links libc when cgo is on. */
  stdCgo?: string;
  /** Packages from other modules are imported (what they link is not known). */
  external: boolean;
  /** The module's sources were found and the build's packages resolved. */
  known: boolean;
  /** go.mod requires a cgo-only module (perhaps indirectly) that the sources do not import themselves. */
  maybeCgoModule?: CgoModule;
}

/** The module-relative folders a build compiles, or undefined when its arguments cannot be resolved. */
function targetDirs(context: BuildContext, build: Build, dirs: string[]): string[] | undefined {
  if (build.flags.has('C')) return undefined;
  const module = context.goMod?.module;
  const args = build.sub === 'run' ? build.args.slice(0, 1) : build.args;
  const patterns = args.length === 0 ? ['.'] : args.map((a) => a.value);
  const found: string[] = [];
  for (let pattern of patterns) {
    if (pattern.includes('$')) return undefined;
    if (pattern.endsWith('.go')) pattern = nodePath.posix.dirname(pattern);
    const recursive = pattern.endsWith('/...') || pattern === '...';
    pattern = pattern.replace(/\/?\.\.\.$/, '') || '.';
    let dir: string;
    if (pattern === '.' || pattern.startsWith('./')) dir = nodePath.posix.normalize(pattern);
    else if (module && (pattern === module || pattern.startsWith(module + '/'))) dir = pattern === module ? '.' : pattern.slice(module.length + 1);
    else return undefined;
    const matches = dirs.filter((d) => d === dir || (recursive && (dir === '.' || d.startsWith(dir + '/'))));
    if (matches.length === 0) return undefined;
    found.push(...matches);
  }
  return found;
}

/** Follows the module's own imports from the build's packages and reports what they link. */
export function linkage(context: BuildContext | undefined, build: Build): Linkage {
  const requiredCgo = context?.goMod?.requires.map((r) => cgoModule(r.path)).find((m) => m !== undefined);
  if (!context) return { external: true, known: false, maybeCgoModule: requiredCgo };
  const sources = context.goSources();
  const byDir = new Map<string, typeof sources>();
  for (const s of sources) {
    const dir = nodePath.posix.dirname(s.path);
    byDir.set(dir, [...(byDir.get(dir) ?? []), s]);
  }
  const targets = targetDirs(context, build, [...byDir.keys()]);
  const module = context.goMod?.module;
  const queue = [...(targets ?? byDir.keys())];
  const seen = new Set<string>();
  const result: Linkage = { external: false, known: targets !== undefined };
  while (queue.length > 0) {
    const dir = queue.shift()!;
    if (seen.has(dir)) continue;
    seen.add(dir);
    const files = byDir.get(dir) ?? [];
    for (const file of files) {
      for (const imp of file.imports) {
        if (imp === 'C') {
          result.cgo ??= { file: file.path, packageDir: dir, allFiles: files.every((f) => f.imports.includes('C')) };
        } else if (module && (imp === module || imp.startsWith(module + '/'))) {
          queue.push(imp === module ? '.' : imp.slice(module.length + 1));
        } else if (isStd(imp)) {
          if (isStdCgo(imp)) result.stdCgo ??= imp;
        } else {
          const m = cgoModule(imp);
          if (m) result.cgo ??= { module: m, importPath: imp };
          result.external = true;
        }
      }
    }
  }
  if (!result.cgo && requiredCgo && (result.external || !result.known)) result.maybeCgoModule = requiredCgo;
  return result;
}

/** True when the build surely links nothing through cgo (only standard packages that never link libc). */
export function linksNoC(link: Linkage): boolean {
  return link.known && !link.cgo && !link.stdCgo && !link.external;
}

/** How a cgo need is shown in a message. */
export function cgoReason(link: Linkage): string | undefined {
  const cgo = link.cgo;
  if (!cgo) return undefined;
  return 'module' in cgo ? cgo.module.path : `${cgo.file} imports "C"`;
}

/** True when the `-ldflags` make an external, static link (`-linkmode external -extldflags "-static"`). */
export function linksStatically(build: GoCommand, link: Linkage): boolean {
  const ldflags = buildFlag(build, 'ldflags') ?? '';
  if (!/-extldflags[= ]+["']?[^"']*-static\b/.test(ldflags)) return false;
  // Only the external linker reads -extldflags: the default for packages with their own cgo, not for net alone.
  return /-linkmode[= ]+["']?external/.test(ldflags) || link.cgo !== undefined;
}

/** True when build tags replace the cgo parts of the standard library with pure Go (`-tags netgo,osusergo`). */
export function pureGoTags(build: GoCommand, link: Linkage): boolean {
  const tags = new Set((buildFlag(build, 'tags') ?? '').split(/[\s,]+/));
  if (!tags.has('netgo') || link.cgo || link.maybeCgoModule) return false;
  return tags.has('osusergo') || (link.stdCgo !== 'os/user' && link.stdCgo !== 'archive/tar');
}

/** The context of a finding: a shorthand for rules that take `DockerfileContext`. */
export type Ctx = DockerfileContext;
