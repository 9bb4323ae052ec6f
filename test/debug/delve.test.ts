/**
 * Godock's attach path against a real headless Delve (the pinned version, built from its module): the DAP
 * client attaches in remote mode with the mapping Godock derives, a breakpoint stops an HTTP request, the
 * stack shows the host path and a local's value, and after the user disconnects the program keeps serving.
 * Delve runs here on the machine; the same path through a container is tested with the Docker harness.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachArguments, resolveAttach, waitForPort } from '../../client/src/debug/core';
import { DapClient, type DapMessage } from '../../client/src/debug/dap';
import { DelveProxy } from '../../client/src/debug/proxy';
import { delve, GO } from '../helpers/tools';
import { freePort, get, killTree, mainGo } from './program';

const MAIN = mainGo();

describe('attaching to a headless Delve over DAP', () => {
  let dir: string;
  let dlv: ChildProcess;
  let delvePort: number;
  let appPort: number;
  let hostDir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'godock-dlv-'));
    // The program is built in one folder ("the container") and the editor shows another ("the host").
    const buildDir = nodePath.join(dir, 'workspaces', 'app');
    hostDir = nodePath.join(dir, 'host', 'app');
    for (const d of [buildDir, hostDir]) {
      fs.mkdirSync(d, { recursive: true });
      fs.writeFileSync(nodePath.join(d, 'go.mod'), 'module example.com/app\n\ngo 1.22\n');
      fs.writeFileSync(nodePath.join(d, 'main.go'), MAIN);
    }
    execFileSync(GO, ['build', '-gcflags=all=-N -l', '-o', 'app', '.'], { cwd: buildDir, env: { ...process.env, CGO_ENABLED: '0' } });
    [delvePort, appPort] = [await freePort(), await freePort()];
    dlv = spawn(delve(), ['exec', '--headless', `--listen=127.0.0.1:${delvePort}`, '--api-version=2', '--accept-multiclient', '--continue', './app'], {
      cwd: buildDir,
      env: { ...process.env, PORT: String(appPort) },
      stdio: 'ignore',
    });
    expect(await waitForPort('127.0.0.1', delvePort, { timeoutMs: 30000 })).toBe(true);
    expect(await waitForPort('127.0.0.1', appPort, { timeoutMs: 30000 })).toBe(true);
  }, 600_000);

  afterAll(() => {
    if (dlv?.pid) killTree(dlv.pid);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('stops at a breakpoint on the host path, reads a local, and leaves the program running on disconnect', async () => {
    const config = resolveAttach({ port: delvePort }, { from: hostDir, to: nodePath.join(dir, 'workspaces', 'app') });
    const client = await DapClient.connect(config.host, config.port);
    await client.request('initialize', { adapterID: 'godock', pathFormat: 'path', linesStartAt1: true, columnsStartAt1: true });
    await client.request('attach', attachArguments(config));
    const file = nodePath.join(hostDir, 'main.go');
    const { breakpoints } = await client.request('setBreakpoints', { source: { path: file }, breakpoints: [{ line: 12 }] });
    expect(breakpoints[0].verified).toBe(true);
    await client.request('configurationDone');

    const stopped = client.waitForEvent<{ reason: string; threadId: number }>('stopped', 20000, (b) => b.reason === 'breakpoint');
    const response = get(appPort, '/?name=gopher', 30000);
    const { threadId } = await stopped;
    const { stackFrames } = await client.request('stackTrace', { threadId });
    expect(stackFrames[0].source.path).toBe(file);
    expect(stackFrames[0].line).toBe(12);
    const { scopes } = await client.request('scopes', { frameId: stackFrames[0].id });
    const { variables } = await client.request('variables', { variablesReference: scopes[0].variablesReference });
    expect(variables.find((v: { name: string }) => v.name === 'greeting')?.value).toBe('"hello gopher"');

    await client.request('continue', { threadId });
    expect(await response).toBe('hello gopher\n');
    await client.request('disconnect', { terminateDebuggee: false, suspendDebuggee: false });
    client.close();
  }, 60_000);

  it('clears its breakpoints when the user stops, so the service keeps answering (Delve keeps them otherwise)', async () => {
    const proxy = new DelveProxy('127.0.0.1', delvePort);
    const responses = new Map<number, DapMessage>();
    const events: DapMessage[] = [];
    proxy.onDidSendMessage((m) => (m.type === 'response' ? responses.set(m.request_seq!, m) : events.push(m)));
    const request = async (seq: number, command: string, args?: unknown) => {
      proxy.handleMessage({ seq, type: 'request', command, arguments: args });
      for (let i = 0; i < 200 && !responses.has(seq); i++) await new Promise((r) => setTimeout(r, 25));
      return responses.get(seq);
    };
    expect((await request(1, 'initialize', { adapterID: 'godock' }))?.success).toBe(true);
    expect((await request(2, 'attach', attachArguments(resolveAttach({ port: delvePort }, { from: hostDir, to: nodePath.join(dir, 'workspaces', 'app') }))))?.success).toBe(true);
    const set = await request(3, 'setBreakpoints', { source: { path: nodePath.join(hostDir, 'main.go') }, breakpoints: [{ line: 12 }] });
    expect(set?.body.breakpoints[0].verified).toBe(true);
    await request(4, 'configurationDone');
    expect((await request(5, 'disconnect', { terminateDebuggee: false }))?.success).toBe(true);
    proxy.dispose();
    // The user stopped debugging: the service must still answer, and not stop at the old breakpoint.
    expect(await get(appPort, '/?name=again', 5000)).toBe('hello again\n');
    expect(events.filter((e) => e.event === 'stopped')).toEqual([]);
  }, 60_000);
});
