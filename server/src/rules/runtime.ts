/**
 * What the final image runs and with what: the stages it is made of, the shell its base image has, and the
 * two forms of CMD, ENTRYPOINT and HEALTHCHECK CMD (a JSON array run as is, or a string run by `/bin/sh -c`).
 */
import { Cmd, Entrypoint, Healthcheck, Shell, type Instruction } from 'dockerfile-ast';
import type { TextEdit } from 'vscode-languageserver-types';
import { splitCommands, type Word } from '../model/shell';
import type { DockerfileModel, Stage } from '../model/types';
import { hasNoShell, imageFamily, rootBase } from './judge';

/** A stage and the stages it builds on (`FROM build AS final`), the first one first. */
export function stageChain(stage: Stage): Stage[] {
  const chain: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !chain.includes(s); s = s.base.stage) chain.unshift(s);
  return chain;
}

/** The instructions of a stage and of the stages it builds on, in the order they apply. */
export function chainInstructions(stage: Stage): Instruction[] {
  return stageChain(stage).flatMap((s) => s.instructions);
}

/**
 * The `/bin/sh` of a stage's image: none (scratch, distroless), BusyBox ash (alpine, distroless `:debug`),
 * dash (Debian, Ubuntu and the golang images built on them), or unknown. A `SHELL` instruction makes it unknown.
 */
export function binShell(stage: Stage): 'none' | 'busybox' | 'dash' | 'unknown' {
  if (chainInstructions(stage).some((i) => i instanceof Shell)) return 'unknown';
  if (hasNoShell(stage)) return 'none';
  const family = imageFamily(rootBase(stage));
  if (family === 'alpine' || family === 'golang-alpine' || family.startsWith('distroless')) return 'busybox';
  if (family === 'debian' || family === 'golang') return 'dash';
  return 'unknown';
}

/** The image a stage is built on, as written after ARG substitution (`scratch`, `alpine:3.20`). */
export function imageName(stage: Stage): string {
  const base = rootBase(stage);
  return base.scratch ? 'scratch' : base.resolved;
}

/** The effective CMD and ENTRYPOINT of a stage, as Docker sets them (an ENTRYPOINT resets a CMD of an earlier stage). */
export function command(stage: Stage): { cmd?: Cmd; entrypoint?: Entrypoint } {
  let cmd: Cmd | undefined;
  let entrypoint: Entrypoint | undefined;
  for (const s of stageChain(stage)) {
    for (const instruction of s.instructions) {
      if (instruction instanceof Cmd) cmd = instruction;
      else if (instruction instanceof Entrypoint) {
        entrypoint = instruction;
        if (cmd && !s.instructions.includes(cmd)) cmd = undefined;
      }
    }
  }
  return { cmd, entrypoint };
}

/** The effective HEALTHCHECK of a stage (`HEALTHCHECK NONE` included). */
export function healthcheck(stage: Stage): Healthcheck | undefined {
  return chainInstructions(stage).filter((i): i is Healthcheck => i instanceof Healthcheck).at(-1);
}

/** Offsets of the text after the keyword (and, for HEALTHCHECK, after `CMD`), without line continuations. */
export interface CommandText {
  start: number;
  end: number;
  /** The text as Docker reads it: continuations removed. */
  text: string;
}

export function commandText(model: DockerfileModel, instruction: Instruction): CommandText | undefined {
  let args = instruction.getArguments();
  if (instruction instanceof Healthcheck) {
    if (args[0]?.getValue().toUpperCase() !== 'CMD') return undefined;
    args = args.slice(1);
  }
  if (args.length === 0) return undefined;
  const start = model.document.offsetAt(args[0].getRange().start);
  const end = model.document.offsetAt(args.at(-1)!.getRange().end);
  const escape = model.escapeChar.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  const text = model.document.getText().slice(start, end).replace(new RegExp(`${escape}[ \\t]*\\r?\\n(\\s*#[^\\n]*\\n)*`, 'g'), '');
  return { start, end, text };
}

/** The JSON array of an exec-form instruction; undefined for the shell form (Docker falls back to it on bad JSON). */
export function execForm(command: CommandText): string[] | undefined {
  if (!command.text.trimStart().startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(command.text);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Characters that make the shell do something an exec-form array would not: expansion, redirection, lists, globs. */
const SHELL_SYNTAX = /[$`|&;<>(){}*?[\]~!#\\]/;

/**
 * The words of a shell-form command that means the same as an exec-form array: one plain command, with quotes
 * at most. `exec` in front is dropped (it only replaces the shell). Undefined when the shell does more.
 */
export function plainWords(model: DockerfileModel, command: CommandText): { words: string[]; exec: boolean } | undefined {
  if (SHELL_SYNTAX.test(command.text)) return undefined;
  const commands = splitCommands(model.document.getText(), command.start, command.end, { escapeChar: model.escapeChar });
  if (commands.length !== 1 || commands[0].assignments.length > 0) return undefined;
  const first = /^\s*(\S+)/.exec(command.text)?.[1];
  // The splitter skips leading keywords (`if`, `time`, `exec`); only `exec` keeps the meaning.
  const exec = first === 'exec';
  if (!exec && first !== commands[0].argv[0]?.value && !commands[0].argv[0]?.quoted) return undefined;
  return { words: commands[0].argv.map((w: Word) => w.value), exec };
}

/** True when the last command of a shell-form script is started with `exec` (it then replaces the shell). */
export function execsLast(model: DockerfileModel, command: CommandText): boolean {
  const commands = splitCommands(model.document.getText(), command.start, command.end, { escapeChar: model.escapeChar });
  const last = commands.at(-1);
  if (!last) return false;
  if (last.argv[0]?.value === 'exec' && !last.argv[0].quoted) return true;
  const before = model.document.getText().slice(command.start, last.start);
  return /(^|[\s;&|(])exec\s+$/.test(before);
}

/** `["/app", "--port", "8080"]`. */
export function jsonArray(words: string[]): string {
  return `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;
}

/**
 * Deletes words of a shell command (a flag and its value) with the blank before them; when they fill a
 * continuation line, the line goes, keeping the continuations of the lines around it intact.
 */
export function removeWords(model: DockerfileModel, words: Word[]): TextEdit {
  const text = model.document.getText();
  const start = words[0].start;
  const end = words.at(-1)!.end;
  const escape = model.escapeChar.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&');
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  if (lineStart > 0 && /^[ \t]*$/.test(text.slice(lineStart, start))) {
    const continued = new RegExp(`^[ \\t]*${escape}[ \\t]*\\r?\\n`).exec(text.slice(end));
    if (continued) return { range: model.range(lineStart, end + continued[0].length), newText: '' };
    // The instruction's last line: the continuation that led to it goes with it.
    const led = new RegExp(`[ \\t]*${escape}[ \\t]*\\r?\\n$`).exec(text.slice(0, lineStart));
    if (led) return { range: model.range(led.index, end), newText: '' };
  }
  let from = start;
  while (from > 0 && (text[from - 1] === ' ' || text[from - 1] === '\t')) from--;
  return { range: model.range(from, end), newText: '' };
}
