/**
 * Re-parsing only what a keystroke touched. A Dockerfile is a sequence of instructions and comments, each
 * ending at a line break where the parser is back at the top level, so after an edit that keeps the number
 * of lines, every instruction outside the edited lines parses as before. dockerfile-ast has no incremental
 * mode; this reuses its instructions from the previous parse and asks it to parse only the edited window,
 * which the result of a full parse of the new text then equals (test/fuzz/reparse.fuzz.test.ts checks that
 * on generated Dockerfiles and edits, test/model/dockerfileReparse.test.ts on examples).
 */
import { DockerfileParser, type Comment, type Instruction } from 'dockerfile-ast';
import { Util } from 'dockerfile-ast/lib/util';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';

export type Ast = ReturnType<typeof DockerfileParser.parse>;

export interface Parsed {
  text: string;
  ast: Ast;
  document: TextDocument;
}

/**
 * Ends the window a parse is asked for: a line the parser takes as an instruction of its own only when
 * the window's last instruction is complete (a continuation or an open heredoc swallows it). It cannot
 * close a heredoc: a text that holds NUL is parsed whole (and Godock does not lint such files).
 */
const SENTINEL = '\0';

/** Past this share of the file, one parse of the whole text is as cheap as the window. */
const MAX_WINDOW_SHARE = 0.5;

/** The instructions before the first FROM, or a build stage (dockerfile-ast's ImageTemplate, as it is at run time). */
interface Section {
  getRange(): Range;
  addComment(comment: Comment): void;
}

type Item = { kind: 'instruction'; node: Instruction; start: number; end: number } | { kind: 'comment'; node: Comment; start: number; end: number };

/** The parse of `text` made from `previous` and a parse of the lines that changed, or undefined when it cannot be. */
export function reparse(previous: Parsed, text: string, document: TextDocument, parse: (text: string) => Ast): Ast | undefined {
  if (text.includes(SENTINEL)) return undefined;
  const old = previous.text;
  let prefix = 0;
  const shorter = Math.min(old.length, text.length);
  while (prefix < shorter && old.charCodeAt(prefix) === text.charCodeAt(prefix)) prefix++;
  if (prefix === old.length && prefix === text.length) return previous.ast;
  let suffix = 0;
  while (suffix < shorter - prefix && old.charCodeAt(old.length - 1 - suffix) === text.charCodeAt(text.length - 1 - suffix)) suffix++;

  if (document.lineCount !== previous.document.lineCount) return undefined;
  const first = document.positionAt(prefix).line;
  const last = document.positionAt(text.length - suffix).line;
  // The lines after the edit hold the same text at the same line numbers (a CR LF split by the edit does not).
  const delta = text.length - old.length;
  if (last + 1 < document.lineCount && document.offsetAt({ line: last + 1, character: 0 }) - previous.document.offsetAt({ line: last + 1, character: 0 }) !== delta) return undefined;
  // The directives, and the line after them that could become one, are read before any instruction.
  const directives = previous.ast.getDirectives();
  if (first <= directives.length) return undefined;

  const items = itemsOf(previous.ast);
  let from = first;
  let to = last;
  for (const item of items) {
    if (item.end < first || item.start > last) continue;
    from = Math.min(from, item.start);
    to = Math.max(to, item.end);
  }
  for (;;) {
    if (to - from + 1 > MAX_WINDOW_SHARE * document.lineCount) return undefined;
    const window = parseWindow(text, document, directives.length, from, to, parse);
    if (window) return assemble(previous.ast, document, items, from, to, window);
    // The window's last instruction runs on (a continuation, a heredoc): take in the next item of the old parse.
    const next = items.find((item) => item.start > to);
    if (!next) return undefined;
    to = next.end;
  }
}

function itemsOf(ast: Ast): Item[] {
  const items: Item[] = [];
  for (const node of ast.getInstructions()) {
    const range = node.getRange();
    items.push({ kind: 'instruction', node, start: range.start.line, end: range.end.line });
  }
  for (const node of ast.getComments()) items.push({ kind: 'comment', node, start: node.getRange().start.line, end: node.getRange().end.line });
  return items.sort((a, b) => a.start - b.start);
}

/**
 * Parses lines `from`..`to` of the text where they stand (the lines above them blank, after the directives, so
 * that positions and the escape character are the file's), or undefined when the last instruction is not
 * complete within them.
 */
function parseWindow(text: string, document: TextDocument, directiveLines: number, from: number, to: number, parse: (text: string) => Ast): Ast | undefined {
  const head = text.slice(0, document.offsetAt({ line: directiveLines, character: 0 }));
  const body = text.slice(document.offsetAt({ line: from, character: 0 }), lineEnd(text, document, to));
  const window = parse(`${head}${'\n'.repeat(from - directiveLines)}${body}\n${SENTINEL}`);
  const instructions = window.getInstructions();
  const sentinel = instructions.at(-1);
  if (!sentinel || sentinel.getInstruction() !== SENTINEL || sentinel.getRange().start.line !== to + 1) return undefined;
  return window;
}

/** The offset of the end of a line, before its line break. */
function lineEnd(text: string, document: TextDocument, line: number): number {
  if (line + 1 >= document.lineCount) return text.length;
  let end = document.offsetAt({ line: line + 1, character: 0 });
  if (text[end - 1] === '\n') end--;
  if (text[end - 1] === '\r') end--;
  return end;
}

/** The new parse: the old items above and below the window, the window's items between, in text order. */
function assemble(previous: Ast, document: TextDocument, items: Item[], from: number, to: number, window: Ast): Ast {
  const Dockerfile = previous.constructor as new (document: TextDocument) => Ast & {
    setDirectives(directives: unknown[]): void;
    addInstruction(instruction: Instruction): void;
    addComment(comment: Comment): void;
    initialInstructions: Section;
    buildStages: Section[];
  };
  const ast = new Dockerfile(document);
  ast.setDirectives(previous.getDirectives());
  // An instruction reads the text through its document and resolves variables through its Dockerfile.
  const adopt = (instruction: Instruction) => Object.assign(Object.create(Object.getPrototypeOf(instruction)), instruction, { document, dockerfile: ast }) as Instruction;
  const windowInstructions = window.getInstructions().slice(0, -1);
  const before = items.filter((item) => item.end < from);
  const after = items.filter((item) => item.start > to);
  for (const item of before) if (item.kind === 'comment') ast.addComment(item.node);
  // The window's text above `from` is directives and blank lines: every comment it has is the window's own.
  for (const comment of window.getComments()) ast.addComment(comment);
  for (const item of after) if (item.kind === 'comment') ast.addComment(item.node);
  for (const item of before) if (item.kind === 'instruction') ast.addInstruction(adopt(item.node));
  for (const instruction of windowInstructions) ast.addInstruction(adopt(instruction));
  for (const item of after) if (item.kind === 'instruction') ast.addInstruction(adopt(item.node));
  organizeComments(ast);
  return ast;
}

/**
 * dockerfile-ast's organizeComments (which gives each stage the comments inside it), with each stage's range
 * worked out once instead of once per comment and stage: that was a fifth of a re-parse of 400 lines. A
 * stage's range spans its instructions only, so giving it comments does not move it.
 */
function organizeComments(ast: { getComments(): Comment[]; initialInstructions: Section; buildStages: Section[] }): void {
  const initial = ast.initialInstructions;
  const initialRange = initial.getRange();
  const stages = ast.buildStages.map((stage) => ({ stage, range: stage.getRange() }));
  for (const comment of ast.getComments()) {
    const range = comment.getRange();
    if (Util.isInsideRange(range.end, initialRange)) initial.addComment(comment);
    else for (const { stage, range: stageRange } of stages) if (Util.isInsideRange(range.start, stageRange)) stage.addComment(comment);
  }
}
