import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';

const files = { 'go.mod': 'module example.com/api\n\ngo 1.18\n', 'main.go': 'package main\n\nfunc main() {}\n' };
const image = (from: string, body: string) => `FROM ${from} AS build\nWORKDIR /src\nCOPY . .\n${body}\n\nFROM scratch\nCOPY --from=build /out/api /api\n`;
const lint = (text: string, more: Record<string, string> = {}) => lintText(text, { path: 'Dockerfile', files: { ...files, ...more } }).reports.filter((r) => r.id === 'DF023');

describe('DF023 edge cases', () => {
  it.each([
    ['not ok: Go 1.18.1 on alpine stamps by default', image('golang:1.18.1-alpine3.15', 'RUN CGO_ENABLED=0 go build -o /out/api .'), 1],
    ['not ok: Go 1.18.0 with go install', image('golang:1.18.0-alpine', 'RUN CGO_ENABLED=0 go install .'), 1],
    ['not ok: -buildvcs=true on alpine', image('golang:1.22.5-alpine', 'RUN go build -buildvcs=true -o /out/api .'), 1],
    ['not ok: GOFLAGS=-buildvcs=true on alpine', image('golang:1.22.5-alpine', 'ENV GOFLAGS=-buildvcs=true\nRUN go build -o /out/api .'), 1],
    ['ok: golang:1.18-alpine is 1.18.10 now (-buildvcs=auto)', image('golang:1.18-alpine', 'RUN go build -o /out/api .'), 0],
    ['ok: Go 1.22 on alpine skips the stamp without git', image('golang:1.22.5-alpine', 'RUN go build -o /out/api .'), 0],
    ['ok: -buildvcs=true where git is (bookworm)', image('golang:1.22.5-bookworm', 'RUN go build -buildvcs=true -o /out/api .'), 0],
    ['ok: git installed', image('golang:1.18.1-alpine', 'RUN apk add --no-cache git\nRUN go build -o /out/api .'), 0],
    ['ok: -buildvcs=false', image('golang:1.18.1-alpine', 'RUN go build -buildvcs=false -o /out/api .'), 0],
    ['ok: GOFLAGS=-buildvcs=false', image('golang:1.18.1-alpine', 'ENV GOFLAGS="-mod=mod -buildvcs=false"\nRUN go build -o /out/api .'), 0],
    ['ok: only the sources are copied', image('golang:1.18.1-alpine', 'RUN go build -o /out/api .').replace('COPY . .', 'COPY go.mod *.go ./'), 0],
    ['ok: the build runs before COPY . .', 'FROM golang:1.18.1-alpine\nCOPY *.go go.mod ./\nRUN go build -o /api .\nCOPY . .\n', 0],
  ])('%s', (_name, text, count) => {
    expect(lint(text)).toHaveLength(count);
  });

  it('stays quiet when .dockerignore keeps .git out, or .git is above the context', () => {
    const text = image('golang:1.18.1-alpine', 'RUN go build -o /out/api .');
    expect(lint(text, { '.dockerignore': '.git\n' })).toHaveLength(0);
    const nested = { '.git/HEAD': 'x', 'svc/go.mod': files['go.mod'], 'svc/main.go': files['main.go'] };
    expect(lintText(text, { path: 'svc/Dockerfile', files: nested }).reports.filter((r) => r.id === 'DF023')).toHaveLength(0);
    expect(lintText(text, { path: 'Dockerfile', files: { ...files, '.git/HEAD': 'x' } }).reports.filter((r) => r.id === 'DF023')).toHaveLength(1);
  });

  it('turns the stamp off with -buildvcs=false after `build`, or installs git when -buildvcs=true was asked for', () => {
    const fix = (text: string) => fixAll(text, { path: 'Dockerfile', files }, 'DF023');
    expect(fix(image('golang:1.18.1-alpine', 'RUN go build -o /out/api .'))).toContain('RUN go build -buildvcs=false -o /out/api .');
    expect(fix(image('golang:1.22.5-alpine', 'RUN go build -buildvcs=true -o /out/api .'))).toContain('AS build\nRUN apk add --no-cache git\nWORKDIR /src');
  });
});
