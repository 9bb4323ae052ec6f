import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import type { Fix } from './rule';

type Span = { start: number; end: number };

/**
 * The edits of several fixes as one list, for "fix all" and `--fix`. A fix is taken whole or not at all:
 * one that touches text another fix already edits waits for the next pass (fixes are re-computed on the result).
 */
export function combineFixes(document: TextDocument, fixes: Fix[]): TextEdit[] {
  const taken: Span[] = [];
  const edits: TextEdit[] = [];
  const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end || (a.start === b.start && (a.start === a.end || b.start === b.end));
  for (const fix of fixes) {
    const spans = fix.edits.map((e) => ({ start: document.offsetAt(e.range.start), end: document.offsetAt(e.range.end) }));
    if (spans.some((s) => taken.some((t) => overlaps(s, t)))) continue;
    taken.push(...spans);
    edits.push(...fix.edits);
  }
  return edits;
}

export function applyEdits(document: TextDocument, edits: TextEdit[]): string {
  return TextDocument.applyEdits(document, edits);
}
