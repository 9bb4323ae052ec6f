import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import type { FileChange, Fix } from './rule';

type Span = { start: number; end: number };

/** The edits of one or more fixes: on the document itself and on other files. */
export interface Changes {
  edits: TextEdit[];
  files: FileChange[];
}

/**
 * The edits of several fixes as one change, for "fix all" and `--fix`. A fix is taken whole or not at all:
 * one that touches text (or another file) a taken fix already changes waits for the next pass, where fixes
 * are computed again on the result.
 */
export function combineFixes(document: TextDocument, fixes: Fix[]): Changes {
  const taken: Span[] = [];
  const takenFiles = new Set<string>();
  const combined: Changes = { edits: [], files: [] };
  const overlaps = (a: Span, b: Span) => (a.start < b.end && b.start < a.end) || (a.start === b.start && (a.start === a.end || b.start === b.end));
  for (const fix of fixes) {
    const spans = fix.edits.map((e) => ({ start: document.offsetAt(e.range.start), end: document.offsetAt(e.range.end) }));
    const files = fix.files ?? [];
    if (spans.some((s) => taken.some((t) => overlaps(s, t))) || files.some((f) => takenFiles.has(f.path))) continue;
    taken.push(...spans);
    files.forEach((f) => takenFiles.add(f.path));
    combined.edits.push(...fix.edits);
    combined.files.push(...files);
  }
  return combined;
}

export function applyEdits(document: TextDocument, edits: TextEdit[]): string {
  return TextDocument.applyEdits(document, edits);
}

/** The LSP form: plain `changes` when only the document changes, `documentChanges` with file creation otherwise. */
export function toWorkspaceEdit(uri: string, version: number, changes: Changes): WorkspaceEdit {
  if (changes.files.length === 0) return { changes: { [uri]: changes.edits } };
  return {
    documentChanges: [
      { textDocument: { uri, version }, edits: changes.edits },
      ...changes.files.flatMap((file) => {
        const fileUri = pathToFileURL(file.path).toString();
        if ('create' in file) {
          const start = { line: 0, character: 0 };
          return [
            { kind: 'create' as const, uri: fileUri, options: { ignoreIfExists: true } },
            { textDocument: { uri: fileUri, version: null }, edits: [{ range: { start, end: start }, newText: file.create }] },
          ];
        }
        return [{ textDocument: { uri: fileUri, version: null }, edits: file.edits }];
      }),
    ],
  };
}

/** Applies the changes to other files on disk (the CLI's `--fix`); `read` gives their current text. */
export function applyFileChanges(files: FileChange[], read: (path: string) => string | undefined, write: (path: string, text: string) => void): void {
  for (const file of files) {
    if ('create' in file) {
      if (read(file.path) === undefined) write(file.path, file.create);
      continue;
    }
    const text = read(file.path);
    if (text !== undefined) write(file.path, TextDocument.applyEdits(TextDocument.create('file:///', 'plaintext', 0, text), file.edits));
  }
}
