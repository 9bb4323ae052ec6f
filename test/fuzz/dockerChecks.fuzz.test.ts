/**
 * Docker's checks re-run only on the instructions an edit changed (server/src/engine/dockerChecks.ts) must
 * give what dockerfile-utils' validator gives for the whole text: for generated Dockerfiles and one to three
 * generated edits in a row, the same problems, at the same places, in the same order.
 */
import { validate } from 'dockerfile-utils';
import { Validator } from 'dockerfile-utils/lib/dockerValidator';
import fc from 'fast-check';
import { afterAll, expect, it, vi } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { dockerChecks } from '../../server/src/engine/dockerChecks';
import { forgetParses } from '../../server/src/model/dockerfileAst';
import { dockerfileText } from './dockerfileGen';
import { applyEdit, edit } from './edits';
import { FUZZ_TIMEOUT_MS, fuzzParameters } from './settings';

const URI = 'file:///fuzz/Dockerfile';
const checks = vi.spyOn(Validator.prototype as unknown as { validateInstruction(): void }, 'validateInstruction');
afterAll(() => checks.mockRestore());

it('an edited Dockerfile gets the problems dockerfile-utils finds in the whole text', { timeout: FUZZ_TIMEOUT_MS }, () => {
  let checked = 0;
  let instructions = 0;
  const whole = (text: string) => {
    forgetParses();
    const problems = JSON.stringify(validate(text));
    forgetParses();
    return problems;
  };
  fc.assert(
    fc.property(dockerfileText, fc.array(edit, { minLength: 1, maxLength: 3 }), (text, edits) => {
      expect(JSON.stringify(dockerChecks(TextDocument.create(URI, 'dockerfile', 0, text)))).toBe(whole(text));
      for (const e of edits) {
        const next = applyEdit(text, e);
        checks.mockClear();
        const expected = whole(next);
        instructions += checks.mock.calls.length;
        checks.mockClear();
        const problems = JSON.stringify(dockerChecks(TextDocument.create(URI, 'dockerfile', 0, next)));
        checked += checks.mock.calls.length;
        expect(problems).toBe(expected);
        text = next;
      }
    }),
    fuzzParameters(),
  );
  // Most instructions lie outside an edit: without re-use this test would check nothing of it.
  expect(checked / instructions).toBeLessThan(0.5);
});
