/**
 * Seeded generator of the benchmark's inputs: Go Dockerfiles of a given length, compose files of a given
 * number of services, and a tree of Go projects. The same seed gives the same bytes, so figures taken on
 * different days compare the server, not the input.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';

/** mulberry32: a tiny, well-known 32-bit PRNG; good enough to vary text, and stable across Node versions. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rng = () => number;
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];

const GO_IMAGES = ['golang:1.22.5-bookworm', 'golang:1.22-alpine', 'golang:latest', 'golang', 'golang:1.21.13-alpine3.20'];
const RUNTIMES = ['gcr.io/distroless/static-debian12:nonroot', 'alpine:3.20', 'scratch', 'debian:bookworm-slim', 'alpine'];
const CMDS = ['api', 'worker', 'migrate', 'gateway', 'scheduler', 'notifier'];

/** One builder stage and one runtime stage, with the mix of right and wrong the rules look at. */
function stagePair(rng: Rng, n: number): string[] {
  const cmd = `${pick(rng, CMDS)}${n}`;
  const lines = [
    `# ${cmd}: build stage ${n}`,
    `FROM ${pick(rng, GO_IMAGES)} AS build${n}`,
    'WORKDIR /src',
  ];
  if (rng() < 0.3) lines.push('RUN go env -w GOPROXY=https://proxy.golang.org,direct');
  if (rng() < 0.5) lines.push('ARG TARGETOS TARGETARCH');
  if (rng() < 0.6) {
    lines.push('COPY go.mod go.sum ./', 'RUN --mount=type=cache,target=/go/pkg/mod go mod download', 'COPY . .');
  } else {
    lines.push('COPY . .', 'RUN go mod download');
  }
  if (rng() < 0.4) lines.push('RUN apk add git \\', '    ca-certificates \\', '    tzdata');
  const cgo = rng() < 0.7 ? 'CGO_ENABLED=0 ' : '';
  const flags = rng() < 0.5 ? '-trimpath -ldflags="-s -w" ' : '';
  lines.push(`RUN ${cgo}go build ${flags}-o /out/${cmd} ./cmd/${pick(rng, CMDS)}`);
  lines.push('', `FROM ${pick(rng, RUNTIMES)} AS run${n}`);
  if (rng() < 0.5) lines.push('LABEL org.opencontainers.image.source="https://example.com/app" maintainer="team@example.com"');
  if (rng() < 0.3) lines.push('ENV TZ UTC');
  lines.push(`COPY --from=build${n} /out/${cmd} /${cmd}`);
  if (rng() < 0.6) lines.push('USER 65532:65532');
  lines.push(`EXPOSE ${pick(rng, ['8080', '80', '9090'])}`);
  lines.push(rng() < 0.7 ? `ENTRYPOINT ["/${cmd}"]` : `ENTRYPOINT /${cmd} --port 8080`);
  lines.push('');
  return lines;
}

/** A Dockerfile of exactly `lineCount` lines: stage pairs, padded with comments. */
export function dockerfile(lineCount: number, seed: number): string {
  const rng = random(seed);
  const lines: string[] = ['# syntax=docker/dockerfile:1'];
  for (let n = 1; lines.length < lineCount; n++) lines.push(...stagePair(rng, n));
  while (lines.length > lineCount) lines.pop();
  // A cut stage pair may end in a continuation line; a comment keeps the tail well-formed.
  if (lines[lines.length - 1].endsWith('\\')) lines[lines.length - 1] = '# end';
  return lines.join('\n') + '\n';
}

/** A compose file with `serviceCount` services: dev loops with Delve, prod services with limits, a database. */
export function compose(serviceCount: number, seed: number): string {
  const rng = random(seed);
  const lines: string[] = ['# generated for the Godock benchmark', 'services:'];
  const volumes = new Set<string>();
  for (let n = 1; n <= serviceCount; n++) {
    const name = `${pick(rng, CMDS)}${n}`;
    const kind = n % 10 === 0 ? 'db' : rng() < 0.5 ? 'dev' : 'prod';
    lines.push(`  ${name}:`);
    // The latency run types new labels here, in the middle of the file.
    if (n === Math.ceil(serviceCount / 2)) lines.push('    labels:', '      bench.typing: "here"');
    if (kind === 'db') {
      lines.push('    image: postgres:16', '    environment:', '      POSTGRES_PASSWORD: example', '    volumes:', `      - pg${n}:/var/lib/postgresql/data`);
      volumes.add(`pg${n}`);
      continue;
    }
    lines.push('    build:', '      context: .', `      dockerfile: ${kind === 'dev' ? 'Dockerfile.dev' : 'Dockerfile'}`);
    if (kind === 'dev') {
      lines.push(
        '    working_dir: /src',
        `    command: ["dlv", "debug", "./cmd/${name}", "--headless", "--listen=:2345", "--api-version=2"]`,
        '    ports:',
        `      - "${8000 + n}:8080"`,
        `      - "${rng() < 0.5 ? '' : '127.0.0.1:'}${40000 + n}:2345"`,
        '    volumes:',
        '      - .:/src',
        rng() < 0.4 ? '      - ~/go:/go' : '      - gomod:/go/pkg/mod',
      );
      if (rng() < 0.5) lines.push('    cap_add:', '      - SYS_PTRACE', '    security_opt:', '      - seccomp:unconfined');
      volumes.add('gomod');
    } else {
      lines.push('    ports:', `      - "${8000 + n}:8080"`, '    deploy:', '      resources:', '        limits:', `          memory: ${pick(rng, ['256M', '512M', '1G'])}`);
      if (rng() < 0.5) lines.push('    environment:', '      GOMEMLIMIT: 460MiB');
    }
  }
  lines.push('', 'volumes:', ...[...volumes].map((v) => `  ${v}:`));
  return lines.join('\n') + '\n';
}

/** What the latency run types, one character per edit, and where (a line of the document, column 0). */
export interface Typing {
  line: number;
  text: string;
}

/** Typing in the middle of a Dockerfile: new instructions, each one invalid until it is complete. */
export function dockerfileTyping(text: string): Typing {
  const lines = text.split('\n');
  let line = Math.floor(lines.length / 2);
  while (line < lines.length - 1 && !lines[line].startsWith('COPY --from')) line++;
  const snippet = 'RUN go env -w GOFLAGS=-mod=mod\nENV CGO_ENABLED=0\n# typed in the benchmark\n';
  return { line: line + 1, text: snippet.repeat(Math.ceil(500 / snippet.length)).slice(0, 500) };
}

/** Typing labels into the middle service of a compose file (after the `labels:` marker line). */
export function composeTyping(text: string): Typing {
  const line = text.split('\n').findIndex((l) => l.includes('bench.typing')) + 1;
  const snippet = '      bench.note: "typed one key at a time"\n';
  let typed = '';
  for (let i = 0; typed.length < 500; i++) typed += snippet.replace('note', `note${i}`);
  return { line, text: typed.slice(0, 500) };
}

const GO_MOD = 'module example.com/bench\n\ngo 1.22.5\n\nrequire github.com/lib/pq v1.10.9\n';
const MAIN_GO = 'package main\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\nfunc main() {\n\thttp.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })\n\t_ = http.ListenAndServe(":8080", nil)\n}\n';

/** A Go project folder with what the workspace rules read: go.mod, sources, .dockerignore. */
export function writeProject(dir: string): void {
  fs.mkdirSync(nodePath.join(dir, 'cmd', 'api'), { recursive: true });
  fs.writeFileSync(nodePath.join(dir, 'go.mod'), GO_MOD);
  fs.writeFileSync(nodePath.join(dir, 'cmd', 'api', 'main.go'), MAIN_GO);
  fs.writeFileSync(nodePath.join(dir, '.dockerignore'), '.git\nbin/\n');
}

/**
 * The batch tree: `projects` folders, each a Go project with 4 Dockerfiles (40 to 120 lines) and one
 * compose file (5 to 15 services). 500 projects = 2,000 Dockerfiles + 500 compose files.
 */
export function writeTree(root: string, projects: number, seed: number): string[] {
  const rng = random(seed);
  const dirs: string[] = [];
  for (let p = 0; p < projects; p++) {
    const dir = nodePath.join(root, `p${String(p).padStart(4, '0')}`);
    writeProject(dir);
    const names = ['Dockerfile', 'Dockerfile.dev', 'worker.Dockerfile', 'Containerfile'];
    for (const name of names) fs.writeFileSync(nodePath.join(dir, name), dockerfile(40 + Math.floor(rng() * 80), Math.floor(rng() * 2 ** 31)));
    fs.writeFileSync(nodePath.join(dir, 'compose.yaml'), compose(5 + Math.floor(rng() * 10), Math.floor(rng() * 2 ** 31)));
    dirs.push(dir);
  }
  return dirs;
}
