/**
 * The Proof of the dev loop with the debugger, on the real engine with real air and real Delve: the dev
 * container `godock init` writes runs an HTTP service; Godock's attach path (DelveProxy, the mapping derived
 * from the compose mount, the Reattacher fed by the container's log stream through the Docker layer), driven
 * as VS Code drives it, stops a request at a breakpoint on the host path and reads a local; a source change on
 * the host makes air rebuild, the session re-attaches by itself and the next request stops again and returns
 * the new response. Also: Delve published on 127.0.0.1 only, a clean container stop on Stop, and Docker going
 * away mid-loop ends the wait with the Docker layer's actionable message.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { composeMount, resolveAttach, waitForPort } from '../../client/src/debug/core';
import { containerLogLines } from '../../client/src/debug/container';
import { Reattacher, waitForDelve, type ReattachOutcome } from '../../client/src/debug/reattach';
import { runCompose, type ComposeAction } from '../../server/src/docker/compose';
import { DockerConnection } from '../../server/src/docker/connection';
import { findServiceContainer, publishedPort } from '../../server/src/docker/containers';
import { EditorSession, type Breakpoints } from '../debug/editorSession';
import { get, HANDLER_LINE, mainGo } from '../debug/program';
import { goVersion } from '../helpers/tools';
import { dockerClient, freePort, requireDocker, waitForHttp } from './harness';

const docker = await requireDocker();
const BIN = nodePath.join(__dirname, '../../bin/godock.js');
const work = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'godock-devloop-'));
// A fixed project name: its gomod/gobuild volumes outlive the run, so later runs build warm (seconds, not a minute).
const project = 'godock-devloop';
const composeFile = nodePath.join(work, '.devcontainer/compose.yaml');
let loopStarted = false;
/** The dev loop's Compose calls, through the Docker layer (the Compose CLI with argument arrays). */
const compose = (request: ComposeAction) => runCompose({ files: [composeFile], project }, request, { env: process.env });
const sessions: EditorSession[] = [];

afterAll(async () => {
  for (const s of sessions) s.dispose();
  try {
    // What air and Delve printed, for a failure's diagnosis.
    if (loopStarted && process.env.GODOCK_DEVLOOP_LOGS === '1') {
      const [c] = await dockerClient().listContainers({ all: true, filters: { label: [`com.docker.compose.project=${project}`] } });
      if (c) console.log(String(await dockerClient().getContainer(c.Id).logs({ stdout: true, stderr: true, tail: 80 })));
    }
    if (loopStarted) await compose({ action: 'down' });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** A Unix socket in front of the engine's: "stopping Docker" for this test is closing it (the endpoint disappears). */
async function engineForwarder(target: string): Promise<{ host: string; stop(): void }> {
  const path = nodePath.join(work, 'engine.sock');
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((r) => server.listen(path, r));
  return {
    host: `unix://${path}`,
    stop() {
      server.close();
      for (const s of sockets) s.destroy();
      fs.rmSync(path, { force: true });
    },
  };
}

describe.skipIf(!docker.ok)('the dev loop with the debugger on the real engine', () => {
  it('stops at a breakpoint on the host path, re-attaches after an air rebuild, and ends cleanly', async () => {
    const appPort = await freePort();
    const go = goVersion().split('.').slice(0, 2).join('.');
    const mainFile = nodePath.join(work, 'main.go');
    fs.writeFileSync(nodePath.join(work, 'go.mod'), `module example.com/devloop\n\ngo ${go}\n`);
    fs.writeFileSync(mainFile, mainGo('hello', appPort));
    const init = spawnSync(process.execPath, [BIN, 'init', '--topology', 'host', '--port', String(appPort)], { cwd: work, encoding: 'utf8' });
    expect(init.status, init.stderr).toBe(0);
    // Delve's host port: a free one instead of 2345, so parallel runs on this machine do not collide.
    const delvePort = await freePort();
    const composeText = fs.readFileSync(composeFile, 'utf8').replace('"127.0.0.1:2345:2345"', `"127.0.0.1:${delvePort}:2345"`);
    fs.writeFileSync(composeFile, composeText);

    loopStarted = true;
    await compose({ action: 'down' });
    const upStarted = Date.now();
    await compose({ action: 'up', build: true });
    expect((await waitForHttp(`http://127.0.0.1:${appPort}/?name=up`, { timeoutMs: 180_000 })).body).toBe('hello up\n');
    const upToResponse = Date.now() - upStarted;

    // The Docker layer finds the container by its compose labels; both ports on the host's loopback only.
    const conn = new DockerConnection({ env: process.env });
    const container = (await findServiceContainer(conn, { project, service: 'dev' }))!;
    expect(container.state).toBe('running');
    expect(publishedPort(container, 2345)).toMatchObject({ hostIp: '127.0.0.1', hostPort: delvePort });
    expect(container.ports.filter((p) => p.hostPort).map((p) => p.hostIp)).toEqual(container.ports.filter((p) => p.hostPort).map(() => '127.0.0.1'));

    // The attach path: the mapping comes from the compose mount, as resolveDebugConfiguration fills it.
    const config = resolveAttach({ port: delvePort }, composeMount(composeText, composeFile, work));
    expect(config.substitutePath).toEqual([{ from: work, to: `/workspaces/${nodePath.basename(work).toLowerCase()}` }]);
    const breakpoints: Breakpoints = new Map([[mainFile, [HANDLER_LINE]]]);
    const reattacher = new Reattacher(config, {
      async start() {
        const { session, verified } = await EditorSession.start(config, breakpoints);
        sessions.push(session);
        return verified.every(Boolean);
      },
      waitForDelve: (signal) => waitForDelve({ host: config.host, port: config.port, timeoutMs: 120_000, signal, logLines: containerLogLines(conn, container.id), awayFirst: true }),
      log: () => undefined,
    });
    const first = await EditorSession.start(config, breakpoints);
    sessions.push(first.session);
    expect(first.verified).toEqual([true]);
    reattacher.sessionStarted();

    const stopsAtBreakpoint = async (session: EditorSession, name: string) => {
      const stopped = session.waitForEvent('stopped', 60_000, (b) => b.reason === 'breakpoint');
      stopped.catch(() => undefined);
      // Docker's proxy accepts on the app port before the rebuilt program listens: ask again until one request
      // reaches the program (it then stops at the breakpoint, so it cannot be awaited first).
      let response: Promise<string>;
      for (;;) {
        response = get(appPort, `/?name=${name}`, 60_000);
        const first = await Promise.race([response.then(() => 'answered', () => 'failed'), stopped.then(() => 'stopped', () => 'stopped'), new Promise((r) => setTimeout(() => r('waiting'), 2000))]);
        if (first !== 'failed') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const { threadId } = await stopped;
      const { stackFrames } = await session.request('stackTrace', { threadId });
      expect(stackFrames[0].source.path).toBe(mainFile);
      expect(stackFrames[0].line).toBe(HANDLER_LINE);
      const { scopes } = await session.request('scopes', { frameId: stackFrames[0].id });
      const { variables } = await session.request('variables', { variablesReference: scopes[0].variablesReference });
      const greeting = variables.find((v: { name: string }) => v.name === 'greeting')?.value;
      await session.request('continue', { threadId });
      return { greeting, body: await response };
    };
    expect(await stopsAtBreakpoint(first.session, 'gopher')).toEqual({ greeting: '"hello gopher"', body: 'hello gopher\n' });

    // Save a change on the host: air rebuilds, Delve goes away and comes back, the loop attaches again.
    const saved = Date.now();
    fs.writeFileSync(mainFile, mainGo('changed', appPort));
    const end = await Promise.race([first.session.ended, new Promise((r) => setTimeout(() => r('timeout'), 120_000))]);
    expect(end).toBe('debugger-lost');
    const outcome: ReattachOutcome = await reattacher.sessionEnded('debugger-lost');
    expect(outcome).toMatchObject({ kind: 'reattached' });
    const { delveListeningAt, attachedAt } = outcome as Extract<ReattachOutcome, { kind: 'reattached' }>;
    expect(sessions).toHaveLength(2);
    expect(await stopsAtBreakpoint(sessions[1], 'again')).toEqual({ greeting: '"changed again"', body: 'changed again\n' });
    const saveToResponse = Date.now() - saved;

    console.log(
      `[devloop] compose up → first response ${seconds(upToResponse)} · source save → new response (through the breakpoint) ${seconds(saveToResponse)} · Delve listening → re-attached ${attachedAt - delveListeningAt} ms`,
    );

    // The user's Stop: no new session, the service keeps answering; Stop Dev Loop stops the container cleanly.
    await sessions[1].stop();
    expect(await reattacher.sessionEnded(await sessions[1].ended)).toEqual({ kind: 'not-needed', why: 'user-stopped' });
    expect(await get(appPort, '/?name=free', 10_000)).toBe('changed free\n');
    const stopStarted = Date.now();
    await compose({ action: 'stop' });
    const state = (await dockerClient().getContainer(container.id).inspect()).State;
    expect({ status: state.Status, exitCode: state.ExitCode, oomKilled: state.OOMKilled }).toEqual({ status: 'exited', exitCode: 0, oomKilled: false });
    console.log(`[devloop] Stop: the container exited with 0 in ${seconds(Date.now() - stopStarted)}`);
    expect(sessions).toHaveLength(2);
  }, 15 * 60_000);

  it('ends the wait for Delve with the Docker layer\'s message when Docker goes away mid-loop', async () => {
    expect(loopStarted, 'the first test started the loop').toBe(true);
    await compose({ action: 'up', build: false });
    const forwarder = await engineForwarder(process.env.DOCKER_HOST!.replace(/^unix:\/\//, ''));
    const conn = new DockerConnection({ env: { ...process.env, DOCKER_HOST: forwarder.host } });
    const container = (await findServiceContainer(conn, { project, service: 'dev' }))!;
    const delvePort = publishedPort(container, 2345)!.hostPort;
    expect(await waitForDelve({ host: '127.0.0.1', port: delvePort, timeoutMs: 120_000 })).toBeTypeOf('number');
    const config = resolveAttach({ port: delvePort }, composeMount(fs.readFileSync(nodePath.join(work, '.devcontainer/compose.yaml'), 'utf8'), nodePath.join(work, '.devcontainer/compose.yaml'), work));
    const { session } = await EditorSession.start(config, new Map());
    sessions.push(session);
    const reattacher = new Reattacher(config, {
      start: async () => false,
      waitForDelve: (signal) => waitForDelve({ host: config.host, port: config.port, timeoutMs: 120_000, signal, logLines: containerLogLines(conn, container.id), awayFirst: true }),
      log: () => undefined,
    });
    reattacher.sessionStarted();
    // Docker stops: its endpoint disappears and its containers die.
    forwarder.stop();
    await dockerClient().getContainer(container.id).kill();
    expect(await session.ended).toBe('debugger-lost');
    const started = Date.now();
    const outcome = await reattacher.sessionEnded('debugger-lost');
    expect(outcome).toEqual({ kind: 'gave-up', message: expect.stringMatching(/^Docker is not running at unix:\/\/.*engine\.sock \(DOCKER_HOST\): start Docker/) });
    console.log(`[devloop] Docker gone: "${(outcome as { message: string }).message}" after ${Date.now() - started} ms`);
  }, 5 * 60_000);
});
