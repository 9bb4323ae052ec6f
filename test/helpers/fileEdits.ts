/** Checks a cross-file fix (`Fix.files`) the way expectMinimalFix checks one on the document itself. */
import { expect } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Fix } from '../../server/src/engine/rule';

/**
 * Applies the edits a fix makes to another file and returns the new text, after checking that every line
 * the edits do not touch comes out unchanged and in order.
 */
export function applyFileFix(fix: Fix | undefined, path: string, before: string): string {
  const change = fix?.files?.find((f) => f.path === path);
  expect(change && 'edits' in change, `the fix edits ${path}`).toBe(true);
  const edits = (change as { edits: import('vscode-languageserver-types').TextEdit[] }).edits;
  const touched = new Set(edits.flatMap((e) => Array.from({ length: e.range.end.line - e.range.start.line + 1 }, (_, i) => e.range.start.line + i)));
  const after = TextDocument.applyEdits(TextDocument.create('file:///x', 'plaintext', 0, before), edits);
  const kept = before.split('\n').filter((_, i) => !touched.has(i));
  const lines = after.split('\n');
  let j = 0;
  for (const line of kept) {
    while (j < lines.length && lines[j] !== line) j++;
    expect(j < lines.length, `line ${JSON.stringify(line)} of ${path} was changed or moved`).toBe(true);
    j++;
  }
  return after;
}
