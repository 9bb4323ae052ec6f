/** `godock` as a user runs it: the built binary in a real folder, its output formats, exit codes and --fix. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeTree } from '../bench/generate';
import { validateSarif } from './helpers/sarif';

const BIN = nodePath.join(__dirname, '../bin/godock.js');
// A multi-stage build whose only warnings are DF001 (line 1) and DF004 (line 3).
const DOCKERFILE = [
  'FROM golang:latest AS build',
  'WORKDIR /src',
  'RUN go env -w GOPROXY=https://goproxy.cn,direct && go mod download',
  'COPY . .',
  'RUN CGO_ENABLED=0 go build -o /app .',
  '',
  'FROM gcr.io/distroless/static-debian12:nonroot',
  'COPY --from=build /app /app',
  'ENTRYPOINT ["/app"]',
  '',
].join('\n');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'godock-cli-'));
  write('go.mod', 'module example.com/app\n\ngo 1.22.5\n');
  write('Dockerfile', DOCKERFILE);
  write('.dockerignore', '.git\nbin/\ntmp/\n');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string | Buffer) {
  fs.mkdirSync(nodePath.dirname(nodePath.join(dir, name)), { recursive: true });
  fs.writeFileSync(nodePath.join(dir, name), content);
}

function godock(...args: string[]) {
  return godockWith({}, ...args);
}

function godockWith(env: Record<string, string>, ...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', maxBuffer: 2 ** 28, env: { ...process.env, NO_COLOR: '1', ...env } });
  // No input, however bad, may end in a stack trace.
  expect(result.stderr).not.toMatch(/^\s+at .+\(.+:\d+:\d+\)$/m);
  return result;
}

describe('godock lint', () => {
  it('lints a large tree on worker threads with the same output as in one thread', () => {
    // 100 generated projects: 500 files, enough for two threads.
    writeTree(nodePath.join(dir, 'tree'), 100, 7);
    const threads = godockWith({ GODOCK_THREADS: '2' }, 'lint', 'tree', '--format', 'json');
    const single = godockWith({ GODOCK_THREADS: '1' }, 'lint', 'tree', '--format', 'json');
    const files = (out: string) => (JSON.parse(out) as { files: { path: string; findings: unknown[] }[] }).files;
    expect(files(threads.stdout)).toHaveLength(500);
    expect(files(threads.stdout).reduce((n, f) => n + f.findings.length, 0)).toBeGreaterThan(500);
    expect(threads.stdout).toBe(single.stdout);
    expect(threads.status).toBe(single.status);
    // A broken config read in a thread ends as it does in one thread: one line, exit 2.
    write('tree/.godock.json', '{"rules": {"DF004": "loud"}}');
    const broken = godockWith({ GODOCK_THREADS: '2' }, 'lint', 'tree');
    expect(broken.stderr).toMatch(/^godock: .*tree\/\.godock\.json: rule DF004 is set to "loud"; use one of error, warning, info, hint, off\n$/);
    expect(broken.status).toBe(2);
  });

  it('prints file:line:col severity ID message with a code frame, and exits 0 on warnings', () => {
    const { stdout, status } = godock('lint');
    expect(stdout).toContain('Dockerfile:1:6 warning DF001 golang:latest is not pinned to a Go version');
    expect(stdout).toContain('     1 | FROM golang:latest AS build\n       |      ^^^^^^^^^^^^^');
    expect(stdout).toContain('Dockerfile:3:5 warning DF004');
    expect(stdout).toMatch(/\d+ problems \(0 errors, 2 warnings, \d+ infos\) in 1 file; \d+ fixable with --fix/);
    expect(status).toBe(0);
  });

  it('exits 1 when a finding is an error (severity raised in .godock.json)', () => {
    write('.godock.json', JSON.stringify({ rules: { DF004: 'error', DF001: 'off' } }));
    const { stdout, status } = godock('lint', 'Dockerfile');
    expect(stdout).toContain('error DF004');
    expect(stdout).not.toContain('DF001');
    expect(status).toBe(1);
  });

  it('honours ignore comments', () => {
    write('Dockerfile', `# godock-ignore-file DF001\n${DOCKERFILE.replace('RUN go env', '# godock-ignore DF004\nRUN go env')}`);
    const { stdout } = godock('lint');
    expect(stdout).not.toMatch(/DF001|DF004|unused-ignore/);
    expect(stdout).not.toMatch(/^\S+ (warning|error) /m);
  });

  it('prints JSON with id, severity, range, message and fix availability', () => {
    const { stdout, status } = godock('lint', '--format', 'json', 'Dockerfile');
    expect(status).toBe(0);
    const [file] = JSON.parse(stdout).files;
    expect(file.path).toBe('Dockerfile');
    expect(file.findings).toContainEqual(expect.objectContaining({
      id: 'DF004',
      severity: 'warning',
      range: { start: { line: 3, column: 5 }, end: { line: 3, column: 48 } },
      message: expect.stringContaining('go env -w'),
      fixable: true,
      fix: { title: 'Move to ENV GOPROXY=https://goproxy.cn,direct', preferred: true },
    }));
  });

  it('prints SARIF 2.1.0 that validates against the schema', () => {
    write('compose.yaml', 'services:\n  api:\n    build: .\n    volumes: ["~/go:/go"]\n');
    const { stdout } = godock('lint', '--format', 'sarif', '.');
    const log = JSON.parse(stdout);
    expect(validateSarif(log)).toEqual([]);
    const [run] = log.runs;
    expect(run.results.map((r: { ruleId: string }) => r.ruleId)).toEqual(expect.arrayContaining(['DC001', 'DF001', 'DF004']));
    // Security rules carry a security-severity, so code scanning files them as security alerts.
    const security = run.tool.driver.rules.filter((r: { properties: { tags: string[] } }) => r.properties.tags.includes('security'));
    expect(security.length).toBeGreaterThan(0);
    for (const rule of security) expect(Number(rule.properties['security-severity'])).toBeGreaterThan(0);
    const df004 = run.results.find((r: { ruleId: string }) => r.ruleId === 'DF004');
    expect(df004.locations[0].physicalLocation).toEqual({ artifactLocation: { uri: 'Dockerfile', uriBaseId: '%SRCROOT%' }, region: { startLine: 3, startColumn: 5, endLine: 3, endColumn: 48 } });
    expect(run.tool.driver.rules.find((r: { id: string }) => r.id === 'DF004').help.markdown).toContain('DF004');
  });

  it('--fix applies every preferred fix in place and reports what is left', () => {
    const { stdout, status } = godock('lint', '--fix');
    expect(status).toBe(0);
    const fixed = fs.readFileSync(nodePath.join(dir, 'Dockerfile'), 'utf8').split('\n');
    expect(fixed[0]).toBe('FROM golang:1.22.5-bookworm AS build');
    expect(fixed[2]).toBe('ENV GOPROXY=https://goproxy.cn,direct');
    expect(fixed[3]).toMatch(/^RUN .*go mod download$/);
    expect(stdout).not.toMatch(/^\S+ (warning|error) /m);
  });

  it('walks folders, skipping .git, node_modules and vendor', () => {
    write('services/api/Dockerfile', DOCKERFILE);
    write('vendor/x/Dockerfile', DOCKERFILE);
    write('node_modules/y/compose.yaml', 'services:\n  a:\n    volumes: ["~/go:/go"]\n');
    write('.git/Dockerfile', DOCKERFILE);
    const files = JSON.parse(godock('lint', '--format', 'json').stdout).files.map((f: { path: string }) => f.path);
    expect(files).toEqual(['Dockerfile', 'services/api/Dockerfile']);
  });
});

describe('bad input gets a clear message and a non-zero exit', () => {
  it.each([
    ['a missing path', [], ['lint', 'nothere/Dockerfile'], /nothere\/Dockerfile: no such file or directory/],
    ['a binary file', [['Dockerfile.bin', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2])]], ['lint', 'Dockerfile.bin'], /Dockerfile\.bin: is a binary file/],
    ['an empty file', [['empty.Dockerfile', '']], ['lint', 'empty.Dockerfile'], /empty\.Dockerfile: is empty/],
    ['a YAML file that is not compose', [['docker-compose.yml', 'name: x\nitems: [1, 2]\n']], ['lint', 'docker-compose.yml'], /not a compose file \(it has no top-level "services:" key\)/],
    ['a file that is neither', [['notes.txt', 'hello\n']], ['lint', 'notes.txt'], /neither a Dockerfile nor a compose file/],
    ['an unknown format', [], ['lint', '--format', 'xml'], /unknown format "xml"; use text, json or sarif/],
    ['an unknown option', [], ['lint', '--frobnicate'], /Unknown option '--frobnicate'/],
    ['an unknown command', [], ['check'], /unknown command "check"/],
    ['a broken .godock.json', [['.godock.json', '{"rules": {"DF004": "loud"}}']], ['lint'], /rule DF004 is set to "loud"; use one of error, warning, info, hint, off/],
  ] as [string, [string, string | Buffer][], string[], RegExp][])('%s', (_name, files, args, message) => {
    for (const [name, content] of files) write(name, content);
    const { stderr, status } = godock(...args);
    expect(stderr).toMatch(message);
    expect(status).toBe(2);
  });

  it('reports YAML syntax errors in a compose file as errors with their position', () => {
    write('compose.yaml', 'services:\n  api:\n    image: [unclosed\n');
    const { stdout, status } = godock('lint', 'compose.yaml');
    expect(stdout).toMatch(/compose\.yaml:\d+:\d+ error yaml-syntax/);
    expect(status).toBe(1);
  });
});

describe('godock convert', () => {
  const SINGLE = 'FROM golang:latest\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n';
  beforeEach(() => write('Dockerfile', SINGLE));

  it('prints a unified diff by default and leaves the file alone', () => {
    const { stdout, status } = godock('convert', 'Dockerfile');
    expect(status).toBe(0);
    expect(stdout).toContain('--- a/Dockerfile\n+++ b/Dockerfile');
    expect(stdout).toContain('+FROM gcr.io/distroless/static-debian12:nonroot');
    expect(fs.readFileSync(nodePath.join(dir, 'Dockerfile'), 'utf8')).toBe(SINGLE);
  });

  it('--write converts in place, --runtime scratch adds certificates and a numeric user', () => {
    expect(godock('convert', 'Dockerfile', '--runtime', 'scratch', '--write').status).toBe(0);
    const converted = fs.readFileSync(nodePath.join(dir, 'Dockerfile'), 'utf8');
    expect(converted).toContain('FROM golang:1.22.5-bookworm AS build');
    expect(converted).toContain('FROM scratch\nCOPY --from=build /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/');
    const again = godock('convert', 'Dockerfile');
    expect(again.stderr).toContain('Dockerfile: The Dockerfile is already a multi-stage build.');
    expect(again.status).toBe(2);
  });

  it('explains why a file that does not build Go is left alone', () => {
    write('web.Dockerfile', 'FROM nginx:1.27\nCOPY site /usr/share/nginx/html\n');
    fs.rmSync(nodePath.join(dir, 'go.mod'));
    const { stderr, status } = godock('convert', 'web.Dockerfile');
    expect(stderr).toMatch(/does not build Go/);
    expect(status).toBe(2);
  });

  it('asks for --main when the build context has several main packages', () => {
    write('Dockerfile', 'FROM golang:1.22\nWORKDIR /src\nCOPY . .\nCMD ["sh"]\n');
    write('cmd/a/main.go', 'package main\n\nfunc main() {}\n');
    write('cmd/b/main.go', 'package main\n\nfunc main() {}\n');
    expect(godock('convert', 'Dockerfile').stderr).toMatch(/2 main packages \(\.\/cmd\/a, \.\/cmd\/b\); choose one with --main/);
    expect(godock('convert', 'Dockerfile', '--main', './cmd/b').stdout).toContain('-o /out/b ./cmd/b');
  });
});

describe('godock init', () => {
  beforeEach(() => write('main.go', 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":9090", nil) }\n'));

  it('writes the dev container files, and a second run changes nothing', () => {
    const first = godock('init', '--topology', 'host');
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('create    .devcontainer/compose.yaml');
    expect(fs.readFileSync(nodePath.join(dir, '.devcontainer/compose.yaml'), 'utf8')).toContain('"127.0.0.1:9090:9090"');
    expect(JSON.parse(fs.readFileSync(nodePath.join(dir, '.vscode/launch.json'), 'utf8')).configurations).toHaveLength(2);
    const second = godock('init', '--topology', 'host');
    expect(second.stdout).not.toMatch(/^(create|update)/m);
  });

  it('--dry-run writes nothing; a hand-edited file is left alone with the proposed version shown', () => {
    expect(godock('init', '--dry-run').stdout).toContain('Dry run: nothing was written.');
    expect(fs.existsSync(nodePath.join(dir, '.devcontainer'))).toBe(false);
    write('.air.toml', '# mine\n');
    const { stdout } = godock('init');
    expect(stdout).toContain('left alone (edited by hand): .air.toml');
    expect(fs.readFileSync(nodePath.join(dir, '.air.toml'), 'utf8')).toBe('# mine\n');
  });

  it('rejects a main package that does not exist, and a bad port', () => {
    expect(godock('init', '--main', './cmd/nope').stderr).toMatch(/\.\/cmd\/nope is not a main package of this module; choose one of \. with --main/);
    expect(godock('init', '--port', 'http').stderr).toMatch(/--port must be a port number/);
  });
});

describe('godock rules and --version', () => {
  it('lists the catalog as JSON', () => {
    const rules = JSON.parse(godock('rules', '--format', 'json').stdout);
    expect(rules).toContainEqual({ id: 'DF004', name: 'go-env-w', title: expect.any(String), severity: 'warning', appliesTo: 'dockerfile', fix: true, security: false });
  });

  it('prints the version of package.json', () => {
    const { version } = JSON.parse(fs.readFileSync(nodePath.join(__dirname, '../package.json'), 'utf8'));
    expect(godock('--version').stdout.trim()).toBe(version);
  });
});
