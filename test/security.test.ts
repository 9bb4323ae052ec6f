/**
 * The extension's own security: Restricted Mode runs nothing, the server reads only inside the workspace,
 * external processes get their arguments verbatim, and generated files open no door.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDocument } from 'yaml';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { PLUGIN, runCompose, runProgram } from '../server/src/docker/compose';
import { findConfigFile, parseConfig } from '../server/src/engine/config';
import { lint } from '../server/src/engine/lint';
import { parseModel } from '../server/src/model';
import { Workspace } from '../server/src/model/workspace';
import { rules } from '../server/src/rules';
import packageJson from '../package.json';
import { lintText } from './helpers/lint';
import { PROJECTS, setUp, written } from './helpers/scaffoldProjects';

describe('Workspace Trust', () => {
  // Commands that run nothing from the workspace and write nothing but an edit the user sees in the editor.
  const SAFE_IN_RESTRICTED_MODE: Record<string, string> = {
    'godock.restartServer': 'restarts the bundled language server, which only reads files',
    'godock.showOutput': 'shows the output channel',
    'godock.convertToMultiStage': 'an edit of the open Dockerfile, shown in the editor and undoable',
    'godock.showImageLayers': 'shows the layers of an analysis already made; analysing (building) is gated',
  };

  it('declares limited support, with the reason', () => {
    expect(packageJson.capabilities.untrustedWorkspaces).toMatchObject({ supported: 'limited', description: expect.stringMatching(/still lints.*runs nothing/) });
  });

  it('gates every command that runs Docker, compose, air or Delve, or writes files, on a trusted workspace', () => {
    for (const command of packageJson.contributes.commands as { command: string; enablement?: string }[]) {
      if (command.command in SAFE_IN_RESTRICTED_MODE) continue;
      expect(command.enablement, command.command).toMatch(/\bisWorkspaceTrusted\b/);
    }
  });
});

describe('files the server reads', () => {
  const project = {
    'go.mod': 'module example.com/app\n\ngo 1.22\n',
    'main.go': 'package main\n\nfunc main() {}\n',
  };

  it('does not follow a compose build context outside the workspace, and says so in a hint', () => {
    const analysis = lintText('services:\n  api:\n    build:\n      context: ../../..\n      target: nope\n', { path: 'compose.yaml', files: project });
    const outside = analysis.reports.filter((r) => r.id === 'outside-workspace');
    expect(outside.map((r) => [r.severity, r.range.start.line, r.message])).toEqual([
      ['hint', 3, 'Service "api" builds from ../../.., outside the workspace: Godock reads no files there, so the checks of its Dockerfile and go.mod are skipped'],
    ]);
    // DC011 would need the Dockerfile out there to know whether the target exists: it stays silent.
    expect(analysis.reports.map((r) => r.id)).not.toContain('DC011');
  });

  it('reads no .godock.json above the workspace folder, and .godock.json names no paths at all', () => {
    const parent = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'godock-config-'));
    const folder = nodePath.join(parent, 'workspace');
    fs.mkdirSync(folder);
    fs.writeFileSync(nodePath.join(parent, '.godock.json'), '{ "rules": { "DF001": "off" } }');
    try {
      expect(findConfigFile(folder, folder)).toBeUndefined();
      expect(() => parseConfig({ rules: {}, maxFileSize: 10, include: ['/etc'] }, '.godock.json')).not.toThrow();
      expect(Object.keys(parseConfig({ rules: {}, maxFileSize: 10, include: ['/etc'] }, '.godock.json'))).toEqual(['rules', 'maxFileSize']);
    } finally {
      fs.rmSync(parent, { recursive: true, force: true });
    }
  });

  it('reads no Makefile, script or context file through ../', () => {
    const reads: string[] = [];
    const files = new Map(Object.entries({ '/project/go.mod': project['go.mod'], '/outside/build.mk': 'build:\n\tgo build -race .\n', '/outside/build.sh': 'go build -race .\n' }));
    const fileSystem = {
      readFile: (path: string) => (reads.push(path), files.get(path)),
      readDir: (path: string) => (reads.push(path), []),
    };
    const text = 'FROM golang:1.22\nCOPY . .\nRUN make -f ../outside/build.mk build && sh ../outside/build.sh\n';
    const model = parseModel('dockerfile', TextDocument.create('file:///project/Dockerfile', 'dockerfile', 1, text), '/project/Dockerfile');
    lint(model, { workspace: new Workspace(fileSystem, ['/project']), config: { rules: {} } });
    expect(reads.filter((p) => !p.startsWith('/project'))).toEqual([]);
  });
});

describe('external processes', () => {
  // A stand-in for the Docker CLI (the real one would run compose): a `docker` first on PATH that writes the
  // argument array it was given to a file, so the test sees exactly what a program would receive.
  const bin = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'godock-argv-'));
  const record = nodePath.join(bin, 'argv.json');
  fs.writeFileSync(nodePath.join(bin, 'docker'), `#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(2)));\n`, { mode: 0o755 });
  afterAll(() => fs.rmSync(bin, { recursive: true, force: true }));
  const env = { ...process.env, PATH: `${bin}${nodePath.delimiter}${process.env.PATH}` };
  const HOSTILE = ['my project', 'it\'s "quoted"', '$(touch /tmp/godock-pwned)', 'a; rm -rf ~', '`id`', '&& echo hi', '* ?', 'ünïcode 🐳'];

  it('gives the Compose CLI workspace names, service names and paths verbatim', async () => {
    for (const hostile of HOSTILE) {
      const files = [`/work/${hostile}/compose.yaml`, `/work/${hostile}/compose.dev.yaml`];
      await runCompose({ files, project: hostile }, { action: 'up', service: hostile }, { env, tool: PLUGIN });
      expect(JSON.parse(fs.readFileSync(record, 'utf8'))).toEqual(['compose', '-f', files[0], '-f', files[1], '-p', hostile, 'up', '-d', '--build', hostile]);
    }
    expect(fs.existsSync('/tmp/godock-pwned')).toBe(false);
  });

  it('runs any program with an argument array, never through a shell', async () => {
    const result = await runProgram('docker', HOSTILE, { env });
    expect(result.code).toBe(0);
    expect(JSON.parse(fs.readFileSync(record, 'utf8'))).toEqual(HOSTILE);
  });

  it('has no other way to start a process in the extension or the server', () => {
    const found = spawnSync('grep', ['-rlE', "child_process", 'server/src', 'client/src'], { cwd: nodePath.join(__dirname, '..'), encoding: 'utf8' });
    expect(found.stdout.trim().split('\n').filter(Boolean).sort()).toEqual(['server/src/docker/compose.ts']);
    const source = fs.readFileSync(nodePath.join(__dirname, '../server/src/docker/compose.ts'), 'utf8');
    expect(source).not.toMatch(/shell:\s*true|\bexec\(|execSync/);
  });
});

describe('generated dev container files', () => {
  const security = Object.fromEntries(rules.filter((r) => r.security).map((r) => [r.id, 'error' as const]));

  it.each(Object.entries(PROJECTS))('%s: pass the security rules at error level, publish only on 127.0.0.1, pin versions', (_name, project) => {
    expect(Object.keys(security).length).toBeGreaterThanOrEqual(5);
    const { files: plan } = setUp(project);
    const after = written(project, plan);
    const config = { rules: security };
    for (const path of ['.devcontainer/Dockerfile', '.devcontainer/compose.yaml']) {
      const errors = lintText(after[path], { path, files: after, config }).reports.filter((r) => r.severity === 'error');
      expect(errors.map((r) => `${path}: ${r.id} ${r.message}`)).toEqual([]);
    }
    const compose = parseDocument(after['.devcontainer/compose.yaml']).toJS() as { services: Record<string, { ports?: string[]; privileged?: unknown; volumes?: string[] }> };
    for (const service of Object.values(compose.services)) {
      for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
      expect(service.privileged).toBeUndefined();
      expect(JSON.stringify(service.volumes ?? [])).not.toMatch(/docker\.sock/);
    }
    const dockerfile = after['.devcontainer/Dockerfile'];
    for (const from of dockerfile.match(/^FROM \S+/gm) ?? []) expect(from).toMatch(/:\d+\.\d+(\.\d+)?[-\w.]*(@sha256:[0-9a-f]{64})?$|@sha256:[0-9a-f]{64}$/);
    // Tool versions come from ARG defaults (`ARG DLV_VERSION=v1.23.1`), which must be exact versions.
    const args = Object.fromEntries([...dockerfile.matchAll(/^ARG (\w+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
    const installs = dockerfile.match(/go install \S+/g) ?? [];
    expect(installs.length).toBeGreaterThan(0);
    for (const install of installs) expect(install.replace(/\$\{(\w+)\}/g, (_, name: string) => args[name] ?? '')).toMatch(/@v\d+\.\d+\.\d+$/);
  });
});
