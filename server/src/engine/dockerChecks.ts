/**
 * Docker's own checks (dockerfile-utils' validator), re-run on a keystroke only for the instructions it
 * changed. The validator checks the file as a whole (directives, duplicate stage names, one CMD per stage…)
 * and then each instruction on its own; that per-instruction part was most of its time. An instruction
 * without a variable is checked from its own lines only, so its problems are those it had the last time
 * the same lines were checked, moved to where the lines are now. An instruction with a `$` is checked
 * every time: its variables resolve through the ARGs and ENVs above it. The whole-file part still runs
 * on every edit. test/fuzz/dockerChecks.fuzz.test.ts checks the result against the validator run whole.
 */
import type { Instruction } from 'dockerfile-ast';
import { Validator } from 'dockerfile-utils/lib/dockerValidator';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { EditMemo } from '../model/editMemo';

/** A validator problem: an LSP diagnostic and the line of the instruction it belongs to (for its ignore comment). */
type Problem = Diagnostic & { instructionLine: number | null };

/** The problems of one check of one instruction, and the line the instruction started on when it was checked. */
interface Checked {
  line: number;
  problems: Problem[];
}

/** The instruction checks dockerfile-utils runs one instruction at a time (private in its types, methods at run time). */
interface InstructionChecks {
  validateInstruction(document: TextDocument, escapeChar: string, instruction: Instruction, keyword: string, isTrigger: boolean, problems: Problem[]): void;
  checkVariables(instruction: Instruction, problems: Problem[]): void;
}

/** The checked instructions of the document edited last, by escape character, trigger or not, and lines. */
const checkedBefore = new EditMemo<Checked>();

/**
 * dockerfile-utils' diagnostics for a Dockerfile (its uri names the earlier checks that may be reused). Should
 * dockerfile-ast's variable lookup recurse without end again (model/dockerfileAst.ts mends the one case known),
 * the file gets the Godock rules without these checks rather than no diagnostics at all.
 */
export function dockerChecks(document: TextDocument): Diagnostic[] {
  const text = document.getText();
  const validator = new Validator() as unknown as InstructionChecks & { validate(document: TextDocument): Problem[] };
  const { validateInstruction, checkVariables } = validator;
  /** The instruction checked last, and whether its lines hold a `$`. */
  let last: { instruction: Instruction; variables: boolean } | undefined;
  validator.validateInstruction = (doc, escapeChar, instruction, keyword, isTrigger, problems) => {
    const range = instruction.getRange();
    const lines = text.slice(document.offsetAt({ line: range.start.line, character: 0 }), document.offsetAt({ line: range.end.line + 1, character: 0 }));
    last = { instruction, variables: lines.includes('$') };
    const check = (into: Problem[]) => validateInstruction.call(validator, doc, escapeChar, instruction, keyword, isTrigger, into);
    if (last.variables) return check(problems);
    // Checked before with the same lines, escape character and place (a trigger of ONBUILD or not): moved to where they are now.
    const key = `${escapeChar}${isTrigger ? 't' : ' '}${lines}`;
    let checked = checkedBefore.get(document, key);
    if (!checked) check((checked = { line: range.start.line, problems: [] }).problems);
    checkedBefore.set(document, key, checked);
    problems.push(...moved(checked.problems, range.start.line - checked.line));
  };
  validator.checkVariables = (instruction, problems) => {
    // Called right after validateInstruction on the same instruction; a variable starts with `$`.
    if (instruction === last?.instruction && !last.variables) return;
    checkVariables.call(validator, instruction, problems);
  };
  try {
    return validator.validate(document);
  } catch (error) {
    if (error instanceof RangeError) return [];
    throw error;
  }
}

/** Problems found at an instruction's earlier place, `delta` lines away from where it is now. */
function moved(problems: Problem[], delta: number): Problem[] {
  if (delta === 0) return problems;
  const line = (p: { line: number; character: number }) => ({ line: p.line + delta, character: p.character });
  return problems.map((p) => ({
    ...p,
    instructionLine: p.instructionLine === null ? null : p.instructionLine + delta,
    range: { start: line(p.range.start), end: line(p.range.end) },
  }));
}
