import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  blockingProblem, checkAir, checkCompose, checkDelveAnswers, checkLaunch, checkPort, checkPtrace, checkVersions, type AirFacts,
} from '../../client/src/debug/checks';
import { buildReport, fixItems } from '../../client/src/debug/report';
import { chainChecks } from '../../client/src/debug/setup';
import { DockerConnection } from '../../server/src/docker/connection';
import { LINT_FILE, type LintFinding } from '../../server/src/protocol';
import { delveSupports } from '../../server/src/scaffold/versions';
import { startServer, type LspSession } from '../helpers/lspClient';

const target = { host: '127.0.0.1', port: 2345 };
const files = { compose: '/w/.devcontainer/compose.yaml', dockerfile: '/w/.devcontainer/Dockerfile' };
const out = (output: string, exitCode = 0) => ({ output, exitCode });

describe('the container checks before attaching', () => {
  it('port: nothing listening says to start the dev loop and how to publish Delve', () => {
    const c = checkPort(false, target, files);
    expect(c.status).toBe('fail');
    expect(c.detail).toContain('Nothing listens on 127.0.0.1:2345');
    expect(c.fixes.map((f) => f.action)).toEqual([{ kind: 'command', command: 'godock.startDevLoop' }, { kind: 'open', path: files.compose }]);
    expect(checkPort(true, target).status).toBe('pass');
  });

  it("Delve: a port Docker publishes with no Delve behind it points at the dev loop's logs", () => {
    const c = checkDelveAnswers({ ok: false, reason: 'closed', detail: '' }, target, files);
    expect(c.status).toBe('fail');
    expect(c.detail).toMatch(/Docker publishes the port, but Delve does not listen in the container/);
    expect(c.fixes[0].action).toEqual({ kind: 'command', command: 'godock.showDevLogs' });
    expect(checkDelveAnswers({ ok: false, reason: 'not-dap', detail: 'initialize failed' }, target).detail).toMatch(/not Delve's debug adapter/);
    expect(checkDelveAnswers({ ok: true, ms: 4 }, target).status).toBe('pass');
  });

  it('versions: reads `dlv version` and `go version`, and names the Delve to install when they do not fit', () => {
    expect(checkVersions({ dlvVersion: out('Delve Debugger\nVersion: 1.27.2\nBuild: $Id: abc $'), goVersion: out('go version go1.26.1 linux/amd64') }).status).toBe('pass');
    const old = checkVersions({ dlvVersion: out('Delve Debugger\nVersion: 1.24.2\nBuild: x'), goVersion: out('go version go1.26.1 linux/amd64') }, files);
    expect(old.status).toBe('fail');
    expect(old.detail).toBe('Delve 1.24.2 is too old for Go 1.26.1 (it debugs 1.21–1.24): `dlv exec` refuses to start. Install Delve v1.27.2 in the dev image (DLV_VERSION in the Dockerfile Godock writes), then rebuild it.');
    expect(old.fixes.map((f) => f.title)).toEqual(['Open the dev Dockerfile', 'Rebuild Dev Image']);
    const missing = checkVersions({ dlvVersion: out('exec: "dlv": executable file not found in $PATH', 126), goVersion: out('go version go1.26.1 linux/amd64') });
    expect(missing.detail).toMatch(/^`dlv version` failed in the container \(exec: "dlv": executable file not found in \$PATH\): install Delve/);
  });

  it("versions: Delve's table", () => {
    expect(delveSupports('1.25.2', 'go1.22.5')).toEqual({ ok: true });
    expect(delveSupports('v1.26.2', '1.23')).toEqual({ ok: false, why: 'go-too-old', range: ['1.24', '1.26'] });
    expect(delveSupports('1.20.2', '1.26')).toEqual({ ok: false, why: 'unknown' });
  });

  it('ptrace: Yama 3 fails, SYS_PTRACE passes, nothing granted warns with the DC002 fix', () => {
    const none = { capAdd: [], securityOpt: [], privileged: false };
    expect(checkPtrace({ ...none, ptraceScope: 3 }).status).toBe('fail');
    expect(checkPtrace({ ...none, capAdd: ['SYS_PTRACE'], securityOpt: ['seccomp=unconfined'] }).status).toBe('pass');
    expect(checkPtrace({ ...none, capAdd: ['CAP_SYS_PTRACE'] }).status).toBe('pass');
    const bare = checkPtrace(none, files);
    expect(bare.status).toBe('warn');
    expect(bare.fixes[0].title).toMatch(/DC002/);
    expect(checkPtrace({ ...none, securityOpt: ['seccomp:unconfined'] }).detail).toMatch(/`dlv attach <pid>` fails/);
  });

  it('shows the root cause first: versions before the port that nothing listens on', () => {
    const checks = [checkPort(false, target), checkVersions({ dlvVersion: out('Version: 1.24.2'), goVersion: out('go version go1.26.0 linux/amd64') })];
    expect(blockingProblem(checks)?.id).toBe('versions');
    expect(blockingProblem([checkPort(true, target)])).toBeUndefined();
  });
});

describe('the chain checks', () => {
  it('compose: only the findings that matter for debugging, each with its quick fix', () => {
    const checks = checkCompose('/w/compose.yaml', [
      { id: 'DC002', message: 'Service "dev" runs dlv attach without cap_add SYS_PTRACE', severity: 'warning', line: 4, character: 4, fixTitle: 'Add cap_add SYS_PTRACE' },
      { id: 'DC009', message: 'GOMEMLIMIT', severity: 'info', line: 2, character: 0 },
    ]);
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({ status: 'fail', title: 'DC002 at line 5' });
    expect(checks[0].fixes[0]).toEqual({ title: 'Add cap_add SYS_PTRACE (DC002 quick fix)', action: { kind: 'quick-fix', ruleId: 'DC002', path: '/w/compose.yaml', line: 4, character: 4 } });
    expect(checkCompose(undefined, [])[0].fixes[0].action).toEqual({ kind: 'command', command: 'godock.setUpDevContainer' });
  });

  it('air: Delve without --accept-multiclient fails; a kill without send_interrupt warns', () => {
    const air = (build: Record<string, unknown>): AirFacts => ({ path: '/w/.air.toml', text: '…', build, lineOf: () => 7 });
    const noMulti = checkAir(air({ full_bin: 'dlv exec --headless --listen=:2345 --continue ./tmp/main' }));
    expect(noMulti[0]).toMatchObject({ status: 'fail', detail: expect.stringContaining('lacks --accept-multiclient: Delve exits when the debugger disconnects') });
    expect(noMulti[1]).toMatchObject({ id: 'air:interrupt', status: 'warn' });
    expect(checkAir(air({ full_bin: 'exec dlv exec --headless --accept-multiclient --continue ./tmp/main', send_interrupt: true })).map((c) => c.status)).toEqual(['pass']);
    expect(checkAir(air({ cmd: 'go build -o ./tmp/main .' }))[0].detail).toMatch(/runs the program without Delve/);
  });

  it("launch.json: a mapping that is not the compose mount fails, naming both (the cause of breakpoints not hit)", () => {
    const mount = { from: '/home/me/shop', to: '/workspaces/shop' };
    const launch = (configs: object[]) => ({ path: '/home/me/shop/.vscode/launch.json', configs });
    const good = { name: 'Godock', type: 'godock', request: 'attach', port: 2345, substitutePath: [{ from: '${workspaceFolder}', to: '/workspaces/shop' }] };
    expect(checkLaunch(launch([good]), '/home/me/shop', mount, 2345).status).toBe('pass');
    const wrong = checkLaunch(launch([{ ...good, substitutePath: [{ from: '${workspaceFolder}', to: '/app' }] }]), '/home/me/shop', mount, 2345);
    expect(wrong.status).toBe('fail');
    expect(wrong.detail).toContain('"Godock" maps /home/me/shop → /app, the compose file mounts /home/me/shop at /workspaces/shop');
    expect(checkLaunch(launch([good]), '/home/me/shop', mount, 40000).detail).toContain('attaches to port 2345, the compose file publishes Delve on 40000');
    expect(checkLaunch(launch([]), '/home/me/shop', mount, 2345).status).toBe('warn');
  });

  it('the report lists every link with its status and the fixes of what failed; the picker has failures first', () => {
    const checks = [checkPort(false, target, files), checkPtrace({ capAdd: [], securityOpt: [], privileged: false }, files), checkCompose('/w/compose.yaml', [])[0]];
    const report = buildReport(checks, '/w');
    expect(report).toContain('# Godock debug setup: /w');
    expect(report).toContain('1 problem and 1 warning');
    expect(report).toContain('## Compose file\n\n- ✅ **Compose file ready for debugging**');
    expect(report).toContain('- ❌ **Port 127.0.0.1:2345 reachable**: Nothing listens');
    expect(report).toContain('  - Fix: Start Dev Loop');
    expect(fixItems(checks).map((i) => i.label)).toEqual(['$(error) Start Dev Loop', '$(error) Open the compose file', expect.stringMatching(/^\$\(warning\) Open the compose file \(DC002/)]);
  });
});

describe('the chain on a project godock init wrote (no Docker: the container checks say what to start)', () => {
  const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'godock-checks-'));
  let server: LspSession | undefined;
  // The findings come from the built language server, as in the editor (its godock/lintFile request).
  const lintFile = async (path: string) => {
    server ??= await startServer({ rootPath: dir });
    return server.connection.sendRequest<LintFinding[]>(LINT_FILE, { path });
  };
  afterAll(async () => {
    await server?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('passes compose, air and launch.json, and fails the port with the Start Dev Loop fix', async () => {
    fs.writeFileSync(nodePath.join(dir, 'go.mod'), 'module example.com/shop\n\ngo 1.26\n');
    fs.writeFileSync(nodePath.join(dir, 'main.go'), 'package main\n\nimport "net/http"\n\nfunc main() { http.ListenAndServe(":8080", nil) }\n');
    const init = spawnSync(process.execPath, [nodePath.join(__dirname, '../../bin/godock.js'), 'init', '--topology', 'host'], { cwd: dir, encoding: 'utf8' });
    expect(init.status, init.stderr).toBe(0);
    // An engine endpoint where nothing runs, and a Delve port nothing listens on.
    const conn = new DockerConnection({ env: { DOCKER_HOST: `unix://${nodePath.join(dir, 'no-docker.sock')}` } });
    const compose = nodePath.join(dir, '.devcontainer/compose.yaml');
    fs.writeFileSync(compose, fs.readFileSync(compose, 'utf8').replace('"127.0.0.1:2345:2345"', '"127.0.0.1:1:2345"'));
    const launch = nodePath.join(dir, '.vscode/launch.json');
    fs.writeFileSync(launch, fs.readFileSync(launch, 'utf8').replace(/"port": 2345/g, '"port": 1'));
    const checks = await chainChecks(dir, conn, lintFile);
    const byArea = (area: string) => checks.filter((c) => c.area === area).map((c) => `${c.id} ${c.status}`);
    expect(byArea('compose')).toEqual(['compose pass']);
    expect(byArea('dockerfile')).toEqual(['dockerfile pass']);
    expect(byArea('air')).toEqual(['air:dlv pass']);
    expect(byArea('launch')).toEqual(['launch pass']);
    expect(byArea('container')).toEqual(['port fail']);
  });
});
