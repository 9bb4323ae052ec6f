/**
 * Re-parsing only the edited lines (server/src/model/dockerfileReparse.ts) must give what a parse of the
 * whole text gives: for generated Dockerfiles and one to three generated edits in a row, the AST read
 * through every getter the model and dockerfile-utils use; and for one edit, the engine's reports (with the
 * RUNs' shell commands the model keeps from the text before the edit, moved where the edit put them).
 */
import { Parser } from 'dockerfile-ast/lib/parser';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { forgetRunShells } from '../../server/src/model/dockerfile';
import { forgetParses } from '../../server/src/model/dockerfileAst';
import { reparse, type Ast } from '../../server/src/model/dockerfileReparse';
import { lintText } from '../helpers/lint';
import { dockerfileText } from './dockerfileGen';
import { applyEdit, edit } from './edits';
import { FUZZ_TIMEOUT_MS, fuzzParameters } from './settings';

const parseWhole = (text: string): Ast => new Parser().parse(text);

const GETTERS = ['getKeyword', 'getInstruction', 'getRange', 'getInstructionRange', 'getArgumentsRange', 'getArguments', 'getVariables', 'getFlags', 'getHeredocs', 'getProperties', 'getJSONStrings', 'getImageName', 'getImageTag', 'getBuildStage', 'getTriggerInstruction', 'getValue', 'getName', 'getNameRange', 'getValueRange', 'getOptions', 'getContentRange', 'getDelimiterRange', 'getModifier', 'isDefined', 'isBuildVariable', 'getContent'];

/** What a reader can get from a node, as plain data. */
function plain(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > 4) return value;
  if (Array.isArray(value)) return value.map((v) => plain(v, depth + 1));
  const node = value as Record<string, unknown>;
  if (!GETTERS.some((g) => typeof node[g] === 'function')) return value;
  const read = (getter: string) => {
    try {
      return plain((node[getter] as () => unknown).call(node), depth + 1);
    } catch (error) {
      // Some getters throw on some nodes (From's getNameRange): the same in both parses.
      return `throws ${(error as Error).message}`;
    }
  };
  return Object.fromEntries(GETTERS.filter((g) => typeof node[g] === 'function').map((g) => [g, read(g)]));
}

function describeAst(ast: Ast): string {
  return JSON.stringify({
    escape: ast.getEscapeCharacter(),
    directives: ast.getDirectives().map((d) => [d.getName(), d.getValue(), d.getRange()]),
    comments: ast.getComments().map((c) => [c.getContent(), c.getRange()]),
    initialArgs: ast.getInitialARGs().map((a) => a.getRange()),
    froms: ast.getFROMs().map((f) => f.getRange()),
    triggers: ast.getOnbuildTriggers().map((t) => plain(t)),
    instructions: ast.getInstructions().map((i) => {
      const image = ast.getContainingImage(i.getRange().start);
      return { node: plain(i), image: image?.getRange(), imageComments: image?.getComments().length };
    }),
  });
}

it('an edited Dockerfile re-parsed where it changed reads as a parse of the whole text', { timeout: FUZZ_TIMEOUT_MS }, () => {
  let reparsed = 0;
  let cases = 0;
  fc.assert(
    fc.property(dockerfileText, fc.array(edit, { minLength: 1, maxLength: 3 }), (text, edits) => {
      let previous = { text, ast: parseWhole(text), document: TextDocument.create('', '', 0, text) };
      for (const e of edits) {
        const next = applyEdit(previous.text, e);
        const document = TextDocument.create('', '', 0, next);
        const ast = reparse(previous, next, document, parseWhole);
        cases++;
        if (ast) {
          reparsed++;
          expect(describeAst(ast)).toBe(describeAst(parseWhole(next)));
        }
        previous = { text: next, ast: ast ?? parseWhole(next), document };
      }
    }),
    fuzzParameters(),
  );
  // Most edits keep the lines: without re-parses this test would check nothing.
  expect(reparsed / cases).toBeGreaterThan(0.3);
});

/** The parses and the RUNs' shell commands kept from earlier texts. */
function forget() {
  forgetParses();
  forgetRunShells();
}

it('the engine reports the same for a re-parsed Dockerfile (its RUNs split from the text before the edit) as for one parsed whole', { timeout: FUZZ_TIMEOUT_MS }, () => {
  const options = { path: 'Dockerfile', files: { 'go.mod': 'module example.com/app\n\ngo 1.22\n', 'main.go': 'package main\n\nfunc main() {}\n' } };
  const reports = (text: string) => JSON.stringify(lintText(text, options).reports.map((r) => [r.id, r.severity, r.range, r.message, r.fix()?.edits]));
  fc.assert(
    fc.property(dockerfileText, edit, (text, e) => {
      const next = applyEdit(text, e);
      forget();
      const whole = reports(next);
      forget();
      lintText(text, options);
      expect(reports(next)).toBe(whole);
    }),
    { ...fuzzParameters(), numRuns: Math.ceil(fuzzParameters().numRuns! / 4) },
  );
});
