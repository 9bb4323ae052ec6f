/** Generated edits to a Dockerfile: what a user types or pastes somewhere in it. */
import fc from 'fast-check';

/** Keystrokes and pastes that change what an instruction is: continuations, heredocs, comments, quotes, new instructions. */
const typed = fc.constantFrom('', 'a', 'Z', ' ', '\t', '\\', '`', '#', '"', "'", '$', '${', '}', '<<EOF', 'EOF', '<<-X', '\n', '\r\n', '\r', 'RUN ', 'FROM x AS y', '[', '"]', '=', 'é', '--mount=type=cache,target=/go/pkg/mod ', 'ONBUILD ');

export interface Edit {
  /** Where, in thousandths of the text: fast-check's doubles crowd near 0, the first line, where nothing is re-used. */
  at: number;
  remove: number;
  insert: string;
}

export const edit: fc.Arbitrary<Edit> = fc.record({ at: fc.integer({ min: 0, max: 1000 }), remove: fc.nat(4), insert: typed });

export function applyEdit(text: string, { at, remove, insert }: Edit): string {
  const start = Math.floor((at / 1000) * text.length);
  return text.slice(0, start) + insert + text.slice(Math.min(text.length, start + remove));
}
