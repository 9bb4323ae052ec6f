import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';

const files = { 'go.mod': 'module example.com/api\n\ngo 1.22.5\n', 'main.go': 'package main\n\nfunc main() {}\n', Makefile: 'build:\n\tgo build -o bin/api .\n' };
const image = (build: string, runtime = 'gcr.io/distroless/static-debian12') => `FROM golang:1.22.5 AS build\nENV CGO_ENABLED=0\nWORKDIR /src\nCOPY . .\n${build}\n\nFROM ${runtime}\nCOPY --from=build /out/api /api\n`;
const lint = (text: string, path = 'Dockerfile') => lintText(text, { path, files }).reports.filter((r) => r.id === 'DF009');
const fix = (build: string) => fixAll(image(build), { path: 'Dockerfile', files }, 'DF009').split('\n')[4];

describe('DF009 edge cases', () => {
  it.each([
    ['not ok: no flags', image('RUN go build -o /out/api .'), 1],
    ['not ok: -s -w without -trimpath', image('RUN go build -ldflags="-s -w" -o /out/api .'), 1],
    ['not ok: -trimpath with -w only (the symbol table stays)', image("RUN go build -trimpath -ldflags '-w' -o /out/api ."), 1],
    ['ok: -trimpath -ldflags="-s -w"', image('RUN go build -trimpath -ldflags="-s -w" -o /out/api .'), 0],
    ['ok: -s alone also drops DWARF', image('RUN go build -trimpath -ldflags=-s -o /out/api .'), 0],
    ['ok: GOFLAGS carries both', image('ENV GOFLAGS="-trimpath -ldflags=-s"\nRUN go build -o /out/api .'), 0],
    ['ok: a debug build for Delve', image('RUN go build -gcflags="all=-N -l" -o /out/api .'), 0],
    ['ok: a build that is not shipped', image('RUN go build -trimpath -ldflags="-s -w" -o /out/api .\nRUN go build -o /out/test-helper .'), 0],
    ['ok: a Makefile build (its flags are not followed)', image('RUN make build').replace('/out/api /api', '/src/bin/api /api'), 0],
    ['ok: the final stage is the golang image (DF003)', 'FROM golang:1.22.5\nRUN go build -o /app .\nCMD ["/app"]\n', 0],
  ])('%s', (_name, text, count) => {
    expect(lint(text)).toHaveLength(count);
  });

  it('stays quiet on debug and dev images', () => {
    expect(lint(image('RUN go build -o /out/api .'), 'Dockerfile.debug')).toHaveLength(0);
  });

  it.each([
    ['-ldflags="-X main.v=1"', 'RUN go build -ldflags="-X main.v=1" -o /out/api .', 'RUN go build -trimpath -ldflags="-s -w -X main.v=1" -o /out/api .'],
    ["-ldflags '-X main.v=1'", "RUN go build -trimpath -ldflags '-X main.v=1' -o /out/api .", "RUN go build -trimpath -ldflags '-s -w -X main.v=1' -o /out/api ."],
    ['an unquoted value', 'RUN go build -trimpath -ldflags=-X=main.v=1 -o /out/api .', 'RUN go build -trimpath -ldflags="-s -w -X=main.v=1" -o /out/api .'],
    ['-w only', 'RUN go build -trimpath -ldflags "-w" -o /out/api .', 'RUN go build -trimpath -ldflags "-s -w" -o /out/api .'],
    ['no -ldflags', 'RUN go build -o /out/api .', 'RUN go build -trimpath -ldflags="-s -w" -o /out/api .'],
  ])('merges into %s', (_name, build, fixed) => {
    expect(fix(build)).toBe(fixed);
  });

  it('offers no fix when GOFLAGS holds -ldflags (a command-line -ldflags would replace it)', () => {
    const [finding] = lint(image('ENV GOFLAGS=-ldflags=-X=main.v=1\nRUN go build -o /out/api .'));
    expect(finding.fix()).toBeUndefined();
  });
});
