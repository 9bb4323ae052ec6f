/** Ignore comments: the ones that suppress nothing are reported as hints, with a fix that removes them. */
import { describe, expect, it } from 'vitest';
import { fixAll, fixAllText, lintText } from '../helpers/lint';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions, FIX_ALL_KIND } from '../../server/src/engine/codeActions';
import { toDiagnostic } from '../../server/src/engine/diagnostics';
import type { Config } from '../../server/src/engine/config';

const GO_ENV = 'RUN go env -w GOPROXY=https://goproxy.cn,direct\n';
const dockerfile = (comment: string, body = GO_ENV) => `FROM golang:1.22.5-bookworm\n${comment}\n${body}`;

function unused(text: string, options: { path?: string; config?: Config } = {}) {
  return lintText(text, options)
    .reports.filter((r) => r.id === 'unused-ignore')
    .map((r) => `${r.range.start.line + 1}:${r.range.start.character + 1} ${r.severity} ${r.message}`);
}

describe('unused ignore comments', () => {
  it.each([
    ['ok: the comment suppresses a finding', dockerfile('# godock-ignore DF004'), []],
    ['ok: a used id in a block of comments above the instruction', dockerfile('# godock-ignore DF004\n# proxy for CI only'), []],
    ['ok: a bare godock-ignore (every rule) is left alone', dockerfile('# godock-ignore', 'RUN go version\n'), []],
    ['ok: the rule is ignored for the whole file too', `# godock-ignore-file DF004\n${dockerfile('# godock-ignore DF004')}`, []],
    ['ok: not an ignore comment', dockerfile('# see DF004 in the docs', 'RUN go version\n'), []],
    ['not ok: nothing to suppress on the next instruction', dockerfile('# godock-ignore DF004', 'RUN go version\n'), ['2:17 hint `# godock-ignore DF004` suppresses nothing here; remove it']],
    ['not ok: a blank line between comment and instruction', dockerfile('# godock-ignore DF004\n'), ['2:17 hint `# godock-ignore DF004` suppresses nothing here; remove it']],
    ['not ok: one id of two is used', dockerfile('# godock-ignore DF001 DF004'), ['2:17 hint `# godock-ignore DF001` suppresses nothing here; remove it']],
    ['not ok: an unknown id', dockerfile('# godock-ignore DF004 DF999'), ['2:23 hint DF999 is not a Godock rule id: `# godock-ignore DF999` suppresses nothing; remove it']],
    ['not ok: a compose rule in a Dockerfile', dockerfile('# godock-ignore DC001, DF004'), ['2:17 hint DC001 is a compose rule: `# godock-ignore DC001` suppresses nothing in a Dockerfile; remove it']],
  ])('%s', (_name, text, expected) => {
    expect(unused(text)).toEqual(expected);
  });

  it('leaves the comments of a rule turned off alone, and can itself be turned off or raised', () => {
    const text = dockerfile('# godock-ignore DF004', 'RUN go version\n');
    expect(unused(text, { config: { rules: { DF004: 'off' } } })).toEqual([]);
    expect(unused(text, { config: { rules: { 'unused-ignore': 'off' } } })).toEqual([]);
    expect(unused(text, { config: { rules: { 'unused-ignore': 'warning' } } })).toEqual(['2:17 warning `# godock-ignore DF004` suppresses nothing here; remove it']);
  });

  it('reports in compose files', () => {
    const text = 'services:\n  api:\n    # godock-ignore DC001\n    volumes:\n      - ./data:/data\n';
    expect(unused(text, { path: 'compose.yaml' })).toEqual(['3:21 hint `# godock-ignore DC001` suppresses nothing here; remove it']);
  });

  it.each([
    ['removes the whole comment when it holds one id', dockerfile('# godock-ignore DF001'), 'FROM golang:1.22.5-bookworm\n' + GO_ENV],
    ['removes only the unused id, keeping the other and the separators', dockerfile('# godock-ignore DF001 DF004'), dockerfile('# godock-ignore DF004')],
    ['removes a first id with its comma', dockerfile('# godock-ignore DF999, DF004'), dockerfile('# godock-ignore DF004')],
    ['removes a last id with its comma', dockerfile('# godock-ignore DF004, DF999'), dockerfile('# godock-ignore DF004')],
    ['keeps the indentation of a compose comment', 'services:\n  api:\n    volumes:\n      # godock-ignore DC001 DF004\n      - ~/go:/go\n', 'services:\n  api:\n    volumes:\n      # godock-ignore DC001\n      - ~/go:/go\n'],
    ['converges when every id is unused', dockerfile('# godock-ignore DF001, DF999 DC001'), 'FROM golang:1.22.5-bookworm\n' + GO_ENV],
  ])('%s', (_name, text, expected) => {
    const path = text.startsWith('services:') ? 'compose.yaml' : 'Dockerfile';
    const fixed = fixAll(text, { path }, 'unused-ignore');
    expect(fixed).toBe(expected);
    expect(unused(fixed, { path })).toEqual([]);
  });

  it('offers the removal as a preferred fix, so --fix and fix-all on save apply it', () => {
    const report = lintText(dockerfile('# godock-ignore DF004', 'RUN go version\n')).reports.find((r) => r.id === 'unused-ignore')!;
    expect(report.source).toBe('godock');
    expect(report.fix()).toMatchObject({ title: 'Remove the ignore comment', preferred: true });
  });
});

describe('unused ignore comments in the editor', () => {
  it('are removed by fix-all on save (source.fixAll.godock)', () => {
    const text = dockerfile('# godock-ignore DF004', 'RUN go version\n');
    const analysis = lintText(text);
    const [action] = codeActions(analysis, [], [FIX_ALL_KIND], () => fixAllText(text, {}).changes);
    const uri = analysis.model.document.uri;
    expect(TextDocument.applyEdits(analysis.model.document, action.edit!.changes![uri])).toBe('FROM golang:1.22.5-bookworm\nRUN go version\n');
  });

  it('have a light-bulb quick fix that removes them', () => {
    const text = dockerfile('# godock-ignore DF004', 'RUN go version\n');
    const analysis = lintText(text);
    const stale = analysis.reports.find((r) => r.id === 'unused-ignore')!;
    const diagnostic = toDiagnostic(stale);
    const actions = codeActions(analysis, [diagnostic], undefined, () => fixAllText(text, {}).changes);
    expect(actions).toHaveLength(1);
    const uri = analysis.model.document.uri;
    expect(TextDocument.applyEdits(analysis.model.document, actions[0].edit!.changes![uri])).toBe('FROM golang:1.22.5-bookworm\nRUN go version\n');
  });
});
