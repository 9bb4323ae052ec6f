import { describe, expect, it } from 'vitest';
import { findPoll } from '../../server/src/rules/compose/DC013-air-without-poll';
import { fixAll, lintText } from '../helpers/lint';

const AIR = '[build]\n  cmd = "go build -o ./tmp/main ."\n  poll = false\n';
const findings = (text: string, files: Record<string, string>) => lintText(text, { path: 'compose.yaml', files }).reports.filter((r) => r.id === 'DC013');
const service = (body: string) => `services:\n  api:\n${body.split('\n').map((l) => `    ${l}`).join('\n')}\n`;
/** Applies the fixes and returns the files afterwards. */
const fixedFiles = (text: string, files: Record<string, string>) => {
  const copy = { ...files };
  fixAll(text, { path: 'compose.yaml', files: copy }, 'DC013');
  return copy;
};

describe('DC013 air config', () => {
  it.each([
    ['[build]\n  poll = true\n', { header: 0, line: 1, value: { start: 9, end: 13, text: 'true' } }],
    ['root = "."\n[build]\ncmd = "x"\npoll=false # linux\n[log]\npoll = true\n', { header: 1, line: 3, value: { start: 5, end: 10, text: 'false' } }],
    ['build.poll = false\n', { line: 0, value: { start: 13, end: 18, text: 'false' } }],
    ['[ "build" ]\n', { header: 0 }],
    ['[log]\n  time = true\n', {}],
  ])('reads %j', (text, expected) => {
    expect(findPoll(text)).toEqual(expected);
  });
});

describe('DC013 edge cases', () => {
  it.each([
    ['not ok: air command on a mounted source', 'image: golang:1.22.5\nworking_dir: /src\ncommand: air -c .air.toml\nvolumes: [".:/src"]', { '.air.toml': AIR }, 1],
    ['not ok: air by full path in an entrypoint', 'image: golang:1.22.5\nworking_dir: /src\nentrypoint: ["/go/bin/air"]\nvolumes: [".:/src"]', { '.air.toml': AIR }, 1],
    ['not ok: the air image, no config at all', 'image: cosmtrek/air:v1.61.7\nworking_dir: /app\nvolumes: ["./:/app"]', {}, 1],
    ['not ok: the Dockerfile runs air', 'build: .\nvolumes: [".:/src"]', { Dockerfile: 'FROM golang:1.22.5\nWORKDIR /src\nCMD ["air"]\n', '.air.toml': '[build]\n  cmd = "go build ."\n' }, 1],
    ['not ok: --build.poll false on the command line', 'image: cosmtrek/air:v1.61.7\nworking_dir: /src\ncommand: ["--build.poll", "false"]\nvolumes: [".:/src"]', { '.air.toml': '[build]\n  poll = true\n' }, 1],
    ['not ok: a nested mount and working_dir', 'image: cosmtrek/air:v1.61.7\nworking_dir: /src/api\nvolumes: ["./api:/src/api"]', { 'api/.air.toml': AIR }, 1],
    ['ok: poll = true', 'image: cosmtrek/air:v1.61.7\nworking_dir: /src\nvolumes: [".:/src"]', { '.air.toml': '[build]\n  poll = true  # Docker Desktop\n' }, 0],
    ['ok: --build.poll=true', 'image: cosmtrek/air:v1.61.7\nworking_dir: /src\ncommand: ["--build.poll=true"]\nvolumes: [".:/src"]', { '.air.toml': AIR }, 0],
    ['ok: no bind mount', 'image: cosmtrek/air:v1.61.7\nworking_dir: /src\nvolumes: ["src:/src"]', { '.air.toml': AIR }, 0],
    ['ok: not air', 'image: golang:1.22.5\nworking_dir: /src\ncommand: go run .\nvolumes: [".:/src"]', { '.air.toml': AIR }, 0],
    ['ok: air-like name', 'image: golang:1.22.5\nworking_dir: /src\ncommand: ["./air-server"]\nvolumes: [".:/src"]', { '.air.toml': AIR }, 0],
    ['ok (air cannot read it at all): -c names a folder', 'image: cosmtrek/air:v1.61.7\nworking_dir: /src\ncommand: ["-c", "."]\nvolumes: [".:/src"]', {}, 0],
    ['ok (air cannot read it at all): -c names a subfolder', 'image: cosmtrek/air:v1.61.7\nworking_dir: /src\ncommand: ["-c", "config"]\nvolumes: [".:/src"]', { 'config/air.toml': AIR }, 0],
    ['ok: the config is not on a mount', 'image: cosmtrek/air:v1.61.7\nworking_dir: /app\ncommand: ["-c", "/etc/air.toml"]\nvolumes: [".:/app"]', { '.air.toml': AIR }, 0],
  ])('%s', (_name, body, files, count) => {
    expect(findings(service(body), files)).toHaveLength(count);
  });

  it('offers no fix against --build.poll false (the command line wins over the file)', () => {
    const [finding] = findings(service('image: cosmtrek/air:v1.61.7\nworking_dir: /src\ncommand: ["--build.poll", "false"]\nvolumes: [".:/src"]'), { '.air.toml': AIR });
    expect(finding.message).toContain('with --build.poll false');
    expect(finding.fix()).toBeUndefined();
  });

  const air = service('image: cosmtrek/air:v1.61.7\nworking_dir: /src\nvolumes: [".:/src"]');
  it.each([
    ['turns false into true, keeping the comment', '[build]\n  cmd = "x"\n  poll = false   # linux\n', '[build]\n  cmd = "x"\n  poll = true   # linux\n'],
    ['adds poll under [build] at its keys\' indent', 'root = "."\n\n[build]\n    cmd = "x"\n\n[log]\n  time = true\n', 'root = "."\n\n[build]\n    poll = true\n    cmd = "x"\n\n[log]\n  time = true\n'],
    ['adds poll under a [build] that ends the file', '[build]', '[build]\n  poll = true'],
    ['adds a [build] table', 'root = "."\n', 'root = "."\n\n[build]\n  poll = true\n'],
    ['fixes a dotted key', 'build.poll = false\n', 'build.poll = true\n'],
  ])('%s', (_name, before, after) => {
    expect(fixedFiles(air, { '.air.toml': before })['.air.toml']).toBe(after);
  });

  it('creates the config when there is none, and the fix is not preferred', () => {
    const [finding] = findings(air, {});
    expect(finding.fix()).toMatchObject({ title: 'Set poll = true under [build] in .air.toml', edits: [], files: [{ path: '/project/.air.toml', create: '[build]\n  poll = true\n' }] });
    expect(finding.fix()?.preferred).toBeFalsy();
    expect(fixedFiles(air, {})['.air.toml']).toBe('[build]\n  poll = true\n');
  });

  it('leaves every other line of .air.toml and of the compose file unchanged', () => {
    const config = '# air for the API\nroot = "."\ntmp_dir = "tmp"\n\n[build]\n  cmd = "go build -o ./tmp/api ./cmd/api"   # build\n  poll = false\n  exclude_dir = ["tmp", "vendor"]\n';
    const files = { '.air.toml': config };
    const compose = fixAll(air, { path: 'compose.yaml', files }, 'DC013');
    expect(compose).toBe(air);
    const before = config.split('\n');
    const after = files['.air.toml'].split('\n');
    expect(after.length).toBe(before.length);
    expect(after.filter((line, i) => line !== before[i])).toEqual(['  poll = true']);
  });
});

describe('DC013 severity', () => {
  const air = service('image: cosmtrek/air:v1.61.7\nworking_dir: /src\nvolumes: [".:/src"]');
  it.each([
    ['poll = false written out (a choice for a Linux host): hint', { '.air.toml': '[build]\n  poll = false\n' }, 'hint'],
    ['poll left to its default: info', { '.air.toml': '[build]\n  cmd = "go build ."\n' }, 'info'],
    ['no config at all: info', {}, 'info'],
  ])('%s', (_name, files, severity) => {
    expect(findings(air, files)[0].severity).toBe(severity);
  });
});
