import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';
import { expectMinimalFix } from '../helpers/minimalFix';

const files = { 'go.mod': 'module example.com/x\n\ngo 1.22.5\n', 'main.go': 'package main\n\nfunc main() {}\n' };
const options = { path: 'compose.yaml', files };
const findings = (text: string, more: Record<string, string> = {}) => lintText(text, { ...options, files: { ...files, ...more } }).reports.filter((r) => r.id === 'DC007');
const service = (lines: string) => `services:\n  api:\n    image: golang:1.22.5\n    working_dir: /src\n${lines.split('\n').map((l) => `    ${l}`).join('\n')}\n`;

describe('DC007 edge cases', () => {
  it.each([
    ['not ok: go run', 'command: go run .\nvolumes: [".:/src"]', 1],
    ['not ok: go build then the binary', 'command: sh -c "go build -o /tmp/app . && /tmp/app"\nvolumes: [".:/src"]', 1],
    ['not ok: dlv debug', 'command: dlv debug --headless --listen=:2345\nvolumes: [".:/src"]', 1],
    ['not ok: only the build cache kept', 'command: go run .\nvolumes: [".:/src", "gocache:/root/.cache/go-build"]', 1],
    ['ok: both caches in named volumes', 'command: go run .\nvolumes: [".:/src", "gomod:/go/pkg/mod", "gobuild:/root/.cache/go-build"]', 0],
    ['ok: a /go volume and a /root/.cache volume', 'command: go run .\nvolumes: [".:/src", "gopath:/go", "cache:/root/.cache"]', 0],
    ['ok: caches under the mounted source', 'command: go run .\nenvironment: [GOMODCACHE=/src/.mod, GOCACHE=/src/.cache]\nvolumes: [".:/src"]', 0],
    ['ok: another user, only GOMODCACHE known and kept', 'user: "1000"\ncommand: go run .\nvolumes: [".:/src", "m:/go/pkg/mod"]', 0],
    ['ok: no source mount', 'command: go run .', 0],
    ['ok: a config folder mount', 'command: go run .\nvolumes: ["./config:/etc/app"]', 0],
    ['ok: a prebuilt binary', 'command: /app/server\nvolumes: [".:/src"]', 0],
  ])('%s', (_name, lines, count) => {
    expect(findings(service(lines), { 'config/app.yaml': 'a: 1\n' })).toHaveLength(count);
  });

  it('uses GOPATH and GOCACHE from the image ENV', () => {
    const dockerfile = 'FROM golang:1.22.5\nENV GOPATH=/gopath GOCACHE=/cache/build\nWORKDIR /src\nCMD ["go", "run", "."]\n';
    const text = 'services:\n  api:\n    build: .\n    volumes:\n      - .:/src\n';
    const [finding] = findings(text, { Dockerfile: dockerfile });
    expect(finding.message).toContain('the module cache (/gopath/pkg/mod) or the build cache (/cache/build)');
    expect(fixAll(text, { ...options, files: { ...files, Dockerfile: dockerfile } }, 'DC007')).toBe(
      'services:\n  api:\n    build: .\n    volumes:\n      - .:/src\n      - gomod:/gopath/pkg/mod\n      - gobuild:/cache/build\n\nvolumes:\n  gomod:\n  gobuild:\n',
    );
  });

  it('declares the volumes next to those already there', () => {
    const text = `${service('command: go run .\nvolumes: [".:/src"]')}\nvolumes:\n  pgdata: {}\n`;
    expect(fixAll(text, options, 'DC007')).toBe(text.replace('[".:/src"]', '[".:/src", "gomod:/go/pkg/mod", "gobuild:/root/.cache/go-build"]').replace('  pgdata: {}\n', '  pgdata: {}\n  gomod:\n  gobuild:\n'));
  });

  it('leaves every other line unchanged', () => {
    const text = [
      '# dev',
      'services:',
      '  api:',
      "    image: 'golang:1.22.5'",
      '    working_dir: /src',
      '    command: go run ./cmd/api   # hot path',
      '    volumes:',
      "      - '.:/src'   # the source",
      '',
      '      # more later',
      '    ports: ["8080:8080"]',
      '',
    ].join('\n');
    expect(expectMinimalFix(text, options, 'DC007')).toBe(
      text.replace("      - '.:/src'   # the source\n", "      - '.:/src'   # the source\n      - 'gomod:/go/pkg/mod'\n      - 'gobuild:/root/.cache/go-build'\n") + '\nvolumes:\n  gomod:\n  gobuild:\n',
    );
  });
});
