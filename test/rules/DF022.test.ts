import { describe, expect, it } from 'vitest';
import { fixAll, lintText } from '../helpers/lint';

const GO = { 'go.mod': 'module example.com/api\n\ngo 1.22.5\n', 'main.go': 'package main\n\nfunc main() {}\n' };
const DOCKERFILE = 'FROM golang:1.22.5 AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/api .\n\nFROM scratch\nCOPY --from=build /out/api /api\n';
const lint = (files: Record<string, string>, text = DOCKERFILE, path = 'Dockerfile') => lintText(text, { path, files: { ...GO, ...files } }).reports.filter((r) => r.id === 'DF022');

describe('DF022 edge cases', () => {
  it.each([
    ['not ok: no .dockerignore', {}, 1],
    ['not ok: .git in the context', { '.git/HEAD': 'ref: refs/heads/main\n' }, 1],
    ['not ok: .gitignore is not .git', { '.dockerignore': '.gitignore\nbin/\n' }, 1],
    ['not ok: .git excluded, then let back in', { '.dockerignore': '.git\n!.git\n' }, 1],
    ['not ok: only .git/config excluded', { '.dockerignore': '.git/config\n' }, 1],
    ['ok: .git', { '.dockerignore': '.git\n' }, 0],
    ['ok: /.git/', { '.dockerignore': '/.git/\n' }, 0],
    ['ok: **/.git', { '.dockerignore': '**/.git\n' }, 0],
    ['ok: .* (every dotfile)', { '.dockerignore': '.*\n!.air.toml\n' }, 0],
    ['ok: * with an allowlist', { '.dockerignore': '*\n!go.mod\n!go.sum\n!*.go\n!cmd/\n' }, 0],
    ['ok: .git/ contents', { '.dockerignore': '.git/**\n' }, 0],
  ])('%s', (_name, files, count) => {
    expect(lint(files as Record<string, string>)).toHaveLength(count);
  });

  it('stays quiet without a whole-context COPY, and when the build runs git', () => {
    expect(lint({}, DOCKERFILE.replace('COPY . .', 'COPY *.go go.mod ./'))).toHaveLength(0);
    expect(lint({}, DOCKERFILE.replace('RUN CGO', 'RUN git describe --tags > VERSION\nRUN CGO'))).toHaveLength(0);
    expect(lint({}, DOCKERFILE.replace('go build', 'go build -buildvcs=true'))).toHaveLength(0);
    expect(lint({ Makefile: 'VERSION := $(shell git describe --tags)\nbuild:\n\tgo build -ldflags "-X main.v=$(VERSION)" -o /out/api .\n' }, DOCKERFILE.replace('CGO_ENABLED=0 go build -o /out/api .', 'make build'))).toHaveLength(0);
  });

  it('stays quiet when the context is a folder of a bigger repository (.git is above it)', () => {
    const files = { '.git/HEAD': 'ref: refs/heads/main\n', 'svc/go.mod': GO['go.mod'], 'svc/main.go': GO['main.go'] };
    expect(lintText(DOCKERFILE, { path: 'svc/Dockerfile', files }).reports.filter((r) => r.id === 'DF022')).toHaveLength(0);
  });

  it('reads <Dockerfile>.dockerignore first, as BuildKit does', () => {
    expect(lint({ 'Dockerfile.dockerignore': '.git\n', '.dockerignore': 'bin/\n' })).toHaveLength(0);
    const [finding] = lint({ 'Dockerfile.dockerignore': 'bin/\n', '.dockerignore': '.git\n' });
    expect(finding.message).toContain('Dockerfile.dockerignore does not exclude .git');
  });

  it('creates .dockerignore with .git, bin/ and tmp/', () => {
    const options = { path: 'Dockerfile', files: { ...GO } as Record<string, string> };
    expect(fixAll(DOCKERFILE, options, 'DF022')).toBe(DOCKERFILE);
    expect(options.files['.dockerignore']).toBe('.git\nbin/\ntmp/\n');
  });

  it('appends only the missing lines, after a last line without newline', () => {
    const options = { path: 'Dockerfile', files: { ...GO, '.dockerignore': '# local\n*.swp\nbin' } as Record<string, string> };
    fixAll(DOCKERFILE, options, 'DF022');
    expect(options.files['.dockerignore']).toBe('# local\n*.swp\nbin\n.git\ntmp/\n');
    expect(lintText(DOCKERFILE, options).reports.filter((r) => r.id === 'DF022')).toHaveLength(0);
  });

  it('extends the Dockerfile-specific file, and keeps bin/ when the build copies from it', () => {
    const text = DOCKERFILE.replace('COPY --from=build /out/api /api', 'COPY bin/migrate /migrate\nCOPY --from=build /out/api /api');
    const options = { path: 'api.Dockerfile', files: { ...GO, 'api.Dockerfile.dockerignore': 'tmp/\n' } as Record<string, string> };
    fixAll(text, options, 'DF022');
    expect(options.files['api.Dockerfile.dockerignore']).toBe('tmp/\n.git\n');
    expect(options.files['.dockerignore']).toBeUndefined();
  });
});
