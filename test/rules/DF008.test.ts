import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixAll, lintText } from '../helpers/lint';

const SQLITE = 'package main\n\nimport (\n\t"database/sql"\n\n\t_ "github.com/mattn/go-sqlite3"\n)\n\nfunc main() { _, _ = sql.Open("sqlite3", "x.db") }\n';
const NET = 'package main\n\nimport "net/http"\n\nfunc main() { _ = http.ListenAndServe(":8080", nil) }\n';
const CGO = 'package main\n\n// int one() { return 1; }\nimport "C"\n\nfunc main() { _ = C.one() }\n';
const mod = (requires = '') => `module example.com/api\n\ngo 1.22.5\n${requires && `\nrequire ${requires}\n`}`;
const sqlite = { 'go.mod': mod('github.com/mattn/go-sqlite3 v1.14.22'), 'main.go': SQLITE };
const lint = (text: string, files: Record<string, string>) => lintText(text, { path: 'Dockerfile', files }).reports.filter((r) => r.id === 'DF008');
const stage = (from: string, body: string) => `FROM ${from} AS build\nWORKDIR /src\nCOPY . .\n${body}\n`;

describe('DF008 edge cases', () => {
  it.each([
    ['not ok: go-sqlite3 with CGO_ENABLED=0', stage('golang:1.22.5', 'RUN CGO_ENABLED=0 go build -o /out/api .'), sqlite, 1],
    ['not ok: ENV CGO_ENABLED=0 from a parent stage', 'FROM golang:1.22.5 AS base\nENV CGO_ENABLED=0\nFROM base AS build\nCOPY . .\nRUN go build -o /out/api .\n', sqlite, 1],
    ['not ok: own import "C" with CGO_ENABLED=0', stage('golang:1.22.5', 'RUN CGO_ENABLED=0 go build -o /out/api .'), { 'go.mod': mod(), 'main.go': CGO }, 1],
    ['not ok: alpine, CGO_ENABLED=1, no gcc', stage('golang:1.22.5-alpine', 'RUN CGO_ENABLED=1 go build -o /out/api .'), { 'go.mod': mod(), 'main.go': NET }, 1],
    ['not ok: alpine, gcc without musl-dev', stage('golang:1.22.5-alpine', 'RUN apk add --no-cache gcc\nRUN CGO_ENABLED=1 go build -o /out/api .'), { 'go.mod': mod(), 'main.go': NET }, 1],
    ['ok: go-sqlite3 with cgo on', stage('golang:1.22.5', 'RUN go build -o /out/api .'), sqlite, 0],
    ['ok: CGO_ENABLED=0 for a module without cgo', stage('golang:1.22.5', 'RUN CGO_ENABLED=0 go build -o /out/api .'), { 'go.mod': mod(), 'main.go': NET }, 0],
    ['ok: alpine with build-base', stage('golang:1.22.5-alpine', 'RUN apk add --no-cache build-base\nRUN CGO_ENABLED=1 go build -o /out/api .'), { 'go.mod': mod(), 'main.go': NET }, 0],
    ['ok: alpine, CGO_ENABLED=1, a program that links no C', stage('golang:1.22.5-alpine', 'RUN CGO_ENABLED=1 go build -o /out/api .'), { 'go.mod': mod(), 'main.go': 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println(1) }\n' }, 0],
    ['ok: go vet with CGO_ENABLED=0 builds nothing', stage('golang:1.22.5', 'RUN CGO_ENABLED=0 go vet ./...'), sqlite, 0],
  ])('%s', (_name, text, files, count) => {
    expect(lint(text, files)).toHaveLength(count);
  });

  it('looks only at the packages the build compiles', () => {
    const files = {
      'go.mod': mod('github.com/mattn/go-sqlite3 v1.14.22'),
      'cmd/api/main.go': NET,
      'cmd/dbtool/main.go': SQLITE,
    };
    expect(lint(stage('golang:1.22.5', 'RUN CGO_ENABLED=0 go build -o /out/api ./cmd/api'), files)).toHaveLength(0);
    expect(lint(stage('golang:1.22.5', 'RUN CGO_ENABLED=0 go build -o /out/dbtool ./cmd/dbtool'), files)).toHaveLength(1);
    expect(lint(stage('golang:1.22.5', 'RUN CGO_ENABLED=0 go build -o /out/ ./cmd/...'), files)).toHaveLength(1);
  });

  it('is an error when the program builds and fails at run time, a warning when the build fails', () => {
    expect(lint(stage('golang:1.22.5', 'RUN CGO_ENABLED=0 go build -o /out/api .'), sqlite)[0].severity).toBe('error');
    const [own] = lint(stage('golang:1.22.5', 'RUN CGO_ENABLED=0 go build -o /out/api .'), { 'go.mod': mod(), 'main.go': CGO });
    expect(own.severity).toBe('warning');
    expect(own.message).toContain('"build constraints exclude all Go files" in .');
  });

  it('drops the ENV line and moves a static runtime to distroless base, keeping :nonroot', () => {
    const text = 'FROM golang:1.22.5-bookworm AS build\nENV CGO_ENABLED=0\nCOPY . .\nRUN go build -o /out/api .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/api /api\n';
    expect(fixAll(text, { path: 'Dockerfile', files: sqlite }, 'DF008')).toBe(
      'FROM golang:1.22.5-bookworm AS build\nCOPY . .\nRUN go build -o /out/api .\n\nFROM gcr.io/distroless/base-debian12:nonroot\nCOPY --from=build /out/api /api\n',
    );
  });

  it('sets CGO_ENABLED=1 on the RUN when dropping it would uncover an ENV CGO_ENABLED=0', () => {
    const text = 'FROM golang:1.22.5-bookworm AS build\nENV CGO_ENABLED=0\nCOPY . .\nRUN go vet ./... && CGO_ENABLED=0 go build -o /out/api .\n';
    const [finding] = lint(text, sqlite).filter((r) => r.range.start.line === 3);
    expect(finding.fix()?.title).toBe('Set CGO_ENABLED=1');
    expect(fixAll(text, { path: 'Dockerfile', files: sqlite }, 'DF008')).toBe(
      'FROM golang:1.22.5-bookworm AS build\nENV CGO_ENABLED=0\nCOPY . .\nRUN go vet ./... && CGO_ENABLED=1 go build -o /out/api .\n',
    );
  });

  it('drops an ENV right after an alpine FROM and installs the compiler in its place (one fix, edits that do not overlap)', () => {
    const text = 'FROM golang:1.22.5-alpine3.20 AS build\nENV CGO_ENABLED 0\nCOPY . .\nRUN go build -o /out/api .\n';
    const [finding] = lint(text, sqlite);
    const fixed = TextDocument.applyEdits(TextDocument.create('file:///Dockerfile', 'dockerfile', 1, text), finding.fix()!.edits);
    expect(fixed).toBe('FROM golang:1.22.5-alpine3.20 AS build\nRUN apk add --no-cache gcc musl-dev\nCOPY . .\nRUN go build -o /out/api .\n');
  });

  it('drops an ARG default, and installs gcc musl-dev on alpine', () => {
    const text = 'FROM golang:1.22.5-alpine3.20 AS build\nARG CGO_ENABLED=0\nCOPY . .\nRUN go build -o /out/api .\n\nFROM scratch\nCOPY --from=build /out/api /api\n';
    expect(fixAll(text, { path: 'Dockerfile', files: sqlite }, 'DF008')).toBe(
      'FROM golang:1.22.5-alpine3.20 AS build\nRUN apk add --no-cache gcc musl-dev\nARG CGO_ENABLED\nCOPY . .\nRUN go build -o /out/api .\n\nFROM alpine:3.20\nCOPY --from=build /out/api /api\n',
    );
  });

  it('drops the default of one name on a multi-name ARG line', () => {
    const text = 'FROM golang:1.22.5-bookworm AS build\nARG CGO_ENABLED=0 GOFLAGS=-trimpath\nCOPY . .\nRUN go build -o /out/api .\n';
    expect(fixAll(text, { path: 'Dockerfile', files: sqlite }, 'DF008')).toContain('\nARG CGO_ENABLED GOFLAGS=-trimpath\n');
  });

  it('offers no fix for imagick, which also needs the ImageMagick libraries', () => {
    const files = { 'go.mod': mod('gopkg.in/gographics/imagick.v3 v3.7.0'), 'main.go': 'package main\n\nimport "gopkg.in/gographics/imagick.v3/imagick"\n\nfunc main() { imagick.Initialize() }\n' };
    const [finding] = lint(stage('golang:1.22.5', 'RUN CGO_ENABLED=0 go build -o /out/api .'), files);
    expect(finding.message).toContain('undefined: imagick.Initialize');
    expect(finding.fix()).toBeUndefined();
  });

  it('does not edit a Makefile that sets CGO_ENABLED=0', () => {
    const files = { ...sqlite, Makefile: 'export CGO_ENABLED := 0\nbuild:\n\tgo build -o bin/api .\n' };
    const [finding] = lint(stage('golang:1.22.5', 'RUN make build'), files);
    expect(finding.fix()).toBeUndefined();
  });

  // Removing `export CGO_ENABLED=0` must not take a heredoc operator a continuation joined to it (its body
  // would become instructions).
  it('reports but offers no fix when removing the export would take a heredoc operator', () => {
    const text = stage('golang:1.22.5', 'RUN export CGO_ENABLED=0 \\\n    <<EOF\ngo build -o /out/api .\nEOF');
    const [finding] = lint(text, sqlite);
    expect(finding.fix()).toBeUndefined();
    expect(fixAll(text, { path: 'Dockerfile', files: { ...sqlite } }, 'DF008')).toBe(text);
  });
});
