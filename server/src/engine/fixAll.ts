/**
 * "Fix all" as one action, for the editor's fix-all (on save too) and `godock lint --fix`: every preferred
 * fix, then the fixes the result asks for, until nothing is left to fix (at most MAX_PASSES, as
 * `eslint --fix` does). One rule's fix can make another speak (DF005's new `RUN go mod download` then wants
 * DF006's cache mount); the user asked once and gets the end state, not a first step.
 */
import * as nodePath from 'node:path';
import { diffLines } from 'diff';
import type { TextEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { FileSystem } from '../model/workspace';
import { applyEdits, applyFileChanges, combineFixes, type Changes } from './edits';
import type { Analysis } from './lint';
import type { FileChange, Fix } from './rule';

const MAX_PASSES = 10;

export interface FixAllResult {
  /** The analysis of the fixed text. */
  analysis: Analysis;
  /** Other files the fixes created or changed: absolute path → new text. */
  files: Map<string, string>;
}

export function preferredFixes(analysis: Analysis): Fix[] {
  return analysis.reports.map((r) => r.fix()).filter((f): f is Fix => f?.preferred === true);
}

/**
 * Applies the preferred fixes pass after pass. `relint` analyses a text of the same document with the
 * project as it is after the passes so far (`files` over what `read` gives).
 */
export function fixAll(
  first: Analysis,
  read: (path: string) => string | undefined,
  relint: (text: string, files: ReadonlyMap<string, string>) => Analysis,
): FixAllResult {
  let analysis = first;
  const files = new Map<string, string>();
  const current = (path: string) => files.get(path) ?? read(path);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const fixes = preferredFixes(analysis);
    if (fixes.length === 0) break;
    const changes = combineFixes(analysis.model.document, fixes);
    applyFileChanges(changes.files, current, (path, text) => files.set(path, text));
    const text = applyEdits(analysis.model.document, changes.edits);
    if (text === analysis.model.document.getText() && changes.files.length === 0) break;
    analysis = relint(text, files);
  }
  return { analysis, files };
}

/** A file system that sees the fixed files over another one (new files are listed in their folders too). */
export function withFiles(base: FileSystem, files: ReadonlyMap<string, string>): FileSystem {
  return {
    readFile: (path) => files.get(path) ?? base.readFile(path),
    readDir(path) {
      const entries = base.readDir(path);
      const added = [...files.keys()]
        .filter((file) => nodePath.dirname(file) === path)
        .map((file) => nodePath.basename(file))
        .filter((name) => !entries.some((e) => e.name === name));
      return added.length === 0 ? entries : [...entries, ...added.map((name) => ({ name, directory: false }))];
    },
  };
}

/**
 * The result as edits on the texts the editor holds: only the lines that differ are replaced, so markers,
 * folds and the undo stack of untouched lines stay as they were.
 */
export function fixAllChanges(document: TextDocument, result: FixAllResult, read: (path: string) => string | undefined): Changes {
  const files: FileChange[] = [...result.files].map(([path, text]) => {
    const before = read(path);
    return before === undefined ? { path, create: text } : { path, edits: lineEdits(before, text) };
  });
  return { edits: lineEdits(document.getText(), result.analysis.model.document.getText()), files };
}

function lineEdits(before: string, after: string): TextEdit[] {
  // Positions from offsets: diffLines cuts at \n only, while a lone \r also ends a line for LSP.
  const document = TextDocument.create('file:///before', 'plaintext', 0, before);
  const edits: TextEdit[] = [];
  let offset = 0;
  let pending: { start: number; end: number; newText: string } | undefined;
  const flush = () => {
    if (pending) edits.push({ range: { start: document.positionAt(pending.start), end: document.positionAt(pending.end) }, newText: pending.newText });
    pending = undefined;
  };
  for (const part of diffLines(before, after)) {
    if (!part.added && !part.removed) {
      flush();
      offset += part.value.length;
      continue;
    }
    pending ??= { start: offset, end: offset, newText: '' };
    if (part.removed) pending.end = offset += part.value.length;
    else pending.newText += part.value;
  }
  flush();
  return edits;
}
