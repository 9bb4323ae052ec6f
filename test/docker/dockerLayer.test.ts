/**
 * Godock's Docker layer (server/src/docker) on the real engine: the connection found through DOCKER_HOST, a
 * small compose project brought up with the Compose runner, its container found by Compose's labels, the
 * published port, the demultiplexed log stream, exec with a non-zero exit code, the die event on stop, down;
 * and the message a user gets when nothing listens where Docker should be. Then ssh:// through the esbuild
 * bundle (built with the extension's options, loaded where no node_modules are: as in the installed extension,
 * ssh2's optional native modules are missing): against a small ssh server that hands `docker system dial-stdio`
 * to the engine's socket, and against a port where nothing listens.
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
import { detectCompose, runCompose, type ComposeProject } from '../../server/src/docker/compose';
import { DockerConnection, DockerError } from '../../server/src/docker/connection';
import { composeProjectName, execIn, findServiceContainer, followLogs, publishedPort, watchEvents, type ContainerEvent } from '../../server/src/docker/containers';
import { freePort, requireDocker } from './harness';

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
    const composeText = `services:\n  app:\n    build: .\n    ports:\n      - "127.0.0.1:${port}:8080"\n`;
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

    // Events of the service (by labels): stopping it reports `die` with the exit code of the TERM trap.
    const events: ContainerEvent[] = [];
    const watching = new AbortController();
    let died!: () => void;
    const dead = new Promise<void>((r) => (died = r));
    const watched = watchEvents(conn, ref, (event) => {
      events.push(event);
      if (event.action === 'die') died();
    }, watching.signal);
    await new Promise((r) => setTimeout(r, 300)); // the event stream is open before the stop
    await runCompose(project, { action: 'stop', service: 'app' }, { env: conn.cliEnv() });
    await dead;
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
