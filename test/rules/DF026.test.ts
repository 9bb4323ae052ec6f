import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';
import { expectMinimalFix } from '../helpers/minimalFix';

const GO_MOD = 'module example.com/app\n\ngo 1.22.5\n\nrequire github.com/google/uuid v1.6.0\n';
const PROJECT = { 'go.mod': GO_MOD, 'go.sum': 'github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=\n' };
const findings = (text: string, files: Record<string, string> = PROJECT, path = 'Dockerfile') => lintText(text, { files, path }).reports.filter((r) => r.id === 'DF026');
const fix = (text: string) => fixAll(text, { files: { ...PROJECT } }, 'DF026');
const run = (command: string) => `FROM golang:1.22.5\nWORKDIR /src\nCOPY . .\nRUN ${command}\n`;

describe('DF026 edge cases', () => {
  it.each([
    ['not ok: go mod tidy', run('go mod tidy'), 1],
    ['not ok: in a chain', run('go mod tidy && go build .'), 1],
    ['not ok: go mod init', run('go mod init example.com/app'), 1],
    ['not ok: in sh -c', run("sh -c 'go mod tidy && go build .'"), 1],
    ['ok: go mod tidy -diff only checks', run('go mod tidy -diff'), 0],
    ['ok: tidy, then fail on a diff', run('go mod tidy && git diff --exit-code go.mod go.sum'), 0],
    ['ok: go mod download and verify', run('go mod download && go mod verify'), 0],
  ])('%s', (_name, text, count) => {
    expect(findings(text)).toHaveLength(count);
  });

  it('reports init once, not the tidy that fills the new go.mod', () => {
    const found = findings(run('go mod init example.com/app && go mod tidy && go build .'));
    expect(found.map((f) => f.message)).toEqual([expect.stringContaining('`go mod init`')]);
    expect(found[0].fix()).toBeUndefined();
  });

  it('skips dev images', () => {
    expect(findings(run('go mod tidy'), PROJECT, '.devcontainer/Dockerfile')).toHaveLength(0);
    expect(findings(run('go mod tidy'), PROJECT, 'Dockerfile.dev')).toHaveLength(0);
  });

  it('sees tidy in a Makefile target, without a fix', () => {
    const files = { ...PROJECT, Makefile: 'build: tidy\n\tgo build -o bin/app .\n\ntidy:\n\tgo mod tidy\n' };
    const [finding] = findings(run('make build'), files);
    expect(finding.message).toContain('(in Makefile)');
    expect(finding.range).toMatchObject({ start: { line: 3, character: 4 }, end: { line: 3, character: 14 } });
    expect(finding.fix()).toBeUndefined();
  });

  it.each([
    ['the whole RUN when tidy is all it does', 'FROM golang:1.22.5\nRUN go mod tidy\nRUN go build .\n', 'FROM golang:1.22.5\nRUN go build .\n'],
    ['the command and its &&', run('go mod download && go mod tidy && go build .'), run('go mod download && go build .')],
    ['a leading command', run('go mod tidy; go build .'), run('go build .')],
    ['a heredoc line', 'FROM golang:1.22.5\nRUN <<EOF\nset -e\ngo mod tidy\ngo build .\nEOF\n', 'FROM golang:1.22.5\nRUN <<EOF\nset -e\ngo build .\nEOF\n'],
  ])('removes %s', (_name, text, fixed) => {
    expect(fix(text)).toBe(fixed);
  });

  // Removing tidy must not take what a continuation or a quote joined to it: a heredoc operator (its body
  // would become instructions) or the quote opening an `sh -c '…'` script.
  it.each([
    ['a heredoc operator joined to it by a continuation', run('go build . && go mod tidy \\\n    <<EOF\necho built\nEOF')],
    ['the quote opening an sh -c script', run("sh -c 'go mod tidy' && go build .")],
  ])('reports but offers no fix when removing tidy would take %s', (_name, text) => {
    expect(findings(text)).toHaveLength(1);
    expect(findings(text)[0].fix()).toBeUndefined();
    expect(fix(text)).toBe(text);
  });

  it('removes tidy from inside an sh -c script, keeping the quotes', () => {
    expect(fix(run("sh -c 'go mod tidy && go build .'"))).toBe(run("sh -c 'go build .'"));
  });

  it('does not prefer the fix without go.sum (the build may lean on tidy to write it)', () => {
    expect(findings(run('go mod tidy && go build .'), { 'go.mod': GO_MOD })[0].fix()?.preferred).toBe(false);
    expect(findings(run('go mod tidy && go build .'))[0].fix()?.preferred).toBe(true);
  });

  it('removes every `go mod tidy` of the RUN in one fix (the other would stay)', () => {
    const analysis = lintText(run('go mod tidy || go mod tidy || true'), { files: PROJECT, path: 'Dockerfile' });
    const reports = analysis.reports.filter((r) => r.id === 'DF026');
    expect(reports).toHaveLength(2);
    for (const report of reports) expect(TextDocument.applyEdits(analysis.model.document, report.fix()!.edits)).toBe(run('true'));
  });

  it('keeps the continuation lines of the rest', () => {
    const text = 'FROM golang:1.22.5\nRUN go mod download && \\\n    go mod tidy && \\\n    go build -o /out/app .\n';
    expect(expectMinimalFix(text, { files: PROJECT }, 'DF026')).toBe('FROM golang:1.22.5\nRUN go mod download && \\\n    go build -o /out/app .\n');
  });
});
