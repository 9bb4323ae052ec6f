/** Text-edit helpers shared by the fixes of several rules. */
import { Add, Copy, Onbuild, Run, type Heredoc } from 'dockerfile-ast';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import type { ShellCommand } from '../model/shell';
import type { DockerfileModel } from '../model/types';

/**
 * An ENV or ARG value written so Docker reads it back as given; undefined for a value with a line break (neither
 * can hold one). Blanks, quotes, `$`, backslashes and backticks need double quotes (`*` does not); inside them `"`
 * and the file's escape character (`# escape=\``) are escaped with that character, any other backslash or backtick
 * is kept as it is, and `$` stays a variable reference.
 */
export function envValue(value: string, escape: string): string | undefined {
  if (/[\r\n]/.test(value)) return undefined;
  if (value !== '' && !/[\s"'$\\`]/.test(value)) return value;
  return `"${value.replace(/["\\`]/g, (ch) => (ch === '"' || ch === escape ? escape + ch : ch))}"`;
}

/** The leading whitespace of a line. */
export function lineIndent(document: TextDocument, line: number): string {
  const text = document.getText({ start: { line, character: 0 }, end: { line: line + 1, character: 0 } });
  return /^[ \t]*/.exec(text)![0];
}

/**
 * True when the file ends inside a heredoc that is never closed or after a line continuation: a line added
 * at the end would be read as part of the last instruction.
 */
export function endsOpen(model: DockerfileModel): boolean {
  const last = model.ast.getInstructions().at(-1);
  if (!last) return false;
  // RUN, COPY and ADD take heredocs, also as an ONBUILD trigger (ADD's reader is protected in dockerfile-ast's
  // types, public at run time); a delimiter line with trailing blanks does not close one.
  const instruction = last instanceof Onbuild ? (last.getTriggerInstruction() ?? last) : last;
  const takesHeredocs = instruction instanceof Run || instruction instanceof Copy || instruction instanceof Add;
  const heredocs = takesHeredocs ? (instruction as unknown as { getHeredocs(): Heredoc[] }).getHeredocs() : [];
  if (heredocs.some((h) => h.getDelimiterRange() === null)) return true;
  // Comment and blank lines inside a continuation are skipped (Docker's reading): a continuation followed by
  // only those to the end of the file still joins whatever comes next.
  const rest = model.document.getText().slice(model.document.offsetAt(last.getRange().start));
  const lines = rest.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
  return (lines.at(-1) ?? '').trimEnd().endsWith(model.escapeChar);
}

/**
 * Deletes some commands of a RUN together with the separator that joined each to its neighbour
 * (`a && b && c` minus `b` is `a && c`), keeping the continuation lines of the rest untouched. Undefined when
 * that would delete more than the commands and what joined them: a heredoc operator whose body would stay
 * behind as instructions, or the quote closing an `sh -c '…'` script (a fix then offers nothing rather than
 * a broken file).
 */
export function removeCommands(model: DockerfileModel, all: ShellCommand[], removed: ShellCommand[]): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  let i = 0;
  while (i < all.length) {
    if (!removed.includes(all[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < all.length && removed.includes(all[j + 1])) j++;
    // A run of removed commands: drop it with the separator before it, or after it when it leads.
    const [start, end] = i > 0 ? [all[i - 1].end, all[j].end] : [all[i].start, all[j + 1]?.start ?? all[j].end];
    edits.push({ range: model.range(start, end), newText: '' });
    i = j + 1;
  }
  return removesOnlyCommands(model, removed, edits) ? edits : undefined;
}

/**
 * True when edits delete nothing but the removed commands' words and what joined them (blanks, `&&`, `;`,
 * `|`, line continuations and the comment lines inside them).
 */
function removesOnlyCommands(model: DockerfileModel, removed: ShellCommand[], edits: TextEdit[]): boolean {
  const text = model.document.getText();
  const words = removed.flatMap((c) => [...c.assignments.map((a) => a.word), ...c.argv]).sort((a, b) => a.start - b.start);
  return edits.every(({ range }) => {
    let at = model.document.offsetAt(range.start);
    const end = model.document.offsetAt(range.end);
    let rest = '';
    for (const word of words) {
      if (word.end <= at || word.start >= end) continue;
      rest += text.slice(at, word.start);
      at = word.end;
    }
    rest += text.slice(at, end);
    return /^[\s;&|]*$/.test(rest.replace(/^[ \t]*#.*$/gm, '').replaceAll(model.escapeChar, ''));
  });
}
