/**
 * Inputs the fuzzers found, reduced by hand, each kept with what went wrong: every property of
 * properties.ts must hold for them from now on.
 */
import { describe, expect, it } from 'vitest';
import { checkCase, type FuzzCase } from './properties';

const GO_MOD = 'module example.com/app\n\ngo 1.22\n\nrequire github.com/go-chi/chi/v5 v5.0.12\n';
const MAIN = 'package main\n\nfunc main() {}\n';

const cases: [string, FuzzCase][] = [
  // dockerfile-utils recursed without end on a variable in an indented instruction before any FROM.
  ['a variable before any FROM, indented', { path: 'Dockerfile', text: ' RUN ["--help", "${BASE:+x}"]', files: {} }],
  // The shell splitter looped for ever (until out of memory) on a no-break space between words.
  ['a no-break space in a RUN', { path: 'Dockerfile', text: 'FROM golang:1.22\nRUN go build . \u00a0|| true\n', files: { 'go.mod': GO_MOD } }],
  // DF015 appended USER inside a heredoc that is never closed, or after a trailing line continuation.
  ['DF015 and an unclosed heredoc', { path: 'Dockerfile', text: 'FROM ubuntu:24.04\nRUN <<END\necho hi\n', files: {} }],
  ['DF015 and a continuation at the end', { path: 'Dockerfile', text: 'FROM ubuntu:24.04\nARG X \\\r\n', files: {} }],
  // DF003's conversion appended the runtime stage inside an unclosed heredoc.
  ['conversion and an unclosed heredoc', { path: 'Dockerfile', text: 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nRUN go build -o /out/app .\nRUN <<EOF\necho\n', files: { 'go.mod': GO_MOD, 'main.go': MAIN } }],
  // DC001 wrote block items into the flow sequence of an anchor a service merges in.
  [
    'DC001 and volumes merged from an anchor',
    { path: 'compose.yaml', text: 'x-env: &env\n  volumes: [~/go:/go, .:/app:ro]\nservices:\n  api:\n    <<: *env\n    image: golang:1.22\n', files: {} },
  ],
  // DF006 fixed `go mod download` alone; the later build then lost the modules of its layer (fix all took two passes).
  [
    'DF006 and a build reading the modules of an earlier layer',
    { path: 'Dockerfile', text: 'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod ./\nRUN go mod download\nCOPY . .\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /app .\n', files: { 'go.mod': GO_MOD, 'main.go': MAIN } },
  ],
  // DF004 moved `go env -w` to an ENV before go commands that ran without it (fix all then changed DF006's view).
  [
    'DF004 after other go commands in the RUN',
    { path: 'Dockerfile', text: 'FROM golang:1.22\nCOPY . .\nRUN go install ./... && go env -w GOFLAGS=-mod=mod\n', files: { 'go.mod': GO_MOD, 'main.go': MAIN, 'vendor/modules.txt': '# github.com/go-chi/chi/v5 v5.0.12\n' } },
  ],
  // A COPY heredoc whose delimiter line has trailing blanks is never closed: DF015 appended USER inside it.
  ['DF015 and a COPY heredoc left open', { path: 'Dockerfile', text: 'FROM debian:bookworm-slim\nCOPY <<EOF /etc/app.yaml\nlisten: 1\nEOF \t\nENTRYPOINT /app\n', files: {} }],
  // DF011 declared the ARG after the ARG line that used it.
  ['DF011 and an ARG line using a platform argument', { path: 'Dockerfile', text: 'FROM golang:1.22 AS build\nARG A=1 \\\n B=$TARGETPLATFORM\nRUN true\n', files: {} }],
  // In YAML that does not parse, DC002 inserted its keys mid-line over and over: fix all skips broken files.
  [
    'DC002 in YAML that does not parse',
    { path: 'compose.yaml', text: 'services:\n  api:\n    command: ["dlv", "debug", "--headless", "--listen=:2345"]\n    environment: {A: 0, B: ${X}}\n', files: {} },
  ],
  // DF006 mounted the cache on `go mod download` and the next download, and the build then lost its modules.
  [
    'DF006 and two downloads before the build',
    { path: 'Dockerfile', text: 'FROM golang:1.22\nWORKDIR /src\nCOPY go.mod ./\nRUN go mod download\nRUN go mod download\nCOPY . .\nRUN go build -o /app .\n', files: { 'go.mod': GO_MOD, 'main.go': MAIN } },
  ],
  // The conversion kept an instruction before FROM where Docker then found no FROM at all.
  ['conversion and an instruction before FROM', { path: 'Dockerfile', text: 'ENV A=1\nFROM golang:1.22\nCOPY . .\nRUN go build -o /app .\n', files: { 'go.mod': GO_MOD, 'main.go': MAIN } }],
  // golangTag threw on a tag ending in a lone \r (a CRLF file cut after its \r).
  ['DC010 and an image tag ending in \\r', { path: 'compose.yaml', text: 'services:\r\n  tools:\r\n    image: golang:1.22.5-bookworm\r', files: {} }],
  // DF006 fixed two RUNs in one pass; a third read its modules from the second's layer, which then had none.
  [
    'DF006 and a later RUN that read from a RUN fixed in the same pass',
    {
      path: 'Dockerfile',
      text: 'FROM golang:1.22\nCOPY . .\nRUN go build -o /app .\nRUN go install github.com/air-verse/air@v1.52.3\nRUN go get github.com/acme/tool\n',
      files: { 'go.mod': GO_MOD, 'main.go': MAIN },
    },
  ],
  // DF008 removed an ENV CGO_ENABLED line while an unclosed heredoc's `go env -w CGO_ENABLED=0` set it again.
  [
    'DF008 and go env -w in an unclosed heredoc',
    { path: 'Dockerfile', text: 'FROM alpine\nENV CGO_ENABLED 0\nRUN <<EOF\ngo env -w CGO_ENABLED=0\nFROM golang:1.22 AS debug\nRUN go run .\n', files: { 'go.mod': GO_MOD, 'main.go': 'package main\n\n// #include <stdio.h>\nimport "C"\n\nfunc main() {}\n' } },
  ],
  // DF008 dropped an inline CGO_ENABLED=0 from a RUN (in a heredoc left open) while an ENV above set 0 as well (`npm run fuzz`, run 2102).
  [
    'DF008 and an inline CGO_ENABLED=0 over an ENV with the same value',
    {
      path: 'Dockerfile',
      text: "﻿# check=skip=all\n# escape=`\nFROM --platform=${TARGETPLATFORM} ${TARGETOS:+x}\n\tENV HTTP_PROXY direct\t\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1\t\n ENV CGO_ENABLED 0\nRUN <<-EOF\nGOARCH=arm64 GOAMD64=v3 GOAMD64=v3 go build ./...\n-v m<F\n\n\tCMD [\"é\", \"ß\", \"/app\"]\t\nRUN --mount=type=secret,id=netrc,target=/root/.netrc --mount=type=secret,id=netrc,target=/root/.netrc go env -w GOPROXY=https://proxy.example.com,direct \n    FROM --platform=linux/amd64 builder AS builder\t\nFROM --platform=${TARGETPLATFORM} golang:${TARGETARCH:-1.22} AS build \nFROM --platform=linux/amd64 golang:latest AS build\n    RUN\n\tARG BASE=0 TARGETOS=linux\t\nARG TARGETOS=linux\nRUN --security=insecure GOOS=linux GOFLAGS=-mod=vendor GOARCH=${TARGETARCH} go build -ldflags=-s . &&`\n# comment in a continuation\n  CGO_ENABLED=0 GOINSECURE=example.com go build -ldflags=\"-s -w\" -tags netgo,osusergo -ldflags=-s ./... && go build -buildvcs=false -gcflags=\"all=-N -l\" ./... && sh scripts/build.sh \nFROM --platform=linux/amd64 golang:latest AS build\t\n RUN `\n",
      files: {"go.mod": "module example.com/app\n\ngo 1.23.4\n\ntoolchain go1.23.5\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n", "main.go": "package main\n\n// #include <stdio.h>\nimport \"C\"\n\nfunc main() {}\n", ".dockerignore": "vendor\n", "go.sum": "github.com/mattn/go-sqlite3 v1.14.22 h1:x=\n", "Makefile": "build:\n\tCGO_ENABLED=0 go build -o /app .\n", ".git/HEAD": "ref: refs/heads/main\n"},
    },
  ],
  // The conversion copied from a stage whose name Docker refuses, and doubled the error.
  ['conversion and a stage name Docker refuses', { path: 'Dockerfile', text: 'FROM golang:1.22 AS é\nCOPY . .\nRUN go build -o /app .\n', files: { 'go.mod': GO_MOD, 'main.go': MAIN } }],
  // The conversion threw on a COPY with no arguments (found by `npm run fuzz`).
  ['conversion and an empty COPY', { path: 'Dockerfile', text: 'FROM golang:1.22.5-bookworm AS build\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/batch .\nCOPY \nENTRYPOINT ["/batch"]\n', files: { 'go.mod': GO_MOD, 'main.go': MAIN } }],
  // DC012 wrote a plain `${X}` into a flow mapping `args: {}`, where braces are syntax (found by `npm run fuzz`).
  [
    'DC012 and a value with braces moved into a flow mapping',
    { path: 'compose.yaml', text: 'services:\n  worker:\n    environment:\n      HTTP_PROXY: ${X}\n    build:\n      args: {}\n      context: .\n', files: { Dockerfile: 'FROM golang:1.22\nRUN go mod download\n', 'go.mod': GO_MOD } },
  ],
  // The same into a flow sequence `args: [A=1]` (found by `npm run fuzz`).
  [
    'DC012 and a value with braces moved into a flow sequence',
    { path: 'compose.yaml', text: 'services:\n  worker:\n    environment:\n      HTTP_PROXY: ${X}\n    build:\n      args: [GO_VERSION=1.22]\n      context: .\n', files: { Dockerfile: 'FROM golang:1.22\nRUN go mod download\n', 'go.mod': GO_MOD } },
  ],
];

describe('fuzz regressions', () => {
  it.each(cases)('%s', (_name, input) => {
    expect(() => checkCase(input)).not.toThrow();
  });
});
