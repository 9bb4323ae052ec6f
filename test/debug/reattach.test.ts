/**
 * Auto re-attach against a real headless Delve (built from its module), with Delve killed and started again
 * the way air does it on a rebuild (the whole process group, then `dlv exec` of the new binary): the session
 * ends, Godock waits for Delve, attaches again with the user's breakpoints, and the next request stops there.
 * The user's own Stop ends the loop. Here Delve runs on the machine; test/docker/devloop.test.ts runs the
 * same loop with air in the dev container.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAttach, waitForPort } from '../../client/src/debug/core';
import { delveRunning, probeDelve, Reattacher, REATTACH_TIMEOUT_MS, untilDelveResumed, waitForDelve } from '../../client/src/debug/reattach';
import { delve, GO } from '../helpers/tools';
import { EditorSession, type Breakpoints } from './editorSession';
import { freePort, get, HANDLER_LINE, killTree, mainGo } from './program';

describe('auto re-attach when Delve restarts', () => {
  let dir: string;
  let buildDir: string;
  let hostDir: string;
  let dlv: ChildProcess | undefined;
  let delvePort: number;
  let appPort: number;

  const build = (greeting: string) => {
    for (const d of [buildDir, hostDir]) fs.writeFileSync(nodePath.join(d, 'main.go'), mainGo(greeting));
    execFileSync(GO, ['build', '-gcflags=all=-N -l', '-o', 'app', '.'], { cwd: buildDir, env: { ...process.env, CGO_ENABLED: '0' } });
  };
  // As air (v1.67) runs full_bin and stops it on a rebuild: SIGKILL to the whole process tree. The program has
  // a process group of its own (Delve gives it one), so killing dlv's group alone would leave it serving.
  const startDelve = () => {
    dlv = spawn(delve(), ['exec', '--headless', `--listen=127.0.0.1:${delvePort}`, '--api-version=2', '--accept-multiclient', '--continue', './app'], {
      cwd: buildDir,
      env: { ...process.env, PORT: String(appPort) },
      stdio: 'ignore',
      detached: true,
    });
  };
  const killDelve = () => {
    if (dlv?.pid && dlv.exitCode === null) killTree(dlv.pid);
  };

  beforeAll(async () => {
    dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'godock-reattach-'));
    buildDir = nodePath.join(dir, 'workspaces', 'app');
    hostDir = nodePath.join(dir, 'host', 'app');
    for (const d of [buildDir, hostDir]) {
      fs.mkdirSync(d, { recursive: true });
      fs.writeFileSync(nodePath.join(d, 'go.mod'), 'module example.com/app\n\ngo 1.22\n');
    }
    [delvePort, appPort] = [await freePort(), await freePort()];
    build('hello');
    startDelve();
    expect(await waitForDelve({ host: '127.0.0.1', port: delvePort, timeoutMs: 30000 })).toBeTypeOf('number');
    expect(await waitForPort('127.0.0.1', appPort, { timeoutMs: 30000 })).toBe(true);
  }, 600_000);

  afterAll(() => {
    killDelve();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a probe gets a DAP answer from Delve and leaves the program serving; a closed port is "refused"', async () => {
    expect(await probeDelve('127.0.0.1', delvePort)).toMatchObject({ ok: true });
    expect(await get(appPort, '/?name=probe', 5000)).toBe('hello probe\n');
    expect(await probeDelve('127.0.0.1', await freePort())).toMatchObject({ ok: false, reason: 'refused' });
  });

  it('tells a program dlv --continue has resumed from one still halted, without halting it', async () => {
    expect(await delveRunning('127.0.0.1', delvePort)).toBe(true);
    expect(await get(appPort, '/?name=running', 5000)).toBe('hello running\n');
    // Without --continue Delve holds the program at its entry: a session attached then would have its first
    // stop undone by the resume that --continue sends a moment later.
    const haltedPort = await freePort();
    const halted = spawn(delve(), ['exec', '--headless', `--listen=127.0.0.1:${haltedPort}`, '--api-version=2', '--accept-multiclient', './app'], {
      cwd: buildDir,
      env: { ...process.env, PORT: String(await freePort()) },
      stdio: 'ignore',
    });
    try {
      expect(await waitForDelve({ host: '127.0.0.1', port: haltedPort, timeoutMs: 30000 })).toBeTypeOf('number');
      expect(await delveRunning('127.0.0.1', haltedPort)).toBe(false);
      const started = Date.now();
      await untilDelveResumed('127.0.0.1', haltedPort, 300);
      expect(Date.now() - started).toBeGreaterThanOrEqual(300);
      expect(await delveRunning('127.0.0.1', await freePort())).toBeUndefined();
    } finally {
      if (halted.pid) killTree(halted.pid);
    }
  });

  it('attaches again after a rebuild with the same breakpoints, and stops for good on the user Stop', async () => {
    const config = resolveAttach({ port: delvePort }, { from: hostDir, to: buildDir });
    const file = nodePath.join(hostDir, 'main.go');
    const breakpoints: Breakpoints = new Map([[file, [HANDLER_LINE]]]);
    const sessions: EditorSession[] = [];
    const log: string[] = [];
    const reattacher = new Reattacher(config, {
      async start() {
        const { session, verified } = await EditorSession.start(config, breakpoints);
        sessions.push(session);
        return verified.every(Boolean);
      },
      waitForDelve: (signal) => waitForDelve({ host: config.host, port: config.port, timeoutMs: REATTACH_TIMEOUT_MS, signal, awayFirst: true }),
      log: (m) => log.push(m),
    });
    const stopsAtBreakpoint = async (session: EditorSession, name: string) => {
      const stopped = session.waitForEvent('stopped', 20000, (b) => b.reason === 'breakpoint');
      const response = get(appPort, `/?name=${name}`, 30000);
      const { threadId } = await stopped;
      const { stackFrames } = await session.request('stackTrace', { threadId });
      expect(stackFrames[0].source.path).toBe(file);
      expect(stackFrames[0].line).toBe(HANDLER_LINE);
      await session.request('continue', { threadId });
      return response;
    };

    const first = await EditorSession.start(config, breakpoints);
    sessions.push(first.session);
    reattacher.sessionStarted();
    expect(await stopsAtBreakpoint(first.session, 'one')).toBe('hello one\n');

    // air: kill the process group, build, run Delve again.
    killDelve();
    const end = await first.session.ended;
    expect(end).toBe('debugger-lost');
    const reattached = reattacher.sessionEnded(end);
    build('hi');
    startDelve();
    const outcome = await reattached;
    expect(outcome.kind).toBe('reattached');
    expect(sessions).toHaveLength(2);
    expect(await waitForPort('127.0.0.1', appPort, { timeoutMs: 30000 })).toBe(true);
    expect(await stopsAtBreakpoint(sessions[1], 'two')).toBe('hi two\n');

    // The user stops: the proxy clears the breakpoints, no session comes back, the service keeps answering.
    await sessions[1].stop();
    expect(await reattacher.sessionEnded(await sessions[1].ended)).toEqual({ kind: 'not-needed', why: 'user-stopped' });
    expect(await get(appPort, '/?name=three', 5000)).toBe('hi three\n');
    killDelve();
    startDelve();
    expect(await reattacher.sessionEnded('debugger-lost')).toEqual({ kind: 'not-needed', why: 'stopped' });
    expect(sessions).toHaveLength(2);
    expect(log.some((m) => /^Attached again \d+ ms after Delve listened\.$/.test(m))).toBe(true);
  }, 120_000);
});
