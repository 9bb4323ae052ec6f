import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';
import { expectMinimalFix } from '../helpers/minimalFix';

const GO_MOD = 'module example.com/app\n\ngo 1.22.5\n\nrequire github.com/google/uuid v1.6.0\n';
const GO_SUM = 'github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=\ngithub.com/google/uuid v1.6.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=\n';
const PROJECT = { 'go.mod': GO_MOD, 'go.sum': GO_SUM };
const findings = (text: string, files: Record<string, string> = PROJECT) => lintText(text, { files }).reports.filter((r) => r.id === 'DF005');
const fix = (text: string, files: Record<string, string> = PROJECT) => fixAll(text, { files: { ...files } }, 'DF005');
const build = (body: string) => `FROM golang:1.22.5-bookworm AS build\nWORKDIR /src\n${body}\n`;

describe('DF005 edge cases', () => {
  it.each([
    ['not ok: COPY . . then go build', 'COPY . .\nRUN go build -o /out/app .', 1],
    ['not ok: COPY ./ ./ then go mod download', 'COPY ./ ./\nRUN go mod download', 1],
    ['not ok: ADD . . then go test', 'ADD . .\nRUN go test ./...', 1],
    ['not ok: COPY --chown=app . . then go vet', 'COPY --chown=app:app . .\nRUN go vet ./...', 1],
    ['not ok: JSON form', 'COPY [".", "."]\nRUN go build .', 1],
    ['ok: go.mod copied first', 'COPY go.mod go.sum ./\nRUN go mod download\nCOPY . .\nRUN go build .', 0],
    ['ok: go.* copied first', 'COPY go.* ./\nRUN go mod download\nCOPY . .\nRUN go build .', 0],
    ['ok: go.mod bind-mounted for the download', 'RUN --mount=type=bind,source=go.mod,target=go.mod --mount=type=bind,source=go.sum,target=go.sum go mod download\nCOPY . .\nRUN go build .', 0],
    ['ok: the module cache copied from another stage', 'COPY --from=deps /go/pkg/mod /go/pkg/mod\nCOPY . .\nRUN go build .', 0],
    ['ok: -mod=vendor', 'COPY . .\nRUN go build -mod=vendor .', 0],
    ['ok: GOFLAGS=-mod=vendor', 'ENV GOFLAGS=-mod=vendor\nCOPY . .\nRUN go build .', 0],
    ['ok: no go command after the copy', 'COPY . .\nRUN ls -la', 0],
    ['ok: only a tool of another module is installed', 'COPY . .\nRUN go install golang.org/x/tools/cmd/stringer@v0.24.0', 0],
    ['ok: a subfolder is copied, not the context', 'COPY cmd/ ./cmd/\nRUN go build ./cmd/app', 0],
  ])('%s', (_name, body, count) => {
    expect(findings(build(body))).toHaveLength(count);
  });

  it.each([
    ['a go.mod without requirements', { 'go.mod': 'module example.com/app\n\ngo 1.22.5\n' }],
    ['a vendor/modules.txt', { ...PROJECT, 'vendor/modules.txt': '# github.com/google/uuid v1.6.0\n' }],
    ['a go.work', { ...PROJECT, 'go.work': 'go 1.22.5\n\nuse .\n' }],
    ['no go.mod at all', {}],
  ])('stays quiet with %s', (_name, files) => {
    expect(findings(build('COPY . .\nRUN go build .'), files)).toHaveLength(0);
  });

  it('does not fire in a stage built on one that downloaded the modules', () => {
    const text = 'FROM golang:1.22.5 AS deps\nWORKDIR /src\nCOPY go.mod go.sum ./\nRUN go mod download\n\nFROM deps AS build\nCOPY . .\nRUN go build .\n';
    expect(findings(text)).toHaveLength(0);
  });

  it('is info, not a warning, when the go command has a cache mount on the module cache', () => {
    const [finding] = findings(build('COPY . .\nRUN --mount=type=cache,target=/go/pkg/mod go build .'));
    expect(finding.severity).toBe('info');
    expect(finding.message).toContain('from the cache mount on /go/pkg/mod');
  });

  it('copies only go.mod when there is no go.sum, into the folder of the sources', () => {
    const files = { 'go.mod': GO_MOD };
    expect(fix('FROM golang:1.22.5\nCOPY . /app\nRUN cd /app && go build .\n', files)).toBe(
      'FROM golang:1.22.5\nCOPY go.mod /app/\nRUN cd /app && go mod download\nCOPY . /app\nRUN cd /app && go build .\n',
    );
  });

  it('keeps --chown and repeats the module cache and secret mounts of the build', () => {
    const text = build('COPY --chown=1000:1000 . .\nRUN --mount=type=secret,id=netrc,target=/root/.netrc --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build .');
    expect(fix(text)).toBe(
      build(
        'COPY --chown=1000:1000 go.mod go.sum ./\nRUN --mount=type=secret,id=netrc,target=/root/.netrc --mount=type=cache,target=/go/pkg/mod go mod download\n' +
          'COPY --chown=1000:1000 . .\nRUN --mount=type=secret,id=netrc,target=/root/.netrc --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/root/.cache/go-build go build .',
      ),
    );
  });

  it('offers no fix when go.mod replaces a module with a local folder (go mod download would need it)', () => {
    const files = { ...PROJECT, 'go.mod': GO_MOD + '\nreplace example.com/lib => ./lib\n' };
    const [finding] = findings(build('COPY . .\nRUN go build .'), files);
    expect(finding.fix()).toBeUndefined();
  });

  it('inserts lines and changes nothing else', () => {
    const text = '# syntax=docker/dockerfile:1\nFROM golang:1.22.5-alpine AS build\nWORKDIR /src\n    COPY . .\nRUN CGO_ENABLED=0 \\\n    go build -o /out/app .\n';
    expect(expectMinimalFix(text, { files: PROJECT }, 'DF005')).toBe(
      '# syntax=docker/dockerfile:1\nFROM golang:1.22.5-alpine AS build\nWORKDIR /src\n    COPY go.mod go.sum ./\n    RUN go mod download\n    COPY . .\nRUN CGO_ENABLED=0 \\\n    go build -o /out/app .\n',
    );
  });
});
