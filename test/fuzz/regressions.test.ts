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
  // DC012 wrote a list of values with braces unquoted into `build: {}` (`npm run fuzz`, compose run 16467).
  [
    "DC012 and a list written into an empty flow build",
    {
      path: "compose.dev.yaml",
      text: "# a comment\nx-go: &go\n    deploy: {resources: ~}\n    network_mode: bridge\n    labels:\n      - a=b\nx-common: &common\n    ports: []\n    network_mode: bridge\nservices:\n    debug:\n        <<: *go\n        environment:\n          - NO_PROXY=${X}\n          - HTTP_PROXY=${X}\n          - CGO_ENABLED=\n        build: {}\n        volumes:\n          - ./bin:/app\n          - {type: tmpfs, target: /tmp}\n          - $HOME/go/pkg/mod:/go/pkg/mod\n        mem_limit: \"256MiB\"\n        image: golang:latest\n        cap_add:\n          - SYS_PTRACE\n          - ALL\n        é: always\n        env_file: .env\nvolumes:\n  gomod:\n  gocache: {}\n",
      files: {"Dockerfile": "FROM golang:1.22 AS build\nRUN go build -o /app .\nFROM scratch AS runtime\nCOPY --from=build /app /app\n", "api/Dockerfile": "FROM golang:1.22-alpine AS dev\n", "go.mod": "module example.com/app\n\ngo 1.22\n", ".air.toml": "not = [toml\n"},
    },
  ],
  // DF027 removed the last of two `-gcflags="all=-N -l"`; the first then applied (`npm run fuzz`, run 2120).
  [
    "DF027 and -gcflags given twice",
    {
      path: "app.Dockerfile",
      text: "#syntax=docker/dockerfile:1.7\n# escape=\\\nFROM --platform=${TARGETPLATFORM} ${BASE:-1.22} AS build\nFROM --platform=${TARGETPLATFORM} golang@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa AS Build\n    ARG VERSION=linux CGO_ENABLED= VERSION=0\nRUN --network=none GOPRIVATE=github.com/acme GOOS=$TARGETOS go build -race -gcflags=\"all=-N -l\" -gcflags=\"all=-N -l\" main.go | GOOS=$TARGETOS GOFLAGS=-mod=vendor CGO_ENABLED=0 go build .;\\\napk add git \\\n",
      files: {"go.mod": "module x\n", "main.go": "package main\n\nimport _ \"time/tzdata\"\n", "cmd/api/main.go": "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":80\", nil) }\n", "go.sum": "github.com/mattn/go-sqlite3 v1.14.22 h1:x=\n", "Makefile": "release:\n\tgo build -ldflags \"-s -w\" ./...\n", "build.sh": "#!/bin/sh\nset -e\ngo build -o /app ./cmd/api\n"},
    },
  ],
  // A compose file cut after its last \r read target "debug\r": DC011 said the existing stage was missing (`npm run fuzz`, run 8664).
  [
    "DC011 and a compose file ending in a lone \\r",
    {
      path: "invalid.compose.yaml",
      text: "﻿services:\r\n  api:\r\n    build:\r\n      context: .\r\n      target: debug\r",
      files: {".air.toml": "root = \".\"\ntmp_dir = \"tmp\"\n\n[build]\n  # Rebuild on every change.\n  cmd = \"go build -o ./tmp/main ./cmd/api\"\n  full_bin = \"dlv exec --headless --listen=:2345 --accept-multiclient --continue ./tmp/main\"\n  poll = true\n", "Dockerfile": "FROM golang:1.22.5-bookworm AS debug\nRUN go install github.com/go-delve/delve/cmd/dlv@v1.23.0\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -trimpath -o /out/api ./cmd/api\nCMD [\"dlv\", \"exec\", \"/out/api\", \"--headless\", \"--listen=:2345\", \"--accept-multiclient\", \"--continue\"]\n\nFROM golang:1.22.5-bookworm AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -ldflags=\"-s -w\" -o /out/api ./cmd/api\n\nFROM gcr.io/distroless/static-debian12\nCOPY --from=build /out/api /api\nENTRYPOINT [\"/api\"]\n", "air-debug.toml": "root = \".\"\ntmp_dir = \"tmp\"\n\n[build]\n  cmd = \"go build -gcflags='all=-N -l' -o ./tmp/main ./cmd/api\"\n  full_bin = \"dlv exec --headless --listen=:2345 --accept-multiclient --continue ./tmp/main\"\n  poll = true\n", "debug.Dockerfile": "FROM golang:1.22.5-bookworm AS debug\nRUN go install github.com/go-delve/delve/cmd/dlv@v1.23.0\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -gcflags=\"all=-N -l\" -o /out/api ./cmd/api\nCMD [\"dlv\", \"exec\", \"/out/api\", \"--headless\", \"--listen=:2345\", \"--accept-multiclient\", \"--continue\"]\n", "go.mod": "module example.com/orders\n\ngo 1.22.5\n", "invalid.diagnostics.txt": "2:3 DC006 Service \"api\" debugs /out/api with `dlv exec` (in the Dockerfile's CMD), but the go build on line 5 of the Dockerfile builds it without -gcflags=\"all=-N -l\": breakpoints are skipped and variables are optimised away\n10:3 DC006 Service \"hot\" debugs ./tmp/main with `dlv exec` (in .air.toml build.full_bin), but .air.toml build.cmd builds it without -gcflags=\"all=-N -l\": breakpoints are skipped and variables are optimised away\n24:61 DC006 Service \"worker\" debugs /tmp/worker with `dlv exec`, but `command` builds it without -gcflags=\"all=-N -l\": breakpoints are skipped and variables are optimised away\n29:86 DC006 Service \"jobs\" debugs /tmp/jobs with `dlv exec`, but `command` builds it with -gcflags=\"-N -l\", which turns optimisations off only in the packages it names: use \"all=-N -l\" so breakpoints hold in every package\n", "invalid.fixed.compose.yaml": "services:\n  api:\n    build:\n      context: .\n      target: debug\n    ports:\n      - \"127.0.0.1:2345:2345\"\n    cap_add: [SYS_PTRACE]\n    security_opt: [seccomp:unconfined]\n  hot:\n    build:\n      context: .\n      target: debug\n    working_dir: /src\n    command: air\n    volumes:\n      - .:/src\n      - gomod:/go/pkg/mod\n      - gobuild:/root/.cache/go-build\n    cap_add: [SYS_PTRACE]\n    security_opt: [seccomp:unconfined]\n  worker:\n    image: golang:1.22.5-bookworm\n    command: sh -c \"go build -gcflags='all=-N -l' -o /tmp/worker ./cmd/worker && dlv exec /tmp/worker --headless --listen=:2346 --accept-multiclient --continue\"\n    cap_add: [SYS_PTRACE]\n    security_opt: [seccomp:unconfined]\n  jobs:\n    image: golang:1.22.5-bookworm\n    command: [\"sh\", \"-c\", \"go build -gcflags='all=-N -l' -o /tmp/jobs ./cmd/jobs && exec dlv exec /tmp/jobs --headless --listen=:2347\"]\n    cap_add: [SYS_PTRACE]\n    security_opt: [seccomp:unconfined]\n\nvolumes:\n  gomod:\n  gobuild:\n", "valid.compose.yaml": "services:\n  api:\n    build:\n      context: .\n      dockerfile: debug.Dockerfile\n      target: debug\n    ports:\n      - \"127.0.0.1:2345:2345\"\n    cap_add: [SYS_PTRACE]\n    security_opt: [seccomp:unconfined]\n  hot:\n    build:\n      context: .\n      dockerfile: debug.Dockerfile\n      target: debug\n    working_dir: /src\n    command: air -c air-debug.toml\n    volumes:\n      - .:/src\n      - gomod:/go/pkg/mod\n      - gobuild:/root/.cache/go-build\n    cap_add: [SYS_PTRACE]\n    security_opt: [seccomp:unconfined]\n  # dlv debug compiles with -N -l itself.\n  worker:\n    image: golang:1.22.5-bookworm\n    command: dlv debug ./cmd/worker --headless --listen=:2346 --accept-multiclient --continue\n    cap_add: [SYS_PTRACE]\n    security_opt: [seccomp:unconfined]\n  # Attaching debugs whatever runs: nothing here says how it was built.\n  jobs:\n    image: example/jobs:1.0\n    command: [\"sh\", \"-c\", \"/app/jobs & exec dlv attach --headless --listen=:2347 $$!\"]\n    cap_add: [SYS_PTRACE]\n    security_opt: [seccomp:unconfined]\n\nvolumes:\n  gomod:\n  gobuild:\n"},
    },
  ],
  // DC007 added a volume after a line of blanks with a tab, which a lone \r had ended (`npm run fuzz` at 2,000).
  [
    "DC007 and lines ending in \\r followed by blanks",
    {
      path: "invalid.compose.yaml",
      text: "# Hot reload with air: the sources are mounted over /src.\r \t\nservices:\r \t\n  api:\r \t\n    build:\r \t\n      context: .\r \t\n      target: dev\r \t\n    volumes:\r \t\n      - .:/src\r \t\n      - gomod:/go/pkg/mod\r \t\n    ports:\r \t\n      - \"8080:8080\"\r \t\n\r \t\n  worker:\r \t\n    working_dir: /src\r \t\n    command: [\"-c\", \"air.worker.toml\"]\r \t\n    volumes:\r \t\n      - .:/src\r \t\n\r \t\nvolumes:\r \t\n  gomod:\r \t\n",
      files: {".air.toml": "root = \".\"\ntmp_dir = \"tmp\"\n\n[build]\n  cmd = \"go build -o ./tmp/api ./cmd/api\"\n  bin = \"./tmp/api\"\n  include_ext = [\"go\", \"tmpl\"]\n  poll = false   # events work on Linux\n  delay = 500\n", "Dockerfile": "FROM golang:1.22.5-bookworm AS dev\nRUN go install github.com/air-verse/air@v1.61.7\nWORKDIR /src\nCOPY go.mod ./\nRUN go mod download\nCMD [\"air\", \"-c\", \".air.toml\"]\n", "air.polling.toml": "[build]\n  cmd = \"go build -o ./tmp/api ./cmd/api\"\n  bin = \"./tmp/api\"\n  poll = true\n  poll_interval = 500\n", "go.mod": "module example.com/notes\n\ngo 1.22.5\n", "invalid.diagnostics.txt": "3:3 DC013 Service \"api\" runs air on a bind-mounted source with poll = false in .air.toml: on Docker Desktop (macOS, Windows, WSL2) file events do not cross the mount, so air never rebuilds\n16:14 DC013 Service \"worker\" runs air on a bind-mounted source with no air.worker.toml (air's default is poll = false): on Docker Desktop (macOS, Windows, WSL2) file events do not cross the mount, so air never rebuilds\n", "invalid.fixed.compose.yaml": "# Hot reload with air: the sources are mounted over /src.\nservices:\n  api:\n    build:\n      context: .\n      target: dev\n    volumes:\n      - .:/src\n      - gomod:/go/pkg/mod\n    ports:\n      - \"8080:8080\"\n\n  worker:\n    image: cosmtrek/air:v1.61.7\n    working_dir: /src\n    command: [\"-c\", \"air.worker.toml\"]\n    volumes:\n      - .:/src\n\nvolumes:\n  gomod:\n", "valid.compose.yaml": "# Hot reload with air, polling for changes.\nservices:\n  api:\n    build:\n      context: .\n      target: dev\n    command: [\"air\", \"-c\", \"air.polling.toml\"]\n    volumes:\n      - .:/src\n      - gomod:/go/pkg/mod\n      - gobuild:/root/.cache/go-build\n\n  worker:\n    image: cosmtrek/air:v1.61.7\n    working_dir: /src\n    command: [\"--build.poll\", \"true\"]\n    volumes:\n      - .:/src\n      - gomod:/go/pkg/mod\n      - gobuild:/root/.cache/go-build\n\n  image-only:\n    build:\n      context: .\n      target: dev   # no bind mount: air sees only the sources copied into the image\n\nvolumes:\n  gomod:\n  gobuild:\n"},
    },
  ],
  // DC001 removed one of two copies of `~/go:/go`; the other was then offered the same fix (`npm run fuzz`, run 21191).
  [
    "DC001 and a GOPATH mount listed twice",
    {
      path: "deploy/compose.yaml",
      text: "# a comment\nversion: \"3.8\"\nx-common: &common\n    privileged: true\n    security_opt: []\nx-dlv: &dlv\n    environment: {}\n    mem_limit: \"256MiB\"\n    network_mode: \"service:db\"\nservices:\n    \"quoted name\":\n        <<: *dlv\n        volumes: [{type: volume, source: gomod, target: /go/pkg/mod}, gocache:/root/.cache/go-build, ~/go:/go, ~/go:/go]\n        entrypoint: \"go run .\"\n        x-custom: []\n        image: golang:latest\n        security_opt: [no-new-privileges:true, seccomp:unconfined, seccomp:unconfined, apparmor:unconfined]\n        privileged: \"true\"\n        deploy: {resources: {limits: {}}}\n        env_file: []\nnetworks:\n  default: {}\n",
      files: {"Dockerfile": "FROM golang\n", "go.mod": "module example.com/app\n\ngo 1.22\n", ".air.toml": "[build]\ncmd = \"go build -o ./tmp/main .\"\npoll = false\n"},
    },
  ],
  // DF004 removed `go env -w` with the `<<-EOF` its continuation had joined to it, leaving the heredoc body as instructions (`npm run fuzz`, run 2323).
  [
    "DF004 and a continuation into a heredoc RUN",
    {
      path: "Dockerfile.dev",
      text: "FROM --platform=${TARGETPLATFORM} scratch AS builder\r\n ADD --chmod=755 . /etc/ssl/certs/\r\n    HEALTHCHECK NONE \\\r\n    COPY --link go.mod /src/\r\nLABEL a=b \"c d\"=\"e\"\r\nFROM --platform=${TARGETPLATFORM} golang:${TARGETOS:-1.22} AS é \\\r\nRUN --mount=type=secret,id=netrc,target=/root/.netrc --mount=type=cache,id=gomod,target=/go/pkg/mod,sharing=locked go env -w GOFLAGS=-mod=mod CGO_ENABLED=0 && echo \"machine github.com login x password y\" > ~/.netrc &&\\\r\n# comment in a continuation\r\n  go generate ./... ; go get -u ./...\t\r\nRUN --network=none : \\\r\n  && go build -v -a -ldflags=-s -buildvcs=false ./... &&\\\r\n# comment in a continuation\r\n  ${TARGETOS}\r\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=bind,source=.,target=/src GOFLAGS=-buildvcs=false go build -o /app . && x=y ./cmd/api;\\\r\ngo env -w GOPROXY=https://proxy.example.com,direct \\\r\nRUN --mount=type=cache,target=/go/pkg/mod <<-EOF\r\napp --help /app ${CGO_ENABLED:+x}\r\nGOFLAGS=-buildvcs=false go build -o /app .\r\nEOF \r\nARG APP='x'\r\nFROM --platform=$BUILDPLATFORM golang:${VERSION AS runtime\r\n    ENV GOPROXY=0 HTTP_PROXY=\"a b\" HTTP_PROXY=1\r\nRUN : && go run . | go vet ./... && go mod vendor",
      files: {"cmd/api/main.go": "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":80\", nil) }\n", ".dockerignore": "vendor\n", "go.sum": "github.com/mattn/go-sqlite3 v1.14.22 h1:x=\n", "Makefile": "build:\n\tCGO_ENABLED=0 go build -o /app .\n", ".git/HEAD": "ref: refs/heads/main\n"},
    },
  ],
  // The conversion wrote `ENV BUILD_TAGS="netgo \\⏎ osusergo"` from its parsed value, without quotes (`npm run fuzz`, run 10083).
  [
    "conversion and an ENV value over two lines",
    {
      path: "invalid.fixed.Dockerfile",
      text: "# syntax=docker/dockerfile:1\nARG GO_VERSION=1.22.5\n\nFROM golang:${GO_VERSION}-bookworm AS build\nENV CGO_ENABLED=0\nENV GOFLAGS=\"-mod=mod -trimpath\"\nENV GOPRIVATE=\"git.example.com/*\"\nENV PATH=/go/bin:$PATH\nENV BUILD_TAGS=\"netgo \\\n    osusergo\"\nWORKDIR /src\nCOPY go.mod ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    go build -tags \"$BUILD_TAGS\" -ldflags=\"-s -w\" -o /out/orders .",
      files: {".dockerignore": ".git\n.github\nbin/\n*.md\n", "go.mod": "module example.com/orders\n\ngo 1.22.5\n", "invalid.Dockerfile": "# syntax=docker/dockerfile:1\nARG GO_VERSION=1.22.5\n\nFROM golang:${GO_VERSION}-bookworm AS build\nENV CGO_ENABLED 0\nENV GOFLAGS -mod=mod -trimpath\nENV GOPRIVATE \"git.example.com/*\"\nENV PATH /go/bin:$PATH\nENV BUILD_TAGS \\\n    netgo \\\n    osusergo\nWORKDIR /src\nCOPY go.mod ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    go build -tags \"$BUILD_TAGS\" -ldflags=\"-s -w\" -o /out/orders .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nLABEL org.opencontainers.image.source https://git.example.com/shop/orders\nENV GODEBUG http2client=0,tlsrsakex=1\nCOPY --from=build /out/orders /orders\nENTRYPOINT [\"/orders\"]\n", "invalid.diagnostics.txt": "5:5 DF028 `ENV CGO_ENABLED 0` uses the deprecated space-separated form (BuildKit warns LegacyKeyValueFormat)\n6:5 DF028 `ENV GOFLAGS -mod=mod -trimpath` uses the deprecated space-separated form (BuildKit warns LegacyKeyValueFormat)\n7:5 DF028 `ENV GOPRIVATE \"git.example.com/*\"` uses the deprecated space-separated form (BuildKit warns LegacyKeyValueFormat)\n8:5 DF028 `ENV PATH /go/bin:$PATH` uses the deprecated space-separated form (BuildKit warns LegacyKeyValueFormat)\n9:5 DF028 `ENV BUILD_TAGS netgo osusergo` uses the deprecated space-separated form (BuildKit warns LegacyKeyValueFormat)\n21:7 DF028 `LABEL org.opencontainers.image.source https://git.example.com/shop/orders` uses the deprecated space-separated form (BuildKit warns LegacyKeyValueFormat)\n22:5 DF028 `ENV GODEBUG http2client=0,tlsrsakex=1` uses the deprecated space-separated form (BuildKit warns LegacyKeyValueFormat)\n", "valid.Dockerfile": "# syntax=docker/dockerfile:1\nARG GO_VERSION=1.22.5\n\nFROM golang:${GO_VERSION}-bookworm AS build\nENV CGO_ENABLED=0 \\\n    GOFLAGS=\"-mod=mod -trimpath\" \\\n    PATH=/go/bin:$PATH\nARG VERSION=dev\nWORKDIR /src\nCOPY go.mod ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    go build -ldflags=\"-s -w -X main.version=${VERSION}\" -o /out/orders .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nLABEL org.opencontainers.image.source=\"https://git.example.com/shop/orders\" \\\n      org.opencontainers.image.title=orders\nCOPY --from=build /out/orders /orders\nENTRYPOINT [\"/orders\"]\n"},
    },
  ],
  // A COPY source `_0z[` threw "Invalid regular expression" in namesGoMod and ended the lint (`npm run fuzz`, run 2486).
  [
    "a COPY source with a lone [",
    {
      path: "app.Dockerfile",
      text: "﻿# escape=\\\nFROM ${X:-1.22} AS builder\t\nCOPY --parents /usr/share/zoneinfo /usr/local/bin/ \\\nRUN --mount=type=cache,target=/root/.cache/go-build /src server _0z[ $BASE && \\\n\n  go mod verify ; make -f build.mk release \n\tHEALTHCHECK CMD wget -q -O- localhost:8080\nRUN <<'EOF'\nserver x=y é\ngo get github.com/acme/tool\n\nVOLUME [\"/a\", \"/b\"]\t\n\tRUN go test ./... | go env -w GOPROXY=https://proxy.example.com,direct \\\n  && CGO_ENABLED=1 GOAMD64=v3 go build main.go && main.go true\n\tRUN --mount=type=bind,source=.,target=/src 👩‍💻 && \\\n\n  go generate ./... && GOFLAGS=-buildvcs=false go build -o /app .;\\\ngo env -w GOFLAGS=-mod=mod CGO_ENABLED=0\nFROM --platform=${TARGETPLATFORM} golang AS debug\n# שלום \n    RUN --mount=type=cache,target=/root/.cache/go-build <<\"EOF\"\ngo env -w GOPROXY=https://proxy.example.com,direct\n:\nEOF \nENV HTTP_PROXY http://proxy:3128 extra\nFROM --platform=$BUILDPLATFORM golang:1.22.5-alpine3.20 AS debug \\\nENV CGO_ENABLED 0\nCOPY --from=0 --chmod=755 https://example.com/x.tgz go.mod /app /usr/share/zoneinfo\n RUN --mount=type=cache,id=gomod,target=/go/pkg/mod,sharing=locked go build -o /app -ldflags \"-s -w\" . \\\nENV GOPROXY direct\t\n",
      files: {"go.mod": "module example.com/app\n\ngo 1.21\n\nreplace example.com/lib => ../lib\n", "cmd/api/main.go": "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":80\", nil) }\n", ".dockerignore": "# nothing\n", "go.sum": "github.com/mattn/go-sqlite3 v1.14.22 h1:x=\n", "vendor/modules.txt": "# github.com/mattn/go-sqlite3 v1.14.22\n## explicit\n", "build.sh": "#!/bin/sh\nset -e\ngo build -o /app ./cmd/api\n", ".git/HEAD": "ref: refs/heads/main\n"},
    },
  ],
  // The conversion copied `ENV CG`, which Docker refuses, into the runtime stage (`npm run fuzz`, run 12125).
  [
    "conversion and an ENV without a value",
    {
      path: "valid.Dockerfile",
      text: "# syntax=docker/dockerfile:1 \t\nFROM --platform=$BUILDPLATFORM golang:1.22.5-bookworm AS build \t\nARG TARGETOS TARGETARCH \t\n# GOOS=linux alone changes nothing for a Linux image. \t\nENV CG \t\nWORKDIR /src \t\nCOPY go.mod ./ \t\nRUN --mount=type=cache,target=/go/pkg/mod go mod download \t\nCOPY . . \t\nRUN --mount=type=cache,target=/go/pkg/mod \\ \t\n \t\n    GOARCH=$TARGETARCH go build -trimpath -ldflags=\"-s -w\" -o /out/api . \t\n    --mount=type=cache,target=/root/.cache/go-build \\ \t\nFROM gcr.io/distroless/static-debian12:nonroot \t\nCOPY --from=build /out/api /api \t\nENTRYPOINT [\"/api\"]",
      files: {".dockerignore": ".git\nbin/\ntmp/\n", "go.mod": "module example.com/api\n\ngo 1.22.5\n", "invalid.Dockerfile": "# syntax=docker/dockerfile:1\nFROM golang:1.22.5-bookworm AS build\nENV CGO_ENABLED=0 GOOS=linux GOARCH=amd64\nWORKDIR /src\nCOPY go.mod ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    go build -trimpath -ldflags=\"-s -w\" -o /out/api .\n\nFROM golang:1.22.5-bookworm AS healthcheck\nARG TARGETARCH\nWORKDIR /src\nCOPY go.mod ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    CGO_ENABLED=0 GOARCH=$TARGETARCH go build -trimpath -ldflags=\"-s -w\" -o /out/healthcheck ./cmd/healthcheck\n\nFROM --platform=$BUILDPLATFORM golang:1.22.5-bookworm AS migrate\nWORKDIR /src\nCOPY go.mod ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    CGO_ENABLED=0 go build -trimpath -ldflags=\"-s -w\" -o /out/migrate ./cmd/migrate\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/api /api\nCOPY --from=healthcheck /out/healthcheck /healthcheck\nCOPY --from=migrate /out/migrate /migrate\nENTRYPOINT [\"/api\"]\n", "invalid.diagnostics.txt": "3:30 DF010 GOARCH=amd64 is hard-coded for /out/api (stage build): an image built for another platform (docker build --platform, or on an arm64 machine) claims that platform but ships a binary for amd64, which fails with \"exec format error\"\n12:6 DF010 stage healthcheck builds /out/healthcheck for $TARGETARCH without FROM --platform=$BUILDPLATFORM: for every other platform of a multi-platform build the Go compiler itself runs under emulation (slow), although Go cross-compiles natively\n29:5 DF010 stage migrate runs on $BUILDPLATFORM but /out/migrate is built without GOARCH: the binary is for the build machine, not for the image's $TARGETPLATFORM\n", "invalid.fixed.Dockerfile": "# syntax=docker/dockerfile:1\nFROM --platform=$BUILDPLATFORM golang:1.22.5-bookworm AS build\nARG TARGETARCH\nENV CGO_ENABLED=0 GOOS=linux GOARCH=$TARGETARCH\nWORKDIR /src\nCOPY go.mod ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    go build -trimpath -ldflags=\"-s -w\" -o /out/api .\n\nFROM --platform=$BUILDPLATFORM golang:1.22.5-bookworm AS healthcheck\nARG TARGETARCH\nWORKDIR /src\nCOPY go.mod ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    CGO_ENABLED=0 GOARCH=$TARGETARCH go build -trimpath -ldflags=\"-s -w\" -o /out/healthcheck ./cmd/healthcheck\n\nFROM --platform=$BUILDPLATFORM golang:1.22.5-bookworm AS migrate\nARG TARGETOS TARGETARCH\nWORKDIR /src\nCOPY go.mod ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    GOOS=$TARGETOS GOARCH=$TARGETARCH CGO_ENABLED=0 go build -trimpath -ldflags=\"-s -w\" -o /out/migrate ./cmd/migrate\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/api /api\nCOPY --from=healthcheck /out/healthcheck /healthcheck\nCOPY --from=migrate /out/migrate /migrate\nENTRYPOINT [\"/api\"]\n", "main.go": "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n)\n\nfunc main() {\n\thttp.HandleFunc(\"/healthz\", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })\n\tlog.Fatal(http.ListenAndServe(\":8080\", nil))\n}\n"},
    },
  ],
  // DF015 appended USER after a continuation that comment and blank lines carried to the end of the file (`npm run fuzz`, run 4245).
  [
    'DF015 and a continuation carried to the end by a comment line',
    {
      path: "app.Dockerfile",
      text: "# syntax=docker/dockerfile:1\n# escape=`\nFROM --platform=${TARGETPLATFORM} golang:1.22 AS debug\nHEALTHCHECK --interval=30s --timeout=3s CMD [\"/app\", \"health\"] `\nFROM golang AS Build\n    # 🐳\nFROM --platform=linux/amd64 ubuntu:24.04 AS builder\nVOLUME [\"/a\", \"/b\"]\nARG\n RUN --mount=type=cache,id=gomod,target=/go/pkg/mod,sharing=locked true;`\ngo install ./cmd/... && `\n\n  go build -o /app -ldflags \"-s -w\" . `\n# Ω\t\n",
      files: {"go.mod": "module example.com/app\n\ngo 1.23.4\n\ntoolchain go1.23.5\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n", "main.go": "package main\n\nimport _ \"time/tzdata\"\n", "cmd/api/main.go": "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":80\", nil) }\n", ".dockerignore": "*\n!go.mod\n!go.sum\n!*.go\n", "go.sum": "github.com/mattn/go-sqlite3 v1.14.22 h1:x=\n", "vendor/modules.txt": "# github.com/mattn/go-sqlite3 v1.14.22\n## explicit\n", "Makefile": "build:\n\tCGO_ENABLED=0 go build -o /app .\n", "build.sh": "#!/bin/sh\nset -e\ngo build -o /app ./cmd/api\n", ".git/HEAD": "ref: refs/heads/main\n"},
    },
  ],
  // The conversion of a file whose quoted ENV value runs on into the runtime FROM gave a new syntax error: it is not offered now (`npm run fuzz`, run 12317).
  [
    'conversion and an ENV continued into the runtime FROM',
    {
      path: "invalid.fixed.Dockerfile",
      text: "﻿# syntax=docker/dockerfile:1 \t \t\nARG GO_VERSION=1.22.5 \t \t\n \t \t\nFROM golang:${GO_VERSION}-bookworm AS build \t \t\nENV CGO_ENABLED=0 \t \t\nENV GOFLAGS=\"-mod=mod -trimpath\" \t \t\nENV GOPRIVATE=\"git.example.com/*\" \t \t\nENV PATH=/go/bin:$PATH \t \t\n \t \t\n    osusergo\" \t \t\nWORKDIR /src \t \t\nCOPY go.mod ./ \t \t\nRUN --mount=type=cache,target=/go/pkg/mod go mod download \t \t\nCOPY . . \t \t\nRUN --mount=type=cache,target=/go/pkg/mod \\ \t \t\n    --mount=type=cache,target=/root/.cache/go-build \\ \t \t\n    go build -tags \"$BUILD_TAGS\" -ldflags=\"-s -w\" -o /out/orders . \t \t\nENV BUILD_TAGS=\"netgo \\ \t \t\nFROM gcr.io/distroless/static-debian12:nonroot \t \t\nLABEL org.opencontainers.image.source=https://git.example.com/shop/orders \t \t\nENV GODEBUG=http2client=0,tlsrsakex=1 \t \t\nCOPY --from=build /out/orders /orders \t \t\nENTRYPOINT [\"/orders\"] \t \t\n",
      files: {".dockerignore": ".git\n.github\nbin/\n*.md\n", "go.mod": "module example.com/orders\n\ngo 1.22.5\n", "invalid.Dockerfile": "# syntax=docker/dockerfile:1\nARG GO_VERSION=1.22.5\n\nFROM golang:${GO_VERSION}-bookworm AS build\nENV CGO_ENABLED 0\nENV GOFLAGS -mod=mod -trimpath\nENV GOPRIVATE \"git.example.com/*\"\nENV PATH /go/bin:$PATH\nENV BUILD_TAGS \\\n    netgo \\\n    osusergo\nWORKDIR /src\nCOPY go.mod ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    go build -tags \"$BUILD_TAGS\" -ldflags=\"-s -w\" -o /out/orders .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nLABEL org.opencontainers.image.source https://git.example.com/shop/orders\nENV GODEBUG http2client=0,tlsrsakex=1\nCOPY --from=build /out/orders /orders\nENTRYPOINT [\"/orders\"]\n", "invalid.diagnostics.txt": "5:5 DF028 `ENV CGO_ENABLED 0` uses the deprecated space-separated form (BuildKit warns LegacyKeyValueFormat)\n6:5 DF028 `ENV GOFLAGS -mod=mod -trimpath` uses the deprecated space-separated form (BuildKit warns LegacyKeyValueFormat)\n7:5 DF028 `ENV GOPRIVATE \"git.example.com/*\"` uses the deprecated space-separated form (BuildKit warns LegacyKeyValueFormat)\n8:5 DF028 `ENV PATH /go/bin:$PATH` uses the deprecated space-separated form (BuildKit warns LegacyKeyValueFormat)\n9:5 DF028 `ENV BUILD_TAGS netgo osusergo` uses the deprecated space-separated form (BuildKit warns LegacyKeyValueFormat)\n21:7 DF028 `LABEL org.opencontainers.image.source https://git.example.com/shop/orders` uses the deprecated space-separated form (BuildKit warns LegacyKeyValueFormat)\n22:5 DF028 `ENV GODEBUG http2client=0,tlsrsakex=1` uses the deprecated space-separated form (BuildKit warns LegacyKeyValueFormat)\n", "valid.Dockerfile": "# syntax=docker/dockerfile:1\nARG GO_VERSION=1.22.5\n\nFROM golang:${GO_VERSION}-bookworm AS build\nENV CGO_ENABLED=0 \\\n    GOFLAGS=\"-mod=mod -trimpath\" \\\n    PATH=/go/bin:$PATH\nARG VERSION=dev\nWORKDIR /src\nCOPY go.mod ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    go build -ldflags=\"-s -w -X main.version=${VERSION}\" -o /out/orders .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nLABEL org.opencontainers.image.source=\"https://git.example.com/shop/orders\" \\\n      org.opencontainers.image.title=orders\nCOPY --from=build /out/orders /orders\nENTRYPOINT [\"/orders\"]\n"},
    },
  ],
  // DF008's fix removed an ENV right after FROM and inserted the compiler there, listed after the deletion: "Overlapping edit" (`npm run fuzz`, run 4259).
  [
    'DF008 and an ENV right after an alpine FROM',
    {
      path: "Dockerfile.dev",
      text: "﻿# escape=\\\n# syntax=docker/dockerfile:1\nFROM --platform=linux/amd64 scratch AS dev\nRUN [\"main.go\", \"${TARGETARCH:-1.22}\"] \\\nFROM --platform=${TARGETPLATFORM} golang:1.22.5-alpine3.20 AS build \\\n # godock-ignore DF009\n    RUN --mount=type=cache,target=/root/.cache/go-build --mount=type=bind,source=.,target=/src apk add git;\\\nmain.go . ${APP:+x} && \\\n\n  GOOS=$TARGETOS GOFLAGS=-mod=vendor go build -buildvcs=false -a -gcflags=\"all=-N -l\" ./... ; $CGO_ENABLED ${TARGETOS} \"2H_ app\nFROM --platform=${TARGETPLATFORM} golang:1.22.5-alpine3.20 AS runtime\n\tENV CGO_ENABLED 0\n\tRUN --mount=type=cache,id=gomod,target=/go/pkg/mod,sharing=locked [\"-v\", \"${BASE:-1.22}\", \"ß\", \"./cmd/api\"]\t\nRUN true &&\\\n# comment in a continuation\n  sh scripts/build.sh \n    RUN --mount=type=cache,target=/go/pkg/mod <<-EOF\n\n\tENV HTTP_PROXY=linux\t\nRUN --mount=type=cache,target=/go/pkg/mod --mount=type=cache,target=/go/pkg/mod go vet ./... | go install github.com/go-delve/delve/cmd/dlv@latest \\\n  && go build -o /app -ldflags \"-s -w\" . \\\n  && go get -u ./...\n",
      files: {"go.mod": "module example.com/app\n\ngo 1.22\n", "main.go": "package main\n\n// #include <stdio.h>\nimport \"C\"\n\nfunc main() {}\n", ".dockerignore": ".git\n", "go.sum": "github.com/mattn/go-sqlite3 v1.14.22 h1:x=\n", "vendor/modules.txt": "# github.com/mattn/go-sqlite3 v1.14.22\n## explicit\n", "Makefile": "release:\n\tgo build -ldflags \"-s -w\" ./...\n", "build.sh": "#!/bin/sh\nset -e\ngo build -o /app ./cmd/api\n"},
    },
  ],
  // A misspelled flag beside --platform hid it from the model (dockerfile-ast answers only a sole flag): DF010's fix left its finding (`npm run fuzz`, run 16589).
  [
    'DF010 and a misspelled FROM flag',
    {
      path: 'Dockerfile',
      text: 'FROM --tform=$BUILDPLATFORM golang:1.22 AS build\nARG TARGETARCH\nENV CGO_ENABLED=0\nCOPY . .\nRUN GOARCH=$TARGETARCH go build -o /out/api .\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/api /api\n',
      files: { 'go.mod': GO_MOD, 'main.go': MAIN },
    },
  ],
  // DF008 dropped the last of two `CGO_ENABLED=0` prefixes of one command, which uncovered the first (`npm run fuzz`, run 5806).
  [
    'DF008 and CGO_ENABLED=0 given twice to one command',
    {
      path: 'Dockerfile',
      text: 'FROM golang:1.22\nCOPY . .\nRUN CGO_ENABLED=0 CGO_ENABLED=0 go build -o /app .\n',
      files: { 'go.mod': GO_MOD, 'main.go': 'package main\n\n// #include <stdio.h>\nimport "C"\n\nfunc main() {}\n' },
    },
  ],
  // The shell model ended a word at `\` + a lone \r and the blank line after it; DF024 put @latest after the
  // continuation and broke it (mutated fixtures, run 19774).
  [
    'DF024 and a word continued past a lone \\r and a blank line',
    { path: 'Dockerfile', text: 'FROM golang:1.22.5-bookworm AS dev\nRUN go install github.com/air-verse/a\\\r \t\nir\n', files: {} },
  ],
  // An ADD whose heredoc is never closed: DF015 appended USER inside it (only RUN and COPY were checked; run 7590).
  ['DF015 and an ADD heredoc left open', { path: 'Dockerfile', text: 'FROM alpine:3.20\nADD <<END /etc/motd\nhello\n', files: {} }],
  // The same with the heredoc of an ONBUILD trigger (run 10155).
  ['DF015 and an ONBUILD heredoc left open', { path: 'Dockerfile', text: 'FROM ubuntu:24.04\nONBUILD \\\nRUN <<\'EOF\'\ncurl -fsSL https://example.com/x | sh\n', files: {} }],
  // DF004 moved an argument that an unclosed quote had run on into (`"  && go env -w CGO_ENABLED=0 …`) into
  // an ENV name (mutated fixtures, run 35834).
  [
    'DF004 and a go env -w argument that is not NAME=value',
    { path: 'Dockerfile', text: 'FROM golang:1.22\nRUN go env -w GOPRIVATE=git.example.com \\\n "  && go env -w CGO_ENABLED=0 \\\n  && apt-get update\n', files: {} },
  ],
  // DF014 removed the last of two `https_proxy=` pairs of one ENV, which left the first in effect (run 13841).
  ['DF014 and a proxy set twice in one ENV', { path: 'Dockerfile', text: 'FROM debian:bookworm-slim\nENV A=1 https_proxy=* https_proxy=*\n', files: {} }],
  // DC005 corrected `-headless` to `--headless`; the command then needed --listen, a second pass of the rule
  // (mutated fixtures, run 46058).
  ['DC005 and -headless without a listen address', { path: 'compose.yaml', text: 'services:\n  jobs:\n    image: golang:1.22.5-bookworm\n    command: [dlv, debug, ./cmd/jobs, -headless, --accept-multiclient]\n  api:\n    image: golang:1.22.5-bookworm\n    command: dlv debug -headless --continue\n', files: {} }],
  // DF026 removed one of two `go mod tidy` of a RUN; the other offered the same fix again (run 36848).
  ['DF026 and go mod tidy twice in one RUN', { path: 'Dockerfile', text: 'FROM golang:1.22\nRUN go mod tidy || go mod tidy || apt-get install -y gcc\n', files: { 'go.mod': GO_MOD } }],
  // DF010 replaced a hard-coded GOOS and moved the compiler to $BUILDPLATFORM, leaving a build without GOARCH for
  // the build machine: fix all took two passes (mutated fixtures, run 65909).
  [
    'DF010 and a hard-coded GOOS in a build without GOARCH',
    {
      path: "invalid.Dockerfile",
      text: "# syntax=docker/dockerfile:1\nFROM golang:1.22.5-bookworm AS build\nENV CGO_ENABLED=0 GOOS=l\nWORKDIR /src\nCOPY go.mod ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    go build -trimpath -ldflags=\"-s -w\" -o /out/api .\n\nFROM golang:1.22.5-bookworm AS healthcheck\nARG TARGETARCH\nWORKDIR /src\nCOPY go.mod ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    CGO_ENABLED=0 GOARCH=$TARGETARCH go build -trimpath -ldflags=\"-s -w\" -o /out/healthcheck ./cmd/healthcheck\n\nFROM --platform=$BUILDPLATFORM golang:1.22.5-bookworm AS migrate\nWORKDIR /src\nCOPY go.mod ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    CGO_ENABLED=0 go build -trimpath -ldflags=\"-s -w\" -o /out/migrate ./cmd/migrate\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/api /api\nCOPY --from=healthcheck /out/healthcheck /healthcheck\nCOPY --from=migrate /out/migrate /migrate\nCOPY --from=migrate /out/migrate /migrate\nENTRYPOINT [\"/api\"]\n",
      files: {".dockerignore": ".git\nbin/\ntmp/\n", "go.mod": "module example.com/api\n\ngo 1.22.5\n", "invalid.diagnostics.txt": "3:30 DF010 GOARCH=amd64 is hard-coded for /out/api (stage build): an image built for another platform (docker build --platform, or on an arm64 machine) claims that platform but ships a binary for amd64, which fails with \"exec format error\"\n12:6 DF010 stage healthcheck builds /out/healthcheck for $TARGETARCH without FROM --platform=$BUILDPLATFORM: for every other platform of a multi-platform build the Go compiler itself runs under emulation (slow), although Go cross-compiles natively\n29:5 DF010 stage migrate runs on $BUILDPLATFORM but /out/migrate is built without GOARCH: the binary is for the build machine, not for the image's $TARGETPLATFORM\n", "invalid.fixed.Dockerfile": "# syntax=docker/dockerfile:1\nFROM --platform=$BUILDPLATFORM golang:1.22.5-bookworm AS build\nARG TARGETARCH\nENV CGO_ENABLED=0 GOOS=linux GOARCH=$TARGETARCH\nWORKDIR /src\nCOPY go.mod ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    go build -trimpath -ldflags=\"-s -w\" -o /out/api .\n\nFROM --platform=$BUILDPLATFORM golang:1.22.5-bookworm AS healthcheck\nARG TARGETARCH\nWORKDIR /src\nCOPY go.mod ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    CGO_ENABLED=0 GOARCH=$TARGETARCH go build -trimpath -ldflags=\"-s -w\" -o /out/healthcheck ./cmd/healthcheck\n\nFROM --platform=$BUILDPLATFORM golang:1.22.5-bookworm AS migrate\nARG TARGETOS TARGETARCH\nWORKDIR /src\nCOPY go.mod ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    GOOS=$TARGETOS GOARCH=$TARGETARCH CGO_ENABLED=0 go build -trimpath -ldflags=\"-s -w\" -o /out/migrate ./cmd/migrate\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/api /api\nCOPY --from=healthcheck /out/healthcheck /healthcheck\nCOPY --from=migrate /out/migrate /migrate\nENTRYPOINT [\"/api\"]\n", "main.go": "package main\n\nimport (\n\t\"log\"\n\t\"net/http\"\n)\n\nfunc main() {\n\thttp.HandleFunc(\"/healthz\", func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) })\n\tlog.Fatal(http.ListenAndServe(\":8080\", nil))\n}\n", "valid.Dockerfile": "# syntax=docker/dockerfile:1\nFROM --platform=$BUILDPLATFORM golang:1.22.5-bookworm AS build\nARG TARGETOS TARGETARCH\n# GOOS=linux alone changes nothing for a Linux image.\nENV CGO_ENABLED=0 GOOS=linux\nWORKDIR /src\nCOPY go.mod ./\nRUN --mount=type=cache,target=/go/pkg/mod go mod download\nCOPY . .\nRUN --mount=type=cache,target=/go/pkg/mod \\\n    --mount=type=cache,target=/root/.cache/go-build \\\n    GOARCH=$TARGETARCH go build -trimpath -ldflags=\"-s -w\" -o /out/api .\n\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/api /api\nENTRYPOINT [\"/api\"]\n"},
    },
  ],
  // DC013 offered to create the air config at `-c .`, a folder (mutated fixtures, run 69977).
  ['DC013 and -c naming a folder', { path: 'compose.yaml', text: 'services:\n  app:\n    image: cosmtrek/air:v1.61.7\n    command: air -c .\n    working_dir: /src\n    volumes:\n      - .:/src\n', files: {} }],
  // DF006 mounted the module cache on a RUN whose layer a later `go install` of the same tool read: that RUN's
  // finding became "downloads them all again", the fixed one's message (run 81544).
  ['DF006 and a later RUN installing the same tool', { path: "build/Dockerfile", text: "# escape=`\nFROM golang:${GO_VERSION:+x} AS \u00e9\nFROM --platform=$BUILDPLATFORM golang:${BASE:+x} AS debug \nADD --exclude=*.md vendor go.*  go.sum /etc/ssl/certs/\n RUN --network=none --mount=type=ssh curl -fsSL https://example.com/x | sh ; GOPROXY=direct GOFLAGS=-mod=vendor GOOS=$TARGETOS go build -v  && `\n    : &&`\n# comment in a continuation\n  go test ./...\nRUN --mount=type=cache,target=/root/.cache/go-build --mount=type=cache,target=/go/pkg/mod go get github.com/acme/tool ; export CGO_ENABLED=0\n    ENV \n    RUN --mount=type=secret,id=netrc,target=/root/.netrc go install github.com/air-verse/air@v1.52.3;`\nmkdir -p /out\nADD --chown=app:app /usr/share/zoneinfo /etc/ssl/certs/\nRUN --mount=type=cache,target=/go/pkg/mod GOINSECURE=example.com go build ./... &&`\n# comment in a continuation\n  go generate ./... &&`\n# comment in a continuation\n  cd /src &&`\n# comment in a continuation\n  mkdir -p /out\n    RUN --mount=type=ssh <<END\ngo install github.com/air-verse/air@v1.52.3\n--help app \ud83d\udc69\u200d\ud83d\udcbb\ngo mod tidy\nEND `\nFROM --platform=${TARGETPLATFORM} docker.io/library/golang:1.23 AS debug\n\tARG TARGETOS='x'\t\nFROM --platform=linux/amd64 ${X:+x} AS runtime\n    CMD [] `\n    ARG APP=0 CGO_ENABLED='x' VERSION=\"quoted value\"\t", files: {"go.mod": "module example.com/app\n\ngo 1.21\n\nreplace example.com/lib => ../lib\n", "main.go": "package main\n\nfunc main() {}\n", "cmd/api/main.go": "package main\n\nimport \"net/http\"\n\nfunc main() { http.ListenAndServe(\":80\", nil) }\n", ".dockerignore": ".git\n", "go.sum": "github.com/mattn/go-sqlite3 v1.14.22 h1:x=\n", "vendor/modules.txt": "# github.com/mattn/go-sqlite3 v1.14.22\n## explicit\n", "build.sh": "#!/bin/sh\nset -e\ngo build -o /app ./cmd/api\n"} }],
  // dockerfile-ast starts the body of an unclosed heredoc whose operator is on a continuation line at the RUN's
  // arguments: the model read the command line twice, and DF004's two removals overlapped (run 90216).
  ['DF004 and an unclosed heredoc on a continuation line', { path: 'Dockerfile', text: 'FROM golang:1.22\r\nRUN wget -qO- http://example.com | go env -w GOPROXY=https://proxy.example.com,direct &&\\\r\n  go get github.com/acme/tool \\\r\nRUN --mount=type=cache,target=/go/pkg/mod <<END\r\n', files: { 'go.mod': GO_MOD } }],
  // DC001 declared gomod: and gobuild: right before a blank line holding a tab, which YAML then read as the
  // indentation of their value (mutated fixtures, run 83127).
  ['DC001 and a blank line with a tab after volumes:', { path: 'compose.yaml', text: 'services:\n  api:\n    image: golang:1.22\n    volumes:\n      - ~/go:/go\nvolumes:\n \t', files: {} }],
];

describe('fuzz regressions', () => {
  it.each(cases)('%s', (_name, input) => {
    expect(() => checkCase(input)).not.toThrow();
  });
});
