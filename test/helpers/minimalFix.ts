/** Checks that a rule's fix is a minimal edit: every line its edits do not touch comes out unchanged, in order. */
import { expect } from 'vitest';
import { applyEdits } from '../../server/src/engine/edits';
import { lintText, type LintTextOptions } from './lint';

/** Applies the fix of each finding of `ruleId` in turn (one per lint pass) and returns the final text. */
export function expectMinimalFix(text: string, options: LintTextOptions, ruleId: string): string {
  for (let pass = 0; pass < 10; pass++) {
    const analysis = lintText(text, options);
    const fix = analysis.reports.find((r) => r.id === ruleId && r.fix())?.fix();
    if (!fix) return text;
    const touched = new Set<number>();
    for (const edit of fix.edits) {
      for (let line = edit.range.start.line; line <= edit.range.end.line; line++) touched.add(line);
    }
    // A deletion that ends at column 0 of the next line leaves that line alone.
    for (const edit of fix.edits) if (edit.range.end.character === 0 && edit.range.end.line > edit.range.start.line) touched.delete(edit.range.end.line);
    const kept = text.split('\n').filter((_, i) => !touched.has(i));
    const next = applyEdits(analysis.model.document, fix.edits);
    const after = next.split('\n');
    let j = 0;
    for (const line of kept) {
      while (j < after.length && after[j] !== line) j++;
      expect(j < after.length, `line ${JSON.stringify(line)} was changed or moved by ${fix.title}`).toBe(true);
      j++;
    }
    // Every changed line is one the edits touched or wrote.
    expect(after.length - kept.length).toBeLessThanOrEqual(touched.size + fix.edits.reduce((n, e) => n + e.newText.split('\n').length, 0));
    if (next === text) return text;
    text = next;
  }
  throw new Error('fixes did not converge in 10 passes');
}
