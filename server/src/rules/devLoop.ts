/**
 * What the dev-loop and debugger rules (DC002–DC008) know about a compose service: the commands it really
 * runs (its own `command`/`entrypoint`, else the CMD/ENTRYPOINT of the Dockerfile stage it builds, and the
 * `.air.toml` that `air` reads), Delve command lines parsed flag by flag, where its source is bind-mounted,
 * and text edits on any of those files. Every word keeps its offsets in its own file, so a fix can edit the
 * Dockerfile or the air config as precisely as the compose file.
 */
import * as nodePath from 'node:path';
import { Cmd, Entrypoint, type JSONInstruction } from 'dockerfile-ast';
import { isMap, isScalar, isSeq, type Node, type Pair, type Scalar } from 'yaml';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import type { Fix } from '../engine/rule';
import type { AirConfig } from '../model/air';
import { parseGoCommand, type GoCommand } from '../model/goCommand';
import { splitCommands, type ShellCommand } from '../model/shell';
import type { ComposeModel, DockerfileModel, Range, Service, Stage, VolumeEntry } from '../model/types';
import type { Workspace } from '../model/workspace';
import { lineIndent } from './edit';
import { appendMapEntries, appendSeqItems, fillEmptyKey, scalarLike, type YamlEntry } from './yamlEdit';
import { workdirAt } from './judge';

const posix = nodePath.posix;

/** How the words of a command are written, which decides how a word is added next to another. */
export type CommandStyle = 'shell' | 'json' | 'yaml-flow' | 'yaml-block';

export interface SourceWord {
  value: string;
  /** Offsets of the word as written (quotes included) in its file. */
  start: number;
  end: number;
}

/** A file a command is written in. */
export interface CommandFile {
  kind: 'compose' | 'dockerfile' | 'air';
  document: TextDocument;
  path?: string;
}

export interface SourceCommand {
  file: CommandFile;
  /** How a message names where it is written: `command`, `the Dockerfile's CMD`, `.air.toml build.full_bin`. */
  label: string;
  style: CommandStyle;
  /** The quotes of the strings the command sits in (`"` for `sh -c "…"` or a TOML basic string), else ''. */
  enclosing: string;
  words: SourceWord[];
  /** The shell command, for the go command model (`parseGoCommand`). */
  shell?: ShellCommand;
}

/** The Dockerfile stage a service runs: its `build.target`, else the last stage. */
export function targetStage(dockerfile: DockerfileModel, service: Service): Stage | undefined {
  const target = service.build?.target?.value.toLowerCase();
  return target ? dockerfile.stages.find((s) => s.name === target) : dockerfile.finalStage;
}

/** The stage and the stages it builds on, oldest first. */
export function stageChain(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !chain.includes(s); s = s.base.stage) chain.unshift(s);
  return chain;
}

/** The folder a service's commands run in: `working_dir`, else the WORKDIR of its stage, else `/`. */
export function workingDir(service: Service, stage?: Stage): string {
  const node = service.get(['working_dir']);
  if (isScalar(node) && typeof node.value === 'string' && node.value.startsWith('/')) return posix.normalize(node.value);
  return stage ? workdirAt(stage, Number.MAX_SAFE_INTEGER) : '/';
}

/** Everything a rule needs about one service, worked out once per check. */
export interface ServiceRun {
  service: Service;
  dockerfile?: DockerfileModel;
  stage?: Stage;
  workdir: string;
  /** The commands the container runs, from compose, the Dockerfile and the air config, in that order. */
  commands: SourceCommand[];
  /** The air config the service's `air` reads, when it can be found. */
  air?: AirConfig;
}

/** Seven rules ask for each service's run: worked out once per service and workspace state. */
const serviceRuns = new WeakMap<Service, { workspace: Workspace; changes: number; value: ServiceRun }>();

export function serviceRun(compose: ComposeModel, service: Service, workspace: Workspace): ServiceRun {
  return workspace.memo(serviceRuns, service, () => computeServiceRun(compose, service, workspace));
}

function computeServiceRun(compose: ComposeModel, service: Service, workspace: Workspace): ServiceRun {
  const dockerfile = workspace.dockerfileFor(compose, service);
  const stage = dockerfile && targetStage(dockerfile, service);
  const workdir = workingDir(service, stage);
  const composeFile: CommandFile = { kind: 'compose', document: compose.document, path: compose.path };
  const commands: SourceCommand[] = [];
  if (service.entrypoint) commands.push(...yamlCommands(compose, composeFile, service.entrypoint.node, 'entrypoint'));
  if (service.command) commands.push(...yamlCommands(compose, composeFile, service.command.node, 'command'));
  if (dockerfile && stage) {
    const file: CommandFile = { kind: 'dockerfile', document: dockerfile.document, path: dockerfile.path };
    const { entrypoint, cmd } = imageCommand(stage);
    // A service's `entrypoint` replaces the image's ENTRYPOINT and drops its CMD; `command` replaces CMD.
    if (entrypoint && !service.entrypoint) commands.push(...instructionCommands(dockerfile, file, entrypoint, "the Dockerfile's ENTRYPOINT"));
    if (cmd && !service.entrypoint && !service.command) commands.push(...instructionCommands(dockerfile, file, cmd, "the Dockerfile's CMD"));
  }
  let air: AirConfig | undefined;
  const airCommand = commands.find((c) => programName(c) === 'air');
  if (airCommand) {
    air = airConfigOf(compose, service, workspace, airCommand, workdir);
    if (air) commands.push(...airCommands(air));
  }
  return { service, dockerfile, stage, workdir, commands, air };
}

/** The program a command runs, without its folder (`/go/bin/dlv` → `dlv`). */
export function programName(command: SourceCommand): string {
  return posix.basename(command.words[0]?.value ?? '');
}

/** The ENTRYPOINT and CMD a stage runs, inherited from the stages it builds on the way Docker does. */
function imageCommand(stage: Stage): { entrypoint?: JSONInstruction; cmd?: JSONInstruction } {
  let entrypoint: JSONInstruction | undefined;
  let cmd: JSONInstruction | undefined;
  let entrypointSetLater = false;
  for (const s of stageChain(stage).reverse()) {
    const e = s.instructions.filter((i): i is Entrypoint => i instanceof Entrypoint).at(-1);
    const c = s.instructions.filter((i): i is Cmd => i instanceof Cmd).at(-1);
    // An ENTRYPOINT resets the CMD inherited from the image below it (not a CMD of its own stage).
    if (!cmd && c && !entrypointSetLater) cmd = c;
    if (e) {
      entrypoint ??= e;
      entrypointSetLater = true;
    }
  }
  return { entrypoint, cmd };
}

function instructionCommands(dockerfile: DockerfileModel, file: CommandFile, instruction: JSONInstruction, label: string): SourceCommand[] {
  const document = dockerfile.document;
  const text = document.getText();
  if (instruction.getOpeningBracket() !== null) {
    const words = instruction.getJSONStrings().map((s) => ({ value: s.getJSONValue(), start: document.offsetAt(s.getRange().start), end: document.offsetAt(s.getRange().end) }));
    return execForm(text, file, label, 'json', words, (w) => [w.start + 1, w.end - 1, '"']);
  }
  const args = instruction.getArgumentsRange();
  if (!args) return [];
  const start = document.offsetAt(args.start);
  const end = document.offsetAt(args.end);
  return shellCommands(text, file, label, start, end, '', { escapeChar: dockerfile.escapeChar });
}

/** A command written as a list of words; `sh -c '<script>'` is read as the commands of its script. */
function execForm(
  text: string, file: CommandFile, label: string, style: CommandStyle, words: SourceWord[],
  inner: (word: SourceWord) => [number, number, string],
): SourceCommand[] {
  if (words.length >= 3 && /^(\/bin\/|\/usr\/bin\/)?(ba|a|da)?sh$/.test(words[0].value) && /^-[a-z]*c[a-z]*$/.test(words[1].value)) {
    const [start, end, quote] = inner(words[2]);
    return shellCommands(text, file, label, start, end, quote, { script: true });
  }
  return words.length > 0 ? [{ file, label, style, enclosing: '', words }] : [];
}

function shellCommands(text: string, file: CommandFile, label: string, start: number, end: number, enclosing: string, options: { escapeChar?: string; script?: boolean }): SourceCommand[] {
  return splitCommands(text, start, Math.max(start, end), options).map((shell) => ({
    file,
    label,
    style: 'shell' as const,
    enclosing: enclosing + (openQuote(text.slice(start, shell.start)) ?? ''),
    words: shell.argv.map((w) => ({ value: w.value, start: w.start, end: w.end })),
    shell,
  }));
}

/** The quote still open at the end of a text (`sh -c "go build` → `"`), the one a nested script sits in. */
function openQuote(text: string): string | undefined {
  if ((text.match(/(?<!\\)"/g)?.length ?? 0) % 2 === 1) return '"';
  if ((text.match(/'/g)?.length ?? 0) % 2 === 1) return "'";
  return undefined;
}

/** The text span of a YAML scalar's content and its quote: inside the quotes, or below a block scalar's header. */
function scalarSpan(text: string, node: Scalar): [number, number, string] | undefined {
  const [start, end] = node.range!;
  const written = text.slice(start, end).trimEnd();
  if (node.type === 'QUOTE_DOUBLE') return [start + 1, start + written.length - 1, '"'];
  if (node.type === 'QUOTE_SINGLE') return [start + 1, start + written.length - 1, "'"];
  if (node.type === 'BLOCK_FOLDED' || node.type === 'BLOCK_LITERAL') {
    const newline = text.indexOf('\n', start);
    return newline < 0 ? undefined : [newline + 1, start + written.length, ''];
  }
  return [start, start + written.length, ''];
}

function yamlCommands(compose: ComposeModel, file: CommandFile, node: Node, label: string): SourceCommand[] {
  const text = compose.document.getText();
  if (isScalar(node)) {
    const span = scalarSpan(text, node);
    return span ? shellCommands(text, file, label, span[0], span[1], span[2], {}) : [];
  }
  if (!isSeq(node)) return [];
  const items = node.items.filter(isScalar);
  const words = items.map((item) => ({ value: String(item.value ?? ''), start: item.range![0], end: item.range![0] + text.slice(item.range![0], item.range![1]).trimEnd().length }));
  return execForm(text, file, label, node.flow ? 'yaml-flow' : 'yaml-block', words, (w) => {
    const span = scalarSpan(text, items[words.indexOf(w)]);
    return span ?? [w.start, w.end, ''];
  });
}

/** The commands an air config runs: the build command, and the binary (`full_bin` wins over `entrypoint` and `bin`). */
export function airCommands(air: AirConfig): SourceCommand[] {
  const file: CommandFile = { kind: 'air', document: air.document, path: air.path };
  const found: SourceCommand[] = [];
  const text = air.text;
  const label = (key: string) => `${air.path ? nodePath.basename(air.path) : '.air.toml'} build.${key}`;
  for (const key of ['cmd', 'full_bin', 'entrypoint', 'bin']) {
    const entry = air.entry('build', key);
    if (!entry) continue;
    if (key !== 'cmd' && found.some((c) => c.label !== label('cmd'))) continue;
    const first = text[entry.valueStart];
    if (first === '[') {
      const words = tomlStrings(text, entry.valueStart, entry.valueEnd);
      found.push(...execForm(text, file, label(key), 'json', words, (w) => [w.start + 1, w.end - 1, text[w.start]]));
    } else if ((first === '"' || first === "'") && !text.startsWith(first.repeat(3), entry.valueStart)) {
      // air runs cmd and full_bin through `/bin/sh -c`.
      found.push(...shellCommands(text, file, label(key), entry.valueStart + 1, entry.valueEnd - 1, first, { script: true }));
    }
  }
  return found;
}

/** The strings of a one-level TOML array of strings, with their offsets (quotes included). */
function tomlStrings(text: string, start: number, end: number): SourceWord[] {
  const words: SourceWord[] = [];
  for (let i = start + 1; i < end; i++) {
    const ch = text[i];
    if (ch === '#') i = text.indexOf('\n', i) < 0 ? end : text.indexOf('\n', i);
    else if (ch === '"' || ch === "'") {
      let j = i + 1;
      let value = '';
      for (; j < end && text[j] !== ch; j++) {
        if (ch === '"' && text[j] === '\\' && j + 1 < end) value += JSON.parse(`"\\${text[++j]}"`);
        else value += text[j];
      }
      words.push({ value, start: i, end: j + 1 });
      i = j;
    }
  }
  return words;
}

/** The host folder a container path is bind-mounted from (the longest matching mount), or undefined. */
export function hostPathOf(compose: ComposeModel, service: Service, containerPath: string): string | undefined {
  if (!compose.path) return undefined;
  let best: { target: string; host: string } | undefined;
  for (const volume of service.volumes) {
    if (volume.type !== 'bind' || !volume.source || !volume.target || !/^(\.{1,2}(\/|$)|\/)/.test(volume.source)) continue;
    const target = posix.normalize(volume.target).replace(/(.)\/$/, '$1');
    if (!(containerPath === target || containerPath.startsWith(target === '/' ? '/' : target + '/'))) continue;
    if (!best || target.length > best.target.length) best = { target, host: nodePath.resolve(nodePath.dirname(compose.path), volume.source) };
  }
  return best && nodePath.join(best.host, posix.relative(best.target, containerPath));
}

/**
 * The air config `air [-c file]` reads: the file in the container (relative to the working folder), found on
 * the host through the bind mount that holds it, else in the build context the image was built from.
 */
function airConfigOf(compose: ComposeModel, service: Service, workspace: Workspace, air: SourceCommand, workdir: string): AirConfig | undefined {
  const args = air.words.slice(1).map((w) => w.value);
  const c = args.findIndex((a) => a === '-c' || a.startsWith('-c='));
  const name = c < 0 ? '.air.toml' : args[c] === '-c' ? args[c + 1] : args[c].slice(3);
  if (!name || name.includes('$')) return undefined;
  const inContainer = posix.resolve(workdir, name);
  const host = hostPathOf(compose, service, inContainer);
  if (host) return workspace.airConfig(host);
  if (compose.path && service.build && !posix.isAbsolute(name)) {
    const context = nodePath.resolve(nodePath.dirname(compose.path), service.build.context);
    return workspace.airConfig(nodePath.join(context, name));
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Delve command lines

/** Delve's flags that take a value (`--listen=:2345` or `--listen :2345`), long names with their shorthands. */
const DLV_VALUE_FLAGS = new Map<string, string | undefined>([
  ['listen', 'l'], ['log-output', undefined], ['log-dest', undefined], ['api-version', undefined], ['init', undefined],
  ['build-flags', undefined], ['wd', undefined], ['backend', undefined], ['redirect', 'r'], ['tty', undefined], ['output', 'o'],
  ['pid', 'p'], ['exec', 'e'], ['stack', 's'], ['waitfor', undefined], ['waitfor-interval', undefined], ['waitfor-duration', undefined],
  ['client-addr', undefined], ['follow-calls', undefined],
]);
/** Delve's boolean flags (`--headless`, `--headless=true`). */
const DLV_BOOL_FLAGS = new Map<string, string | undefined>([
  ['headless', undefined], ['accept-multiclient', undefined], ['continue', undefined], ['log', undefined], ['only-same-user', undefined],
  ['check-go-version', undefined], ['allow-non-terminal-interactive', undefined], ['disable-aslr', undefined], ['help', 'h'],
  ['test', 't'], ['ebpf', undefined], ['verbose', 'v'], ['timestamp', undefined],
]);
const SHORTHANDS = new Map([...DLV_VALUE_FLAGS, ...DLV_BOOL_FLAGS].filter(([, s]) => s).map(([long, s]) => [s!, long]));
/** Flags people write that Delve does not have, and the flag they meant. */
const DLV_MISTAKES = new Map([['addr', 'listen'], ['address', 'listen'], ['port', 'listen'], ['multiclient', 'accept-multiclient'], ['accept-multi-client', 'accept-multiclient'], ['api', 'api-version']]);

export interface DelveFlag {
  /** The long name (`listen` for `-l`), or the name as written for an unknown flag. */
  name: string;
  value?: string;
  known: boolean;
  /** The flag's word, and its value's word when written apart. */
  word: SourceWord;
  valueWord?: SourceWord;
}

export interface DelveCommand {
  command: SourceCommand;
  /** `exec`, `debug`, `attach`, `test`, `dap`, `connect`, … ('' when none is given). */
  sub: string;
  subWord?: SourceWord;
  flags: DelveFlag[];
  /** Positional words before `--` (the binary of `dlv exec`, the package of `dlv debug`, the pid of `dlv attach`). */
  args: SourceWord[];
}

export function parseDelve(command: SourceCommand): DelveCommand | undefined {
  if (programName(command) !== 'dlv') return undefined;
  const flags: DelveFlag[] = [];
  const args: SourceWord[] = [];
  let sub = '';
  let subWord: SourceWord | undefined;
  const words = command.words;
  for (let i = 1; i < words.length; i++) {
    const word = words[i];
    if (word.value === '--') break;
    const long = /^--([A-Za-z][\w-]*)(?:=(.*))?$/s.exec(word.value);
    const short = long ? null : /^-([A-Za-z])(.*)$/s.exec(word.value);
    if (!long && !short) {
      if (!subWord) {
        sub = word.value;
        subWord = word;
      } else args.push(word);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    let known: boolean;
    if (long) {
      [name, inline] = [long[1], long[2]];
      known = DLV_VALUE_FLAGS.has(name) || DLV_BOOL_FLAGS.has(name);
    } else {
      const [, letter, rest] = short!;
      const longName = SHORTHANDS.get(letter);
      // `-l:2345` and `-l=:2345` are a shorthand with its value; `-headless` is not `-h` (Delve reads it as
      // the shorthands h, e, a, … and stops), so it counts as an unknown flag named `headless`.
      known = longName !== undefined && (rest === '' || rest.startsWith('=') || DLV_VALUE_FLAGS.has(longName));
      if (known) [name, inline] = [longName!, rest === '' ? undefined : rest.replace(/^=/, '')];
      else [name, inline] = [/^[^=]*/.exec(word.value.slice(1))![0], /=(.*)$/s.exec(word.value)?.[1]];
    }
    const takesValue = DLV_VALUE_FLAGS.has(name) || DLV_VALUE_FLAGS.has(DLV_MISTAKES.get(name) ?? '');
    const flag: DelveFlag = { name, value: inline, known, word };
    if (inline === undefined && takesValue && words[i + 1] && !words[i + 1].value.startsWith('-')) {
      flag.valueWord = words[++i];
      flag.value = flag.valueWord.value;
    }
    flags.push(flag);
  }
  return { command, sub, subWord, flags, args };
}

/** The flag of a Delve command by long name (the last one wins, as in Delve). */
export function delveFlag(dlv: DelveCommand, name: string): DelveFlag | undefined {
  return dlv.flags.filter((f) => f.known && f.name === name).at(-1);
}

/** True when a boolean flag is on (`--headless`, `--headless=true`). */
export function delveBool(dlv: DelveCommand, name: string): boolean {
  const flag = delveFlag(dlv, name);
  return flag !== undefined && flag.value !== 'false' && flag.value !== '0';
}

/** The flag Delve users meant by an unknown one, if we know it. */
export function delveMistake(name: string): string | undefined {
  return DLV_MISTAKES.get(name) ?? (DLV_VALUE_FLAGS.has(name) || DLV_BOOL_FLAGS.has(name) ? name : undefined);
}

/** The Delve servers a service starts: `dlv` commands that debug something (not `dlv connect`, `dlv version`). */
export function delveServers(run: ServiceRun): DelveCommand[] {
  return run.commands
    .map(parseDelve)
    .filter((d): d is DelveCommand => d !== undefined && ['exec', 'debug', 'attach', 'test', 'trace', 'dap', 'core', 'replay', ''].includes(d.sub))
    .filter((d) => d.sub !== '' || d.flags.some((f) => f.name === 'headless' || f.name === 'listen'));
}

/** `host:port` of `--listen`: the port, and whether the host is the loopback interface. */
export function listenAddress(value: string): { host: string; port: string; loopback: boolean } | undefined {
  const match = /^(\[[^\]]*\]|[^:]*):(\d+)$/.exec(value);
  if (!match) return undefined;
  const host = match[1].replace(/^\[|\]$/g, '');
  return { host, port: match[2], loopback: host === 'localhost' || host === '::1' || /^127\./.test(host) };
}

// ---------------------------------------------------------------------------------------------------------
// Go commands of a service

/** The go command a source command runs, if any (an exec-form list of words as well as a shell command). */
export function goCommandOf(command: SourceCommand): GoCommand | undefined {
  const words = command.words.map((w) => ({ ...w, quoted: false }));
  const shell = command.shell ?? (words.length > 0 ? { assignments: [], argv: words, start: words[0].start, end: words.at(-1)!.end } : undefined);
  return shell ? parseGoCommand(shell, new Map()) : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Edits on any of the files a command is written in

/** A value as one word in a command of this style and quote, quoted like the word it replaces or sits beside. */
function render(command: SourceCommand, value: string, like?: SourceWord): string {
  const text = command.file.document.getText();
  const first = like ? text[like.start] : '';
  if (command.style === 'json') return JSON.stringify(value);
  if (command.style === 'yaml-flow' || command.style === 'yaml-block') {
    if (first === '"') return JSON.stringify(value);
    if (first === "'") return `'${value.replace(/'/g, "''")}'`;
    return /^[-\w./:=@]+$/.test(value) && !/^[-?:](\s|$)/.test(value) ? value : JSON.stringify(value);
  }
  if (first === '"' || first === "'") return `${first}${value}${first}`;
  return value;
}

function offsetRange(document: TextDocument, start: number, end: number): Range {
  return { start: document.positionAt(start), end: document.positionAt(end) };
}

/** Replaces a word with another value, written the way the word was. */
export function replaceWord(command: SourceCommand, word: SourceWord, value: string): TextEdit {
  return { range: offsetRange(command.file.document, word.start, word.end), newText: render(command, value, word) };
}

/** Adds a word right before another one of the same command. */
export function insertWordBefore(command: SourceCommand, word: SourceWord, value: string): TextEdit {
  const document = command.file.document;
  const at = document.positionAt(word.start);
  if (command.style === 'yaml-block') {
    const text = document.getText();
    const dash = text.lastIndexOf('-', word.start - 1);
    const indent = ' '.repeat(document.positionAt(dash).character);
    const lineStart = { line: at.line, character: 0 };
    return { range: { start: lineStart, end: lineStart }, newText: `${indent}- ${render(command, value, word)}\n` };
  }
  const separator = command.style === 'shell' ? ' ' : ', ';
  return { range: { start: at, end: at }, newText: `${render(command, value, command.style === 'shell' ? undefined : word)}${separator}` };
}

/** Adds a word right after another one of the same command. */
export function insertWordAfter(command: SourceCommand, word: SourceWord, value: string): TextEdit {
  const document = command.file.document;
  if (command.style === 'yaml-block') {
    const text = document.getText();
    const dash = text.lastIndexOf('-', word.start - 1);
    const indent = ' '.repeat(document.positionAt(dash).character);
    // After the rest of the item's line (a trailing comment stays with its item).
    const lineEnd = document.positionAt(word.end + /^[^\n]*/.exec(text.slice(word.end))![0].replace(/\r$/, '').length);
    return { range: { start: lineEnd, end: lineEnd }, newText: `\n${indent}- ${render(command, value, word)}` };
  }
  const at = document.positionAt(word.end);
  const separator = command.style === 'shell' ? ' ' : ', ';
  return { range: { start: at, end: at }, newText: `${separator}${render(command, value, command.style === 'shell' ? undefined : word)}` };
}

/** The quote for a shell word with a space inside (`"all=-N -l"`), so it fits the string the command sits in. */
export function innerQuote(command: SourceCommand): string | undefined {
  if (command.style !== 'shell') return undefined;
  if (command.enclosing.includes('"')) return command.enclosing.includes("'") ? undefined : "'";
  return '"';
}

/** A fix whose edits land on the compose file itself or on another file of the project. */
export function fixIn(file: CommandFile, fix: { title: string; edits: TextEdit[]; preferred?: boolean }): Fix | undefined {
  if (file.kind === 'compose') return fix;
  if (!file.path) return undefined;
  return { title: fix.title, edits: [], files: [{ path: file.path, edits: fix.edits }], preferred: fix.preferred };
}

/**
 * Where a finding about a command goes in the compose file: on the command's first word when the compose
 * file holds it, else on the service's name (the Dockerfile or air config holds it).
 */
export function findingRange(compose: ComposeModel, service: Service, command: SourceCommand, word = command.words[0]): Range {
  if (command.file.kind === 'compose' && word) return compose.range(word.start, word.end);
  return compose.rangeOf(service.pair.key);
}

/** Where a command is written, for a message: ` in the Dockerfile's CMD`, ` in .air.toml build.full_bin`. */
export function where(command: SourceCommand): string {
  return command.file.kind === 'compose' ? '' : ` (in ${command.label})`;
}

// ---------------------------------------------------------------------------------------------------------
// Mounts

/** True when a service bind-mounts a folder of Go source (a relative host folder holding go.mod or .go files). */
export function mountsSource(compose: ComposeModel, service: Service, workspace: Workspace): VolumeEntry | undefined {
  return service.volumes.find((v) => {
    if (v.type !== 'bind' || !v.source || !/^\.{1,2}(\/|$)/.test(v.source)) return false;
    if (!compose.path) return true;
    const context = workspace.context(nodePath.resolve(nodePath.dirname(compose.path), v.source));
    return context !== undefined && (context.goMod !== undefined || context.goSources().length > 0);
  });
}

/** The mount whose target is a path or one of its parents (the path is hidden by, or kept in, that mount). */
export function mountCovering(volumes: VolumeEntry[], path: string, types: VolumeEntry['type'][]): VolumeEntry | undefined {
  return volumes.find((v) => {
    if (!types.includes(v.type) || !v.target) return false;
    const target = posix.normalize(v.target).replace(/(.)\/$/, '$1');
    return path === target || path.startsWith(target === '/' ? '/' : target + '/');
  });
}

/** The indentation of a line of a document. */
export function indentOf(document: TextDocument, offset: number): string {
  return lineIndent(document, document.positionAt(offset).line);
}

// ---------------------------------------------------------------------------------------------------------
// Service settings

/** True when `cap_add` gives the capability (`SYS_PTRACE`, `CAP_SYS_PTRACE`, `ALL`, any case). */
export function hasCapability(service: Service, capability: string): boolean {
  return service.capAdd.some((c) => {
    const name = c.value.toUpperCase().replace(/^CAP_/, '');
    return name === capability || name === 'ALL';
  });
}

/** True when `security_opt` turns seccomp off (`seccomp:unconfined` or `seccomp=unconfined`). */
export function seccompUnconfined(service: Service): boolean {
  return service.securityOpt.some((o) => /^seccomp[:=]unconfined$/i.test(o.value.trim()));
}

export function isPrivileged(service: Service): boolean {
  return service.privileged !== undefined && /^(true|yes|on)$/i.test(service.privileged.value);
}

/** The `key:` pair of a service's mapping, when written. */
export function servicePair(service: Service, key: string): Pair | undefined {
  const body = service.pair.value;
  return isMap(body) ? body.items.find((p) => isScalar(p.key) && p.key.value === key) : undefined;
}

/**
 * Adds a value to list keys of a service (`cap_add`, `security_opt`, `volumes`): to the end of the list when
 * the key is there, else as a new key after the service's last key. Undefined when the YAML cannot take it
 * without rewriting (a key holding something else than a list).
 */
export function addToServiceLists(compose: ComposeModel, service: Service, wants: { key: string; value: string }[]): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  const added: YamlEntry[] = [];
  for (const { key, value } of wants) {
    const pair = servicePair(service, key);
    const node = pair?.value as Node | null | undefined;
    if (!pair) added.push({ key, list: [value] });
    else if (isSeq(node) && node.items.length > 0) {
      const edit = appendSeqItems(compose, node, [scalarLike(value, node.items.at(-1) as Node)]);
      if (!edit) return undefined;
      edits.push(...edit);
    } else if (isSeq(node) || !node || (isScalar(node) && node.value === null)) {
      const edit = isSeq(node) ? appendSeqItems(compose, node, [value]) : fillEmptyKey(compose, pair, { list: [value] });
      if (!edit) return undefined;
      edits.push(...edit);
    } else return undefined;
  }
  if (added.length > 0) {
    // After the lists it extends: an insertion at the same place keeps the order of the edits.
    const edit = service.pair.value ? appendMapEntries(compose, service.pair.value, added) : undefined;
    if (!edit) return undefined;
    edits.push(...edit);
  }
  return edits;
}
