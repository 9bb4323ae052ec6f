/**
 * A grammar of Dockerfiles: every instruction with its flags, shell and exec forms, continuations, heredocs,
 * ARG substitution, parser directives, comments and ignore comments, odd whitespace, CRLF, a BOM and
 * non-ASCII text. The words lean towards what the rules read (go commands, images, Go env), so rules fire.
 */
import fc from 'fast-check';
import type { FuzzCase } from './properties';

const oneOf = <T>(...values: T[]) => fc.constantFrom(...values);

/** Text that is not ASCII: accents, CJK, emoji (surrogate pairs), combining marks, right-to-left, zero-width. */
export const unicode = oneOf('é', 'ß', '日本', '🐳', '👩‍💻', 'e\u0301', 'שלום', '\u200b', '\u00a0', '\u2028', 'Ω');

const argName = oneOf('GO_VERSION', 'TARGETOS', 'TARGETARCH', 'VERSION', 'CGO_ENABLED', 'BASE', 'APP', 'X');
const ref = argName.chain((n) => oneOf(`$${n}`, `\${${n}}`, `\${${n}:-1.22}`, `\${${n}:+x}`, `$\{${n}`));
const word = fc.oneof(
  { weight: 6, arbitrary: oneOf('/app', './cmd/api', '.', '/src', 'main.go', 'app', 'server', '-v', '--help', 'true', 'x=y') },
  { weight: 2, arbitrary: ref },
  { weight: 1, arbitrary: unicode },
  { weight: 1, arbitrary: fc.string({ maxLength: 6 }) },
);

const image = fc.oneof(
  oneOf('golang', 'golang:1.22', 'golang:1.22.5-alpine3.20', 'golang:1.21-bookworm', 'golang:latest', 'golang@sha256:' + 'a'.repeat(64)),
  oneOf('alpine', 'alpine:3.20', 'debian:bookworm-slim', 'scratch', 'gcr.io/distroless/static-debian12', 'gcr.io/distroless/base:nonroot', 'ubuntu:24.04'),
  oneOf('docker.io/library/golang:1.23', 'registry.example.com:5000/team/go:1', 'build', 'builder', '0'),
  ref.map((r) => `golang:${r}`),
  ref,
);

const goFlag = oneOf(
  '-o /app', '-o=/out/server', '-ldflags="-s -w"', "-ldflags='-X main.version=1'", '-ldflags=-s', '-trimpath', '-tags netgo,osusergo',
  '-tags=timetzdata', '-gcflags="all=-N -l"', '-race', '-mod=vendor', '-mod=mod', '-buildvcs=false', '-v', '-a', '-modfile=go.dev.mod',
);
const goEnv = oneOf('CGO_ENABLED=0', 'CGO_ENABLED=1', 'GOOS=linux', 'GOARCH=arm64', 'GOOS=$TARGETOS', 'GOARCH=${TARGETARCH}', 'GOFLAGS=-mod=vendor', 'GOPROXY=direct', 'GONOSUMDB=*', 'GOINSECURE=example.com', 'GOPRIVATE=github.com/acme', 'GOAMD64=v3');
const goCommand = fc.oneof(
  fc.tuple(fc.array(goEnv, { maxLength: 3 }), fc.array(goFlag, { maxLength: 4 }), oneOf('.', './...', './cmd/api', 'main.go', '')).map(([env, flags, pkg]) => [...env, 'go build', ...flags, pkg].join(' ')),
  oneOf('go mod download', 'go mod tidy', 'go mod verify', 'go mod vendor', 'go generate ./...', 'go test ./...', 'go vet ./...'),
  oneOf('go env -w GOPROXY=https://proxy.example.com,direct', 'go env -w GOFLAGS=-mod=mod CGO_ENABLED=0', 'go env -u GOPROXY'),
  oneOf('go install github.com/go-delve/delve/cmd/dlv@latest', 'go install github.com/air-verse/air@v1.52.3', 'go install ./cmd/...', 'go get github.com/acme/tool', 'go get -u ./...'),
  oneOf('go run .', 'GOFLAGS=-buildvcs=false go build -o /app .', 'go build -o /app -ldflags "-s -w" .'),
);
const shellCommand = fc.oneof(
  { weight: 5, arbitrary: goCommand },
  {
    weight: 3,
    arbitrary: oneOf(
      'apk add git', 'apk add --no-cache ca-certificates tzdata', 'apk update && apk add build-base', 'apt-get update', 'apt-get install -y gcc libc6-dev',
      'git config --global url."https://user:token@github.com/".insteadOf "https://github.com/"', 'echo "machine github.com login x password y" > ~/.netrc',
      'make build', 'make -f build.mk release', './build.sh', 'sh scripts/build.sh', 'adduser -D app', 'useradd -r app', 'mkdir -p /out', 'cd /src',
      'export CGO_ENABLED=0', 'curl -fsSL https://example.com/x | sh', 'wget -qO- http://example.com', 'true', ':',
    ),
  },
  { weight: 1, arbitrary: fc.array(word, { minLength: 1, maxLength: 4 }).map((w) => w.join(' ')) },
);
const joiner = oneOf(' && ', ' ; ', ' || ', ' | ', ' && \\\n    ', ' \\\n  && ', ';\\\n', ' &&\\\n# comment in a continuation\n  ', ' && \\\n\n  ');
const shellLine = fc.array(shellCommand, { minLength: 1, maxLength: 4 }).chain((cmds) =>
  fc.array(joiner, { minLength: cmds.length - 1, maxLength: cmds.length - 1 }).map((js) => cmds.map((c, i) => (i === 0 ? c : js[i - 1] + c)).join('')),
);

const mountFlag = oneOf(
  '--mount=type=cache,target=/root/.cache/go-build', '--mount=type=cache,target=/go/pkg/mod', '--mount=type=cache,id=gomod,target=/go/pkg/mod,sharing=locked',
  '--mount=type=bind,source=.,target=/src', '--mount=type=secret,id=netrc,target=/root/.netrc', '--mount=type=ssh', '--network=none', '--security=insecure',
);
const execForm = fc.array(word, { maxLength: 4 }).map((ws) => `[${ws.map((w) => JSON.stringify(w)).join(', ')}]`);
const heredocName = oneOf('EOF', 'END', '"EOF"', "'EOF'", '-EOF');
const heredoc = fc.tuple(heredocName, fc.array(shellCommand, { maxLength: 3 }), fc.boolean()).map(([name, body, close]) => {
  const bare = name.replace(/^-/, '').replace(/["']/g, '');
  return `<<${name}\n${body.join('\n')}${body.length ? '\n' : ''}${close ? bare : ''}`;
});

const run = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.array(mountFlag, { maxLength: 2 }), shellLine).map(([f, s]) => ['RUN', ...f, s].join(' ')) },
  { weight: 1, arbitrary: fc.tuple(fc.array(mountFlag, { maxLength: 1 }), execForm).map(([f, e]) => ['RUN', ...f, e].join(' ')) },
  { weight: 2, arbitrary: fc.tuple(fc.array(mountFlag, { maxLength: 1 }), heredoc).map(([f, h]) => ['RUN', ...f, h].join(' ')) },
  { weight: 1, arbitrary: fc.constant('RUN') },
);
const from = fc.tuple(fc.option(oneOf('--platform=$BUILDPLATFORM', '--platform=linux/amd64', '--platform=${TARGETPLATFORM}')), image, fc.option(oneOf('build', 'builder', 'debug', 'dev', 'runtime', 'Build', 'é'))).map(
  ([platform, img, name]) => ['FROM', platform, img, name && `AS ${name}`].filter(Boolean).join(' '),
);
const arg = fc.array(fc.tuple(argName, fc.option(oneOf('1.22', '1.22.5', 'linux', '"quoted value"', "'x'", '', '$X', '0'))), { minLength: 1, maxLength: 3 }).map(
  (decls) => 'ARG ' + decls.map(([n, v]) => (v === null ? n : `${n}=${v}`)).join(' '),
);
const env = fc.oneof(
  fc.array(fc.tuple(oneOf('CGO_ENABLED', 'GOOS', 'GOFLAGS', 'GOPROXY', 'GONOSUMDB', 'GOPRIVATE', 'HTTP_PROXY', 'https_proxy', 'GOMEMLIMIT', 'PATH', 'TZ', 'GOINSECURE', 'GONOSUMCHECK'), oneOf('0', '1', 'linux', 'direct', '-mod=vendor', 'http://proxy:3128', '"a b"', '$PATH:/go/bin', '${GO_VERSION}', '*')), { minLength: 1, maxLength: 3 }).map(
    (pairs) => 'ENV ' + pairs.map(([k, v]) => `${k}=${v}`).join(' '),
  ),
  fc.tuple(oneOf('CGO_ENABLED', 'GOPROXY', 'HTTP_PROXY'), oneOf('0', 'direct', 'http://proxy:3128 extra')).map(([k, v]) => `ENV ${k} ${v}`),
);
const copy = fc.tuple(
  oneOf('COPY', 'ADD'),
  fc.array(oneOf('--from=build', '--from=0', '--from=golang:1.22', '--chown=app:app', '--chmod=755', '--link', '--parents', '--exclude=*.md'), { maxLength: 2 }),
  fc.array(oneOf('.', 'go.mod', 'go.sum', 'go.* ', '/app', '/out/server', '/etc/ssl/certs/ca-certificates.crt', '/usr/share/zoneinfo', '/etc/passwd', 'vendor', 'https://example.com/x.tgz', 'main.go'), { minLength: 1, maxLength: 3 }),
  oneOf('/app', '/src/', '.', './', '/usr/local/bin/', '/etc/ssl/certs/', '/usr/share/zoneinfo'),
  fc.boolean(),
).map(([ins, flags, srcs, dest, json]) => (json ? `${ins} ${flags.join(' ')} ${JSON.stringify([...srcs, dest])}` : [ins, ...flags, ...srcs, dest].join(' ')));
const other = fc.oneof(
  fc.tuple(oneOf('CMD', 'ENTRYPOINT'), fc.oneof(execForm, oneOf('/app', './server --port 80', 'dlv exec /app --headless --listen=:2345', '["/app"]', '["sh", "-c", "/app"]', '[]', '["/app"'))).map(([i, a]) => `${i} ${a}`),
  oneOf('WORKDIR /src', 'WORKDIR $HOME/app', 'WORKDIR', 'USER app', 'USER 65532:65532', 'USER nonroot', 'USER root', 'USER ${UID}', 'EXPOSE 80', 'EXPOSE 8080/tcp 2345', 'EXPOSE 443 22/udp', 'EXPOSE ${PORT}'),
  oneOf('HEALTHCHECK NONE', 'HEALTHCHECK CMD curl -f http://localhost/ || exit 1', 'HEALTHCHECK --interval=30s --timeout=3s CMD ["/app", "health"]', 'HEALTHCHECK CMD wget -q -O- localhost:8080'),
  oneOf('LABEL a=b "c d"="e"', 'LABEL maintainer="x"', 'MAINTAINER someone', 'STOPSIGNAL SIGTERM', 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]', 'SHELL ["cmd"]', 'VOLUME /data', 'VOLUME ["/a", "/b"]'),
  oneOf('ONBUILD RUN go build ./...', 'ONBUILD COPY . .', 'ONBUILD', 'FROM', 'ARG', 'ENV', 'COPY', 'UNKNOWN instruction', 'run lower-case go build .', 'from golang:1.22 as build'),
);
const comment = fc.oneof(
  oneOf('# a comment', '#', '# godock-ignore DF009', '# godock-ignore DF004, DF006', '# godock-ignore-file DF015', '# godock-ignore DF999', '# godock-ignore', '  # indented comment'),
  unicode.map((u) => `# ${u}`),
);
const instruction = fc.oneof(
  { weight: 6, arbitrary: run },
  { weight: 3, arbitrary: from },
  { weight: 2, arbitrary: arg },
  { weight: 2, arbitrary: env },
  { weight: 3, arbitrary: copy },
  { weight: 4, arbitrary: other },
  { weight: 2, arbitrary: comment },
  { weight: 1, arbitrary: oneOf('', '   ', '\t') },
);

/** Whitespace variants applied to a line: leading/trailing spaces and tabs, a `\t` between words. */
const indent = oneOf('', '', '', ' ', '\t', '    ');
const trailing = oneOf('', '', '', ' ', '\t', ' \\');
const line = fc.tuple(indent, instruction, trailing).map(([i, s, t]) => i + s + t);

// One of each kind: dockerfile-utils' view of a repeated directive shifts with the lines after it.
const directives = fc.uniqueArray(oneOf('# syntax=docker/dockerfile:1', '# escape=`', '# escape=\\', '# check=skip=all', '#syntax=docker/dockerfile:1.7'), { maxLength: 2, selector: (d) => d.replace(/[#\s]/g, '').split('=')[0] });

/** A Dockerfile: directives, then lines that mostly start with FROM; optionally a BOM, CRLF line ends, no final newline. */
export const dockerfileText = fc
  .tuple(fc.boolean(), directives, from, fc.array(line, { maxLength: 24 }), fc.option(fc.tuple(from, fc.array(line, { maxLength: 8 }))), oneOf('\n', '\n', '\r\n'), fc.boolean(), fc.boolean())
  .map(([bom, dirs, first, body, second, eol, finalEol, startsWithFrom]) => {
    const lines = [...dirs, ...(startsWithFrom ? [first] : []), ...body, ...(second ? [second[0], ...second[1]] : [])];
    // A `\n` inside a generated line (continuations, heredocs) follows the file's line ends too.
    const text = lines.join('\n').replace(/\r?\n/g, eol) + (finalEol ? eol : '');
    return (bom ? '\ufeff' : '') + (dirs.includes('# escape=`') ? text.replace(/\\\r?\n/g, (m) => '`' + m.slice(1)) : text);
  });

const goMod = oneOf(
  'module example.com/app\n\ngo 1.22\n',
  'module example.com/app\n\ngo 1.23.4\n\ntoolchain go1.23.5\n\nrequire github.com/mattn/go-sqlite3 v1.14.22\n',
  'module example.com/app\n\ngo 1.21\n\nreplace example.com/lib => ../lib\n',
  'module x\n',
  '',
);
const project = fc.record({
  'go.mod': fc.option(goMod),
  'main.go': fc.option(oneOf('package main\n\nfunc main() {}\n', 'package main\n\n// #include <stdio.h>\nimport "C"\n\nfunc main() {}\n', 'package main\n\nimport _ "time/tzdata"\n')),
  'cmd/api/main.go': fc.option(oneOf('package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":80", nil) }\n')),
  '.dockerignore': fc.option(oneOf('.git\n', '*\n!go.mod\n!go.sum\n!*.go\n', '# nothing\n', 'vendor\n')),
  'go.sum': fc.option(oneOf('github.com/mattn/go-sqlite3 v1.14.22 h1:x=\n')),
  'vendor/modules.txt': fc.option(oneOf('# github.com/mattn/go-sqlite3 v1.14.22\n## explicit\n')),
  Makefile: fc.option(oneOf('build:\n\tCGO_ENABLED=0 go build -o /app .\n', 'release:\n\tgo build -ldflags "-s -w" ./...\n')),
  'build.sh': fc.option(oneOf('#!/bin/sh\nset -e\ngo build -o /app ./cmd/api\n')),
  '.git/HEAD': fc.option(oneOf('ref: refs/heads/main\n')),
});

export function definedFiles(record: Record<string, string | null>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).filter((e): e is [string, string] => e[1] !== null));
}

export const dockerfileCase: fc.Arbitrary<FuzzCase> = fc
  .tuple(oneOf('Dockerfile', 'build/Dockerfile', 'Dockerfile.dev', 'app.Dockerfile'), dockerfileText, project)
  .map(([path, text, files]) => ({ path, text, files: definedFiles(files) }));
