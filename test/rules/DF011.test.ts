import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';
import { expectMinimalFix } from '../helpers/minimalFix';

const findings = (text: string) => lintText(text).reports.filter((r) => r.id === 'DF011');
const fix = (text: string) => fixAll(text, {}, 'DF011');

describe('DF011 edge cases', () => {
  it.each([
    ['not ok: $TARGETARCH in RUN', 'FROM golang:1.22\nRUN GOARCH=$TARGETARCH go build .', 1],
    ['not ok: ${TARGETOS} in ENV', 'FROM golang:1.22\nENV GOOS=${TARGETOS}', 1],
    ['not ok: in an ARG default', 'FROM golang:1.22\nARG GOARCH=${TARGETARCH}', 1],
    ['not ok: in a RUN --mount flag', 'FROM golang:1.22\nRUN --mount=type=cache,id=mod-$TARGETPLATFORM,target=/go/pkg/mod go mod download', 1],
    ['not ok: in a heredoc', 'FROM golang:1.22\nRUN <<EOF\nGOARCH=$TARGETARCH go build .\nEOF', 1],
    ['not ok: with a default, still never set', 'FROM golang:1.22\nRUN GOARCH=${TARGETARCH:-amd64} go build .', 1],
    ['not ok: a global ARG not declared again', 'ARG VERSION=dev\nFROM golang:1.22\nRUN go build -ldflags "-X main.version=$VERSION" .', 1],
    ['not ok: a global ARG in COPY', 'ARG APP=api\nFROM golang:1.22\nCOPY cmd/$APP ./cmd/$APP', 1],
    ['not ok: declared after the use', 'FROM golang:1.22\nRUN echo $TARGETARCH\nARG TARGETARCH', 1],
    ['not ok: declared in another stage', 'FROM golang:1.22 AS a\nARG TARGETARCH\nFROM golang:1.22 AS b\nRUN echo $TARGETARCH', 1],
    ['ok: declared in the stage', 'FROM golang:1.22\nARG TARGETARCH\nRUN GOARCH=$TARGETARCH go build .', 0],
    ['ok: declared with others on one ARG line', 'FROM golang:1.22\nARG TARGETOS TARGETARCH\nRUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build .', 0],
    ['ok: declared in the stage it builds on (BuildKit carries ARGs over)', 'FROM golang:1.22 AS base\nARG TARGETARCH\nFROM base AS build\nRUN echo $TARGETARCH', 0],
    ['ok: in FROM (the global scope)', 'FROM --platform=$BUILDPLATFORM golang:1.22', 0],
    ['ok: ENV of the stage', 'ARG VERSION=dev\nFROM golang:1.22\nENV VERSION=1.0\nRUN echo $VERSION', 0],
    ['ok: ENV of the parent stage', 'ARG VERSION=dev\nFROM golang:1.22 AS base\nENV VERSION=1.0\nFROM base\nRUN echo $VERSION', 0],
    ['ok: set by the RUN itself', 'ARG VERSION=dev\nFROM golang:1.22\nRUN VERSION=$(git describe --tags); go build -ldflags "-X main.version=$VERSION" .', 0],
    ['ok: exported by the RUN', 'ARG VERSION=dev\nFROM golang:1.22\nRUN export VERSION=1.2 && echo $VERSION', 0],
    ['ok: a loop variable', 'ARG TARGETARCH\nFROM golang:1.22\nRUN for TARGETARCH in amd64 arm64; do GOARCH=$TARGETARCH go build .; done', 0],
    ['ok: proxy args reach RUN without ARG', 'ARG HTTPS_PROXY\nFROM golang:1.22\nRUN echo $HTTPS_PROXY', 0],
    ['ok: shell variables', 'FROM golang:1.22\nRUN echo $HOME $PATH $PWD $1 $@ $GOPATH', 0],
    ['ok: a global named like an image variable', 'ARG GOPATH=/go\nFROM golang:1.22\nRUN echo $GOPATH', 0],
    ['ok: escaped', 'FROM golang:1.22\nRUN echo \\$TARGETARCH', 0],
    ['ok: CMD runs later, not at build time', 'FROM golang:1.22\nCMD echo $TARGETARCH', 0],
  ])('%s', (_name, text, count) => {
    expect(findings(text + '\n')).toHaveLength(count);
  });

  it('reports each variable once per stage', () => {
    expect(findings('FROM golang:1.22\nRUN echo $TARGETARCH\nRUN echo $TARGETARCH\n')).toHaveLength(1);
  });

  it('declares the ARG after the FROM and the ARG lines that follow it, in the order of the findings', () => {
    const text = 'ARG VERSION=dev\n  FROM golang:1.22 AS build\n  ARG TARGETOS\n  RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -ldflags "-X main.v=$VERSION" .\n';
    expect(fix(text)).toBe('ARG VERSION=dev\n  FROM golang:1.22 AS build\n  ARG TARGETOS\n  ARG TARGETARCH\n  ARG VERSION\n  RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -ldflags "-X main.v=$VERSION" .\n');
  });

  it('declares it at the end of a file without a final newline', () => {
    expect(fix('FROM golang:1.22\nRUN echo $TARGETOS')).toBe('FROM golang:1.22\nARG TARGETOS\nRUN echo $TARGETOS');
    expect(fix('FROM --platform=$BUILDPLATFORM \\\n  golang:1.22\nENV GOOS=$TARGETOS')).toBe('FROM --platform=$BUILDPLATFORM \\\n  golang:1.22\nARG TARGETOS\nENV GOOS=$TARGETOS');
  });

  it('changes nothing else', () => {
    const text = '# syntax=docker/dockerfile:1\nFROM golang:1.22 AS build\nWORKDIR /src\nRUN CGO_ENABLED=0 \\\n    GOARCH=$TARGETARCH go build .\n';
    expect(expectMinimalFix(text, {}, 'DF011')).toBe('# syntax=docker/dockerfile:1\nFROM golang:1.22 AS build\nARG TARGETARCH\nWORKDIR /src\nRUN CGO_ENABLED=0 \\\n    GOARCH=$TARGETARCH go build .\n');
  });
});
