import { TextDocument } from 'vscode-languageserver-textdocument';
import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';
import { expectMinimalFix } from '../helpers/minimalFix';

const GO_MOD = 'module example.com/app\n\ngo 1.22.5\n\nrequire github.com/google/uuid v1.6.0\n';
const findings = (text: string, files: Record<string, string> = { 'go.mod': GO_MOD }) => lintText(text, { files }).reports.filter((r) => r.id === 'DF006');
const fix = (text: string, files: Record<string, string> = { 'go.mod': GO_MOD }) => fixAll(text, { files: { ...files } }, 'DF006');
const MOD = '--mount=type=cache,target=/go/pkg/mod';
const BUILD = '--mount=type=cache,target=/root/.cache/go-build';

describe('DF006 edge cases', () => {
  it.each([
    ['not ok: go build without mounts', 'FROM golang:1.22.5\nRUN go build .', 1],
    ['not ok: go mod download without mounts', 'FROM golang:1.22.5\nRUN go mod download', 1],
    ['not ok: go test with only the module cache', `FROM golang:1.22.5\nRUN ${MOD} go test ./...`, 1],
    ['not ok: go install of a tool', 'FROM golang:1.22.5\nRUN go install golang.org/x/tools/cmd/stringer@v0.24.0', 1],
    ['ok (says less): a mount inside the module cache counts as one', `FROM golang:1.22.5\nRUN --mount=type=cache,target=/root/.cache ${MOD}/cache go build .`, 0],
    ['ok: both caches', `FROM golang:1.22.5\nRUN ${MOD} ${BUILD} go build .`, 0],
    ['ok: go mod download with the module cache', `FROM golang:1.22.5\nRUN ${MOD} go mod download`, 0],
    ['ok: one mount above both caches', 'FROM golang:1.22.5\nENV GOCACHE=/cache/build GOMODCACHE=/cache/mod\nRUN --mount=type=cache,target=/cache go build .', 0],
    ['ok: GOPATH moved and mounted', `FROM golang:1.22.5\nENV GOPATH=/opt/go\nRUN --mount=type=cache,target=/opt/go/pkg/mod ${BUILD} go build .`, 0],
    ['ok: -mod=vendor needs no module cache', `FROM golang:1.22.5\nRUN ${BUILD} go build -mod=vendor .`, 0],
    ['ok: go version, go env', 'FROM golang:1.22.5\nRUN go version && go env', 0],
    ['ok: exec form is not read', 'FROM golang:1.22.5\nRUN ["go", "build", "."]', 0],
  ])('%s', (_name, text, count) => {
    expect(findings(text + '\n')).toHaveLength(count);
  });

  it('mounts the module cache also on a later RUN that read its modules from this layer, one with its own finding too', () => {
    const text = 'FROM golang:1.22.5\nRUN go install github.com/air-verse/air@v1.52.3\nRUN go install github.com/air-verse/air@v1.52.3\n';
    const analysis = lintText(text, { files: { 'go.mod': GO_MOD } });
    const first = analysis.reports.find((r) => r.id === 'DF006' && r.range.start.line === 1)!;
    expect(TextDocument.applyEdits(analysis.model.document, first.fix()!.edits)).toBe(`FROM golang:1.22.5\nRUN ${MOD} ${BUILD} go install github.com/air-verse/air@v1.52.3\nRUN ${MOD} ${BUILD} go install github.com/air-verse/air@v1.52.3\n`);
  });

  it('needs no module cache for a module without requirements, or after a download into a layer', () => {
    expect(findings(`FROM golang:1.22.5\nRUN ${BUILD} go build .\n`, { 'go.mod': 'module example.com/app\n\ngo 1.22.5\n' })).toHaveLength(0);
    expect(findings(`FROM golang:1.22.5\nRUN go mod download\nRUN ${BUILD} go build .\n`).map((f) => f.range.start.line)).toEqual([1]);
  });

  it('needs no module cache with a vendor directory, unless -mod=mod', () => {
    const files = { 'go.mod': GO_MOD, 'vendor/modules.txt': '# github.com/google/uuid v1.6.0\n' };
    expect(findings(`FROM golang:1.22.5\nRUN ${BUILD} go build .\n`, files)).toHaveLength(0);
    expect(findings(`FROM golang:1.22.5\nRUN ${BUILD} go build -mod=mod .\n`, files)).toHaveLength(1);
  });

  it('warns when the modules went into a cache mount and this RUN has none', () => {
    const [finding] = findings(`FROM golang:1.22.5\nRUN ${MOD} go mod download\nRUN ${BUILD} go build .\n`);
    expect(finding.severity).toBe('warning');
    expect(finding.message).toContain('where the modules of line 2 went');
  });

  it('sees go commands through a Makefile and points at make', () => {
    const files = { 'go.mod': GO_MOD, Makefile: 'build:\n\tgo build -o bin/app .\n' };
    const [finding] = findings('FROM golang:1.22.5\nWORKDIR /src\nRUN make build\n', files);
    expect(finding.range).toMatchObject({ start: { line: 2, character: 4 }, end: { line: 2, character: 14 } });
  });

  it('uses HOME and GOCACHE of the stage, and offers no fix for another user (cache mounts are root-owned)', () => {
    expect(fix(`FROM golang:1.22.5\nENV HOME=/home/build\nRUN ${MOD} go build .\n`)).toBe(`FROM golang:1.22.5\nENV HOME=/home/build\nRUN --mount=type=cache,target=/home/build/.cache/go-build ${MOD} go build .\n`);
    const [finding] = findings('FROM golang:1.22.5\nUSER 1000\nRUN go build .\n');
    expect(finding.message).toContain('the module cache (/go/pkg/mod)');
    expect(finding.message).not.toContain('build cache');
    expect(finding.fix()).toBeUndefined();
  });

  it('says nothing it cannot know on an unfamiliar base image', () => {
    expect(findings('FROM cimg/go:1.22\nRUN go build .\n')).toHaveLength(0);
    expect(fix('FROM alpine:3.20\nRUN apk add --no-cache go && go build .\n')).toBe(`FROM alpine:3.20\nRUN --mount=type=cache,target=/root/go/pkg/mod ${BUILD} apk add --no-cache go && go build .\n`);
  });

  it('inserts the mounts right after RUN and changes nothing else, heredocs and continuations included', () => {
    const text = `FROM golang:1.22.5 AS build\nRUN --mount=type=secret,id=netrc,target=/root/.netrc \\\n    go mod download\nRUN <<EOF\nset -eu\ngo build -o /out/app .\nEOF\n`;
    expect(expectMinimalFix(text, { files: { 'go.mod': GO_MOD } }, 'DF006')).toBe(
      `FROM golang:1.22.5 AS build\nRUN ${MOD} --mount=type=secret,id=netrc,target=/root/.netrc \\\n    go mod download\nRUN ${MOD} ${BUILD} <<EOF\nset -eu\ngo build -o /out/app .\nEOF\n`,
    );
  });
});
