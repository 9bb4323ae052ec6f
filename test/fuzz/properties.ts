/**
 * What must hold for every input the fuzzers make: the engine does not throw, one document is linted within
 * the time budget, every fix is a minimal, parseable, idempotent edit that removes its finding, and
 * "fix all" converges in one pass.
 */
import * as nodePath from 'node:path';
import { applyEdits, applyFileChanges, combineFixes } from '../../server/src/engine/edits';
import type { Analysis, Report } from '../../server/src/engine/lint';
import type { Fix } from '../../server/src/engine/rule';
import type { TextEdit } from 'vscode-languageserver-types';
import { fixAllText, lintText, ROOT, type LintTextOptions } from '../helpers/lint';

/** One generated input: a document (path relative to the project) and the project around it. */
export interface FuzzCase {
  path: string;
  text: string;
  files: Record<string, string>;
}

/** Per document, parse and lint together (the size cap keeps bigger inputs out of the engine). */
export const BUDGET_MS = 50;

export class PropertyError extends Error {}

function fail(message: string, text?: string): never {
  throw new PropertyError(text === undefined ? message : `${message}\n--- text ---\n${text}`);
}

/**
 * Lints and measures. A run over budget is measured once more, and only a second slow run fails: a garbage
 * collection, first-time code or a busy neighbour on a shared machine can stall one run.
 */
export function timedLint(text: string, options: LintTextOptions): Analysis {
  // CPU time of this process, not wall time: other processes on a loaded machine do not count against it.
  const measure = () => {
    const start = process.cpuUsage();
    const analysis = lintText(text, options);
    const used = process.cpuUsage(start);
    return { analysis, elapsed: (used.user + used.system) / 1000 };
  };
  let run = measure();
  // A first slow run may be code running for the first time (a schema compiled once per process): warm, measure again.
  if (run.elapsed > BUDGET_MS) run = measure();
  if (run.elapsed > BUDGET_MS) fail(`linting took ${run.elapsed.toFixed(1)} ms of CPU (budget ${BUDGET_MS} ms), twice`, text);
  return run.analysis;
}

const isSyntaxError = (r: Report) => (r.id === 'yaml-syntax' || r.id === 'toml-syntax' || r.source === 'dockerfile-utils') && r.severity === 'error';

/** Every property for one input; throws a PropertyError naming the broken one. */
export function checkCase(input: FuzzCase): void {
  const options = (): LintTextOptions => ({ path: input.path, files: { ...input.files } });
  let analysis: Analysis;
  try {
    analysis = timedLint(input.text, options());
  } catch (error) {
    if (error instanceof PropertyError) throw new PropertyError(`${input.path}: ${error.message}`);
    throw error;
  }
  const internal = analysis.reports.find((r) => r.id === 'internal-error');
  if (internal) fail(`the engine failed: ${internal.message}`, input.text);
  for (const report of analysis.reports) {
    const fix = report.fix();
    if (fix) checkFix(input, analysis, report, fix, options);
  }
  checkFixAll(input, analysis, options);
}

function checkFix(input: FuzzCase, analysis: Analysis, report: Report, fix: Fix, options: () => LintTextOptions): void {
  const document = analysis.model.document;
  const where = `${report.id} fix "${fix.title}" for "${report.message}"`;
  let next: string;
  try {
    next = applyEdits(document, fix.edits);
  } catch (error) {
    fail(`${where}: its edits cannot be applied (${(error as Error).message})`, input.text);
  }
  expectOnlyEditedLinesChange(input.text, next, fix, document, where);
  const after = lintText(next, { ...options(), files: withFileChanges(input.files, fix) });
  const count = (a: Analysis, keep: (r: Report) => boolean) => a.reports.filter(keep).length;
  // A YAML or TOML file that does not parse gets best-effort fixes: error recovery may read the rest anyhow. So
  // does a compose file with a key twice in a mapping: Compose refuses it, and a fix edits one of the two.
  const duplicateKey = (r: Report) => r.id === 'DC014' && r.message.includes('twice; Compose refuses duplicate keys');
  if (analysis.model.kind !== 'dockerfile' && (count(analysis, isSyntaxError) > 0 || count(analysis, duplicateKey) > 0)) return;
  // Docker's own checks (dockerfile-utils) find no new error in a fixed Dockerfile.
  if (count(after, isSyntaxError) > count(analysis, isSyntaxError)) {
    fail(`${where}: the fixed text has a new syntax error: ${after.reports.find(isSyntaxError)?.message}`, next);
  }
  // The same rule may well speak again about the fixed text, with another message (the next step); not with this one.
  const same = (r: Report) => r.id === report.id && r.message === report.message;
  if (count(after, same) >= count(analysis, same)) {
    fail(`${where}: the finding is still there after the fix`, next);
  }
  // Idempotent: the fixed text is not offered this fix again (applying it again would change the text). Fixes
  // are told apart by title and the text they replace and write. Two findings may share such a fix (a port
  // listed twice: one fewer is enough), and another line may need the same change (a second RUN: it keeps its
  // own, somewhere else than where the fixed lines moved to); offered again is neither.
  const here = (l: number) => l;
  const offered = (a: Analysis, signature: string, placed = false) =>
    a.reports.filter((r) => r.fix() && fixSignature(r.fix()!, a, placed ? here : undefined) === signature).length;
  const asMany = offered(after, fixSignature(fix, analysis)) >= offered(analysis, fixSignature(fix, analysis));
  const samePlace = offered(after, fixSignature(fix, analysis, movedLine(fix.edits)), true) > 0;
  if (asMany && samePlace) fail(`${where}: the same fix is offered again after applying it`, next);
}

/** Where a line of the text before some edits is after them. */
function movedLine(edits: TextEdit[]): (line: number) => number {
  return (line) =>
    edits.filter((e) => e.range.end.line < line).reduce((at, e) => at + e.newText.split('\n').length - 1 - (e.range.end.line - e.range.start.line), line);
}

/** A fix's title and the text it replaces and writes; with `line`, where (the edits' lines, mapped). */
function fixSignature(fix: Fix, analysis: Analysis, line?: (l: number) => number): string {
  const document = analysis.model.document;
  const edits = fix.edits.map((e) => `${line ? `${line(e.range.start.line)}:` : ''}${document.getText(e.range)}→${e.newText}`).sort();
  const files = (fix.files ?? []).map((f) => `${f.path}:${'create' in f ? f.create : JSON.stringify(f.edits)}`);
  return [fix.title, ...edits, ...files].join('\0');
}

/** The project after a fix's changes to other files (a created .dockerignore, an edited go.mod). */
function withFileChanges(files: Record<string, string>, fix: Fix): Record<string, string> {
  const next = { ...files };
  const relative = (path: string) => nodePath.relative(ROOT, path);
  applyFileChanges(fix.files ?? [], (path) => next[relative(path)], (path, text) => (next[relative(path)] = text));
  return next;
}

/**
 * Every line no edit touches comes out unchanged and in order: the text is cut into the blocks of whole
 * lines between edited lines, and each block must appear, in order, in the result (the first as its
 * prefix, the last as its suffix).
 */
function expectOnlyEditedLinesChange(before: string, after: string, fix: Fix, document: Analysis['model']['document'], where: string): void {
  const lineStart = (line: number) => document.offsetAt({ line, character: 0 });
  const spans = fix.edits
    .map((e) => ({
      start: lineStart(e.range.start.line),
      // A deletion that ends at column 0 of the next line leaves that line alone.
      end: e.range.end.character === 0 && e.range.end.line > e.range.start.line ? lineStart(e.range.end.line) : lineStart(e.range.end.line + 1),
    }))
    .sort((a, b) => a.start - b.start);
  const blocks: string[] = [];
  let cursor = 0;
  for (const span of spans) {
    if (span.start > cursor) blocks.push(before.slice(cursor, span.start));
    cursor = Math.max(cursor, span.end);
  }
  const tail = before.slice(cursor);
  if (spans.length > 0 && spans[0].start > 0 && !after.startsWith(blocks[0])) fail(`${where}: changed a line before its edits`, after);
  if (!after.endsWith(tail)) fail(`${where}: changed a line after its edits`, after);
  let at = 0;
  for (const block of blocks) {
    const found = after.indexOf(block, at);
    if (found < 0) fail(`${where}: changed or moved a line it does not edit: ${JSON.stringify(block.slice(0, 80))}`, after);
    at = found + block.length;
  }
}

/**
 * "Fix all": each rule's own fixes converge in one pass (the "Fix all DF004 problems" action), and the
 * engine's fix-all (the editor's, on save too, and `--fix`) leaves nothing to fix in one action. Inside it a
 * fix of one rule may make another speak (DF005 adds a `RUN go mod download` that DF006 then wants a cache
 * mount on): the action lints its result again until nothing is left, so the user never has to ask twice.
 */
function checkFixAll(input: FuzzCase, analysis: Analysis, options: () => LintTextOptions): void {
  const preferred = analysis.reports.filter((r) => r.fix()?.preferred);
  const lintWith = (text: string, files: Record<string, string>) => lintText(text, { ...options(), files });
  for (const id of new Set(preferred.map((r) => r.id))) {
    const fixes = preferred.filter((r) => r.id === id).map((r) => r.fix()!);
    if (fixes.length < 2) continue;
    const { text, files, deferred } = applyAll(analysis, fixes, input.files);
    // An overlapping fix waits for the next pass by design (combineFixes).
    const left = lintWith(text, files).reports.filter((r) => r.id === id && r.fix()?.preferred);
    if (!deferred && left.length > 0) fail(`fix all ${id} did not converge in one pass: ${left.map((r) => r.fix()!.title).join('; ')} left`, text);
  }
  if (preferred.length === 0) return;
  const files = { ...input.files };
  const { changes } = fixAllText(input.text, { ...options(), files });
  const text = applyEdits(analysis.model.document, changes.edits);
  expectOnlyEditedLinesChange(input.text, text, { title: 'fix all', edits: changes.edits }, analysis.model.document, 'fix all');
  const left = lintWith(text, files).reports.filter((r) => r.fix()?.preferred);
  if (left.length > 0) fail(`fix all left fixes to do after one action: ${left.map((r) => `${r.id} "${r.fix()!.title}"`).join('; ')}`, text);
}

function applyAll(analysis: Analysis, fixes: Fix[], files: Record<string, string>): { text: string; files: Record<string, string>; deferred: boolean } {
  const changes = combineFixes(analysis.model.document, fixes);
  const deferred = changes.edits.length < fixes.reduce((n, f) => n + f.edits.length, 0) || changes.files.length < fixes.reduce((n, f) => n + (f.files?.length ?? 0), 0);
  return { text: applyEdits(analysis.model.document, changes.edits), files: withFileChanges(files, { title: '', edits: [], files: changes.files }), deferred };
}
