/**
 * Godock's Docker layer (server/src/docker) on the real engine: the connection found through DOCKER_HOST, a
 * small compose project brought up with the Compose runner, its container found by Compose's labels, the
 * published port, the demultiplexed log stream, exec with a non-zero exit code, the die event on stop, down;
 * and the message a user gets when nothing listens where Docker should be. Then ssh:// through the esbuild
 * bundle (built with the extension's options, loaded where no node_modules are: as in the installed extension,
 * ssh2's optional native modules are missing): against a small ssh server that hands `docker system dial-stdio`
 * to the engine's socket, and against a port where nothing listens. Last, the dev container `godock init` writes:
 * air's real output when a save breaks the build, read into the loop state and mapped to the host file.
 */
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import * as esbuild from 'esbuild';
import { Server as SshServer } from 'ssh2';
import { afterAll, describe, expect, it } from 'vitest';
import { INITIAL, devTarget, mapBuildErrors, reduce, type LoopState } from '../../client/src/devloop/core';
import { detectCompose, runCompose, type ComposeProject } from '../../server/src/docker/compose';
import { DockerConnection, DockerError } from '../../server/src/docker/connection';
import { composeProjectName, execIn, findServiceContainer, followLogs, publishedPort, watchEvents, type ContainerEvent } from '../../server/src/docker/containers';
import { goVersion } from '../helpers/tools';
import { freePort, requireDocker, waitForHttp } from './harness';

const docker = await requireDocker();
const work = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'godock-layer-'));
const dir = nodePath.join(work, `Layer Test ${process.pid}`);
const composeFile = nodePath.join(dir, 'compose.yaml');
const project: ComposeProject = { files: [composeFile] };
let up = false;

afterAll(async () => {
  try {
    if (up) await runCompose(project, { action: 'down' }, { env: new DockerConnection().cliEnv() }).catch(() => undefined);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});

describe.skipIf(!docker.ok)('the Docker layer on the real engine', () => {
  it('brings a compose service up, finds it by labels, reads ports, logs and exec, sees it die, brings it down', async () => {
    const port = await freePort();
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(nodePath.join(dir, 'Dockerfile'), 'FROM debian:bookworm-slim\nCMD ["sh", "-c", "echo to stdout; echo to stderr >&2; trap \'exit 0\' TERM; while :; do sleep 0.2; done"]\n');
    const composeText = `services:\n  app:\n    build: .\n    ports:\n      - "127.0.0.1:${port}:8080"\n    healthcheck:\n      test: ["CMD", "true"]\n      interval: 1s\n`;
    fs.writeFileSync(composeFile, composeText);

    // DOCKER_HOST is the harness's private engine: the connection resolves it as the Docker CLI would.
    const conn = new DockerConnection();
    expect(conn.endpoint()).toEqual({ host: docker.ok ? docker.host : '', source: 'DOCKER_HOST' });
    const tool = await detectCompose(conn.cliEnv());
    const progress: string[] = [];
    up = true;
    await runCompose(project, { action: 'up', service: 'app' }, { env: conn.cliEnv(), onLine: (line) => progress.push(line) });
    console.log(`[docker layer] compose CLI: ${tool.kind}; ${progress.length} progress lines`);
    expect(progress.length).toBeGreaterThan(0);

    const ref = { project: composeProjectName(composeFile, composeText), service: 'app', composeFile };
    expect(ref.project).toBe(`layertest${process.pid}`);
    const container = await findServiceContainer(conn, ref);
    expect(container).toMatchObject({ state: 'running' });
    expect(publishedPort(container!, 8080)).toEqual({ containerPort: 8080, protocol: 'tcp', hostIp: '127.0.0.1', hostPort: port });

    // The log stream, demultiplexed: each line on the stream it was written to.
    const lines: [string, string][] = [];
    const logs = new AbortController();
    const following = followLogs(conn, container!.id, (line, stream) => {
      lines.push([stream, line]);
      if (lines.length === 2) logs.abort();
    }, { signal: logs.signal });
    await following;
    expect(lines.sort()).toEqual([['stderr', 'to stderr'], ['stdout', 'to stdout']]);

    expect(await execIn(conn, container!.id, ['sh', '-c', 'echo partial; echo broken >&2; exit 3'])).toEqual({ exitCode: 3, stdout: 'partial\n', stderr: 'broken\n' });

    // Events of the service (by labels): its healthcheck turns healthy; stopping it reports `die` with the exit
    // code of the TERM trap.
    const events: ContainerEvent[] = [];
    const watching = new AbortController();
    let died!: () => void;
    let healthy!: () => void;
    const dead = new Promise<void>((r) => (died = r));
    const isHealthy = new Promise<void>((r) => (healthy = r));
    const watched = watchEvents(conn, ref, (event) => {
      events.push(event);
      if (event.action === 'die') died();
      if (event.health === 'healthy') healthy();
    }, watching.signal, { since: Math.floor(Date.parse(container!.startedAt!) / 1000) });
    const within = (what: string, promise: Promise<void>) =>
      Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no ${what} event within 30 s: ${JSON.stringify(events)}`)), 30_000))]);
    await within('health_status: healthy', isHealthy);
    expect((await findServiceContainer(conn, ref))?.health).toBe('healthy');
    await runCompose(project, { action: 'stop', service: 'app' }, { env: conn.cliEnv() });
    await within('die', dead);
    watching.abort();
    await watched;
    expect(events.find((e) => e.action === 'die')).toMatchObject({ id: container!.id, exitCode: 0 });
    expect(await findServiceContainer(conn, ref)).toMatchObject({ id: container!.id, state: 'exited' });

    await runCompose(project, { action: 'down' }, { env: conn.cliEnv() });
    up = false;
    expect(await findServiceContainer(conn, ref)).toBeUndefined();
  }, 5 * 60_000);

  it('a failing image build gives the CLI’s error line, and its output tail to show', async () => {
    const conn = new DockerConnection();
    const broken = nodePath.join(work, 'broken');
    fs.mkdirSync(broken, { recursive: true });
    fs.writeFileSync(nodePath.join(broken, 'Dockerfile'), 'FROM debian:bookworm-slim\nRUN echo godock-broken-step && exit 7\n');
    fs.writeFileSync(nodePath.join(broken, 'compose.yaml'), 'services:\n  app:\n    build: .\n');
    const error = (await runCompose({ files: [nodePath.join(broken, 'compose.yaml')] }, { action: 'up', service: 'app' }, { env: conn.cliEnv() }).catch((e: unknown) => e)) as DockerError;
    console.log(`[docker layer] ${error.message}\n${error.details}`);
    await runCompose({ files: [nodePath.join(broken, 'compose.yaml')] }, { action: 'down' }, { env: conn.cliEnv() }).catch(() => undefined);
    expect(error).toBeInstanceOf(DockerError);
    expect(error.message).toMatch(/^docker(-| )compose up failed: .*exit code: 7$/);
    expect(error.details).toContain('godock-broken-step');
  }, 2 * 60_000);

  it.each([
    ['a socket that is gone (Docker stopped)', () => `unix://${nodePath.join(work, 'stopped.sock')}`, /^Docker is not running at unix:\/\/.*stopped\.sock \(`godock\.docker\.host`\): start Docker/],
    ['a TCP port where nothing listens', async () => `tcp://127.0.0.1:${await freePort()}`, /^Docker is not running at tcp:\/\/127\.0\.0\.1:\d+ \(`godock\.docker\.host`\): start the engine there/],
  ])('%s gives the actionable message, not a stack trace', async (_, host, message) => {
    const endpoint = await host();
    const conn = new DockerConnection({ setting: () => endpoint });
    const error = (await conn.docker().catch((e: unknown) => e)) as DockerError;
    expect(error).toBeInstanceOf(DockerError);
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/\n|\bat .*\(.*:\d+:\d+\)/);
    expect(error.actions).toEqual(['Retry', 'Open Settings']);
  });
});

/** Runs the bundled connection in a fresh Node (an uncaught error would kill it): `{ ok, version }` or `{ problem, message }`. */
function inBundle(bundle: string, setting: string): Promise<Record<string, unknown>> {
  const script = `
    const { DockerConnection } = require(${JSON.stringify(bundle)});
    new DockerConnection({ setting: () => ${JSON.stringify(setting)}, env: {} }).docker()
      .then((d) => d.version()).then((v) => console.log(JSON.stringify({ ok: true, version: v.ApiVersion })))
      .catch((e) => console.log(JSON.stringify({ problem: e.problem, message: e.message, stack: e.stack })));`;
  return new Promise((resolve, reject) =>
    execFile(process.execPath, ['-e', script], { cwd: nodePath.dirname(bundle), timeout: 60_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`the bundle crashed: ${stderr}`)) : resolve(JSON.parse(stdout.trim().split('\n').pop()!)),
    ),
  );
}

describe.skipIf(!docker.ok)('ssh:// endpoints through the bundle', () => {
  it('reaches the engine over ssh, and a host where nothing listens gives the actionable message', async () => {
    const outdir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'godock-bundle-'));
    const { common } = (await import(nodePath.join(__dirname, '../../scripts/build.mjs'))) as { common: esbuild.BuildOptions };
    const bundle = nodePath.join(outdir, 'docker.js');
    await esbuild.build({ ...common, entryPoints: [nodePath.join(__dirname, '../../server/src/docker/connection.ts')], outfile: bundle, logLevel: 'silent' });

    // An ssh server that lets anyone in and runs `docker system dial-stdio` as the Docker CLI would: piped to the engine.
    const hostKey = generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs1', format: 'pem' }, publicKeyEncoding: { type: 'pkcs1', format: 'pem' } }).privateKey;
    const commands: string[] = [];
    const sshd = new SshServer({ hostKeys: [hostKey] }, (client) => {
      client.on('authentication', (ctx) => ctx.accept());
      client.on('error', () => undefined);
      client.on('session', (accept) =>
        accept().on('exec', (acceptExec, _reject, info) => {
          commands.push(info.command);
          const channel = acceptExec();
          const engine = net.connect(docker.ok ? docker.host.replace('unix://', '') : '');
          channel.pipe(engine).pipe(channel);
          engine.on('error', () => channel.close());
        }),
      );
    });
    await new Promise<void>((r) => sshd.listen(0, '127.0.0.1', r));
    const sshPort = (sshd.address() as net.AddressInfo).port;
    try {
      const reached = await inBundle(bundle, `ssh://tester@127.0.0.1:${sshPort}`);
      expect(reached).toMatchObject({ ok: true });
      expect(commands[0]).toBe('docker system dial-stdio');

      const closed = await freePort();
      const refused = await inBundle(bundle, `ssh://tester@127.0.0.1:${closed}`);
      expect(refused).toMatchObject({ problem: 'ssh', message: `Cannot reach ssh://tester@127.0.0.1:${closed} (\`godock.docker.host\`) over ssh (ECONNREFUSED): check the host name and port, and that sshd runs there.` });
    } finally {
      sshd.close();
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  }, 2 * 60_000);
});

describe.skipIf(!docker.ok)("air's build errors from the real dev container", () => {
  const dev = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'godock-air-'));
  // A fixed project name: its Go build cache volume stays for the next run (down keeps volumes), as engine.sh keeps images.
  const project: ComposeProject = { files: [nodePath.join(dev, '.devcontainer/compose.yaml')], project: 'godock-test-airerrors' };
  const stop = new AbortController();

  afterAll(async () => {
    stop.abort();
    try {
      await runCompose(project, { action: 'down' }, { env: new DockerConnection().cliEnv() }).catch(() => undefined);
    } finally {
      fs.rmSync(dev, { recursive: true, force: true });
    }
  });

  it('a save that breaks the build gives the errors on the host file; the fix clears them', async () => {
    const port = await freePort();
    const go = goVersion().split('.').slice(0, 2).join('.');
    const main = (body: string) => `package main\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n\nfunc main() {\n\thttp.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {\n\t\t${body}\n\t})\n\thttp.ListenAndServe(":${port}", nil)\n}\n`;
    fs.writeFileSync(nodePath.join(dev, 'go.mod'), `module example.com/airerrors\n\ngo ${go}\n`);
    fs.writeFileSync(nodePath.join(dev, 'main.go'), main('fmt.Fprintln(w, "first")'));
    const { spawnSync } = await import('node:child_process');
    expect(spawnSync(process.execPath, [nodePath.join(__dirname, '../../bin/godock.js'), 'init', '--topology', 'host'], { cwd: dev, encoding: 'utf8' }).status).toBe(0);
    // Delve's port on a free one, so this test does not collide with another dev container on 2345.
    const composeFile = project.files[0];
    fs.writeFileSync(composeFile, fs.readFileSync(composeFile, 'utf8').replace('"127.0.0.1:2345:2345"', `"127.0.0.1:${await freePort()}:2345"`));
    const target = devTarget(fs.readFileSync(composeFile, 'utf8'), composeFile, dev)!;
    expect(target.service).toBe('dev');

    const conn = new DockerConnection();
    const started = Date.now();
    await runCompose(project, { action: 'up', service: target.service }, { env: conn.cliEnv() });
    console.log(`[docker layer] dev image built and container started in ${Date.now() - started} ms`);
    const container = (await findServiceContainer(conn, { project: project.project!, service: target.service }))!;

    // The loop state, fed by the container's log as the editor feeds it.
    expect(target.runsAir).toBe(true);
    let state: LoopState = reduce(INITIAL, { type: 'composeDone', action: 'up', awaitAir: true });
    const airLog: string[] = [];
    let changed = () => undefined as void;
    void followLogs(conn, container.id, (line) => {
      airLog.push(line);
      state = reduce(state, { type: 'log', line });
      changed();
    }, { signal: stop.signal });
    const until = (phase: LoopState['phase'], timeoutMs: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${phase} within ${timeoutMs} ms; air's log:\n${airLog.slice(-30).join('\n')}`)), timeoutMs);
        changed = () => {
          if (state.phase === phase) {
            clearTimeout(timer);
            resolve();
          }
        };
        changed();
      });

    await until('running', 300_000);
    expect((await waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 60_000 })).body).toBe('first\n');
    console.log(`[docker layer] dev container up and air running in ${Date.now() - started} ms`);

    // Line 10 of the host file (two tabs, so columns count from 3): an undefined name, an unused variable, a type error.
    fs.writeFileSync(nodePath.join(dev, 'main.go'), main('fmt.Fprintln(w, greeting); var n int = "x"'));
    await until('buildFailed', 60_000);
    console.log(`[docker layer] air's output for the broken build:\n${airLog.slice(-8).join('\n')}`);
    const errors = mapBuildErrors(state.errors, container.workingDir!, target.mount);
    expect(errors.map((e) => [e.hostFile, e.line, e.column, e.message])).toEqual([
      [nodePath.join(dev, 'main.go'), 10, 19, 'undefined: greeting'],
      [nodePath.join(dev, 'main.go'), 10, 34, 'declared and not used: n'],
      [nodePath.join(dev, 'main.go'), 10, 42, 'cannot use "x" (untyped string constant) as int value in variable declaration'],
    ]);

    fs.writeFileSync(nodePath.join(dev, 'main.go'), main('fmt.Fprintln(w, "fixed")'));
    await until('running', 60_000);
    expect(state.errors).toEqual([]);
    expect((await waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 60_000 })).body).toBe('fixed\n');
  }, 10 * 60_000);
});
