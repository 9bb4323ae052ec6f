/**
 * The Docker test harness for vitest: an engine (test/docker/engine.sh starts a private dockerd where none
 * answers), local stand-in base images, BuildKit builds through the Engine API (dockerode, `version: '2'`)
 * and containers that are always removed.
 *
 *   const docker = await requireDocker();          // skip (or, with CI=true, fail) when Docker cannot run
 *   describe.skipIf(!docker.ok)('…', () => { … });
 *
 * test/docker/globalSetup.ts starts the engine once per run and stops it afterwards if it started it; without
 * it, the first test file that asks starts the engine (and it keeps running: `test/docker/engine.sh stop`).
 */
import { execFile, spawn } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import * as net from 'node:net';
import * as nodePath from 'node:path';
import { fileURLToPath } from 'node:url';
import Docker from 'dockerode';
import { buildImage as buildWithBuildKit } from '../../server/src/image/build';

export const ENGINE_SCRIPT = nodePath.join(nodePath.dirname(fileURLToPath(import.meta.url)), 'engine.sh');

export type DockerStatus =
  | { ok: true; host: string; engine: 'private' | 'external'; started: boolean }
  | { ok: false; reason: string };

/** Label put on every container the harness creates (the global teardown removes leftovers by it). */
export const TEST_LABEL = 'godock.test';

// Environment variables the global setup passes to the test workers.
const ENV_HOST = 'GODOCK_DOCKER_HOST';
const ENV_ENGINE = 'GODOCK_DOCKER_ENGINE';
const ENV_UNAVAILABLE = 'GODOCK_DOCKER_UNAVAILABLE';
/** Set by the global setup: the value of TEST_LABEL on this run's containers. */
export const ENV_RUN = 'GODOCK_DOCKER_RUN';

/** The value of TEST_LABEL on the containers this run creates. */
export function runId(): string {
  return process.env[ENV_RUN] ?? `pid-${process.pid}`;
}

interface ScriptResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs engine.sh with its progress on our stderr; never rejects. */
export function runEngineScript(args: string[], options: { quiet?: boolean } = {}): Promise<ScriptResult> {
  return new Promise((resolve) => {
    const child = spawn('bash', [ENGINE_SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (!options.quiet) process.stderr.write(d);
    });
    child.on('error', (error) => resolve({ code: -1, stdout, stderr: stderr + String(error) }));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

function keyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z_]+)=(.*)$/.exec(line.trim());
    if (m) out[m[1]] = m[2];
  }
  return out;
}

function failure(step: string, r: ScriptResult): DockerStatus {
  const kv = keyValues(r.stdout);
  if (kv.GODOCK_UNAVAILABLE) return { ok: false, reason: kv.GODOCK_UNAVAILABLE };
  const last = r.stderr.trim().split('\n').filter(Boolean).slice(-3).join(' | ');
  return { ok: false, reason: `engine.sh ${step} failed (exit ${r.code}): ${last || 'no output'}` };
}

/**
 * Starts (or finds) the engine and builds the stand-in images: `engine.sh start` + `engine.sh images`.
 * Idempotent; about a second when the engine runs and the images are cached. Sets DOCKER_HOST.
 */
export async function startEngine(): Promise<DockerStatus> {
  if (process.platform !== 'linux') return { ok: false, reason: `Docker tests need Linux (this is ${process.platform})` };
  const start = await runEngineScript(['start']);
  if (start.code !== 0) return failure('start', start);
  const kv = keyValues(start.stdout);
  const host = kv.DOCKER_HOST;
  if (!host) return { ok: false, reason: 'engine.sh start printed no DOCKER_HOST' };
  process.env.DOCKER_HOST = host;
  const images = await runEngineScript(['images']);
  if (images.code !== 0) return failure('images', images);
  return { ok: true, host, engine: kv.GODOCK_ENGINE === 'external' ? 'external' : 'private', started: kv.GODOCK_STARTED === '1' };
}

/** Passes a status to the test workers (used by the global setup). */
export function exportStatus(status: DockerStatus): void {
  if (status.ok) {
    process.env.DOCKER_HOST = status.host;
    process.env[ENV_HOST] = status.host;
    process.env[ENV_ENGINE] = status.engine;
    delete process.env[ENV_UNAVAILABLE];
  } else {
    process.env[ENV_UNAVAILABLE] = status.reason;
    delete process.env[ENV_HOST];
  }
}

let available: Promise<DockerStatus> | undefined;

/**
 * Whether Docker can run the tests here, and on which host. Uses what the global setup found, else runs
 * engine.sh itself (once per worker).
 */
export function dockerAvailable(): Promise<DockerStatus> {
  available ??= (async (): Promise<DockerStatus> => {
    const unavailable = process.env[ENV_UNAVAILABLE];
    if (unavailable) return { ok: false, reason: unavailable };
    const host = process.env[ENV_HOST];
    if (host) {
      process.env.DOCKER_HOST = host;
      try {
        await dockerClient(host).ping();
        const engine = process.env[ENV_ENGINE] === 'external' ? 'external' : 'private';
        return { ok: true, host, engine, started: false };
      } catch (error) {
        return { ok: false, reason: `the engine at ${host} found by the global setup does not answer: ${String(error)}` };
      }
    }
    const status = await startEngine();
    if (status.ok && status.started) {
      console.warn(`[godock docker] started a private dockerd at ${status.host}; it keeps running (bash test/docker/engine.sh stop)`);
    }
    return status;
  })();
  return available;
}

/**
 * dockerAvailable(), plus the rule for when Docker cannot run: one clear line and the caller skips
 * (describe.skipIf(!docker.ok)), except with CI=true, where it throws so the run fails.
 */
export async function requireDocker(): Promise<DockerStatus> {
  const status = await dockerAvailable();
  if (!status.ok) {
    if (process.env.CI === 'true') throw new Error(`Docker tests cannot run (CI=true, so this fails): ${status.reason}`);
    console.warn(`[godock docker] Docker tests skipped: ${status.reason}`);
  }
  return status;
}

const clients = new Map<string, Docker>();

/** A dockerode client for DOCKER_HOST (unix://path or tcp://host:port). */
export function dockerClient(host = process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock'): Docker {
  let client = clients.get(host);
  if (!client) {
    if (host.startsWith('unix://')) client = new Docker({ socketPath: host.slice('unix://'.length) });
    else {
      const url = new URL(host.replace(/^tcp:/, 'http:'));
      client = new Docker({ host: url.hostname, port: Number(url.port || 2375) });
    }
    clients.set(host, client);
  }
  return client;
}

// ---------------------------------------------------------------------------------------------------------
// Builds

export interface BuildOptions {
  /** Build arguments (ARG). */
  buildArgs?: Record<string, string>;
  /** Stage to build (--target). */
  target?: string;
  /** Called with each line of build output. */
  onLog?: (line: string) => void;
  /** Abort the build after this long (default 10 min). */
  timeoutMs?: number;
}

export interface BuildResult {
  imageId: string;
  /** The build's output: BuildKit's steps and the output of the RUN commands. */
  logs: string;
}

export class BuildError extends Error {
  constructor(
    message: string,
    readonly logs: string,
  ) {
    super(message);
    this.name = 'BuildError';
  }
}

/**
 * Builds contextDir with BuildKit and tags it, through Godock's own build (server/src/image/build.ts: the
 * Engine API with `version: '2'`, so RUN --mount works, and the context sent as the Docker CLI sends it).
 * Throws a BuildError carrying BuildKit's error and the tail of the build output when the build fails.
 */
export async function buildImage(
  contextDir: string,
  dockerfile: string,
  tag: string,
  options: BuildOptions = {},
): Promise<BuildResult> {
  if (!existsSync(nodePath.join(contextDir, dockerfile))) throw new Error(`no ${dockerfile} in ${contextDir}`);
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), options.timeoutMs ?? 600_000);
  const lines: string[] = [];
  try {
    const { imageId } = await buildWithBuildKit(dockerClient(), {
      contextDir,
      dockerfile: nodePath.join(contextDir, dockerfile),
      tag,
      target: options.target,
      buildArgs: options.buildArgs,
      signal: abort.signal,
      onLine: (line) => {
        lines.push(line);
        options.onLog?.(line);
      },
    });
    return { imageId, logs: lines.join('\n') };
  } catch (e) {
    const error = abort.signal.aborted ? `build of ${tag} timed out after ${options.timeoutMs ?? 600_000} ms` : e instanceof Error ? e.message : String(e);
    const tail = lines.filter((l) => !/^#\d+ (CACHED|DONE)$/.test(l)).slice(-40).join('\n');
    throw new BuildError(`docker build ${tag} (BuildKit) failed: ${error}\n--- build output (tail) ---\n${tail}`, lines.join('\n'));
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Containers

export interface ContainerOptions {
  image: string;
  cmd?: string[];
  entrypoint?: string[];
  env?: Record<string, string>;
  user?: string;
  workdir?: string;
  /** Bind mounts, "host:container[:ro]". */
  binds?: string[];
  labels?: Record<string, string>;
  /** Container ports to publish on 127.0.0.1, each on a free host port. */
  ports?: number[];
  capAdd?: string[];
  securityOpt?: string[];
}

const created = new Set<string>();

async function createContainer(options: ContainerOptions, hostPorts: Map<number, number>): Promise<Docker.Container> {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const [containerPort, hostPort] of hostPorts) {
    exposed[`${containerPort}/tcp`] = {};
    bindings[`${containerPort}/tcp`] = [{ HostIp: '127.0.0.1', HostPort: String(hostPort) }];
  }
  const container = await dockerClient().createContainer({
    Image: options.image,
    Cmd: options.cmd,
    Entrypoint: options.entrypoint,
    Env: options.env ? Object.entries(options.env).map(([k, v]) => `${k}=${v}`) : undefined,
    User: options.user,
    WorkingDir: options.workdir,
    Labels: { [TEST_LABEL]: runId(), ...options.labels },
    ExposedPorts: exposed,
    HostConfig: {
      Binds: options.binds,
      PortBindings: bindings,
      CapAdd: options.capAdd,
      SecurityOpt: options.securityOpt,
    },
  });
  created.add(container.id);
  return container;
}

async function removeContainer(container: Docker.Container): Promise<void> {
  try {
    await container.remove({ force: true, v: true });
  } catch (e) {
    if (!/No such container|404/.test(String(e))) throw e;
  }
  created.delete(container.id);
}

/** Splits docker's multiplexed log stream (no TTY) into stdout and stderr. */
export function demux(buffer: Buffer): { stdout: string; stderr: string } {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let i = 0;
  while (i + 8 <= buffer.length) {
    const type = buffer[i];
    const size = buffer.readUInt32BE(i + 4);
    const chunk = buffer.subarray(i + 8, i + 8 + size);
    (type === 2 ? err : out).push(chunk);
    i += 8 + size;
  }
  return { stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}

async function containerLogs(container: Docker.Container): Promise<{ stdout: string; stderr: string }> {
  const raw = (await container.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
  return demux(Buffer.isBuffer(raw) ? raw : Buffer.from(raw));
}

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The engine's error when the container could not start (e.g. "exec /app: no such file or directory"). */
  startError?: string;
}

/** Runs a container to completion and returns its exit code and output; the container is always removed. */
export async function runContainer(options: ContainerOptions & { timeoutMs?: number }): Promise<RunResult> {
  const container = await createContainer(options, new Map());
  try {
    try {
      await container.start();
    } catch (e) {
      const state = (await container.inspect()).State;
      const logs = await containerLogs(container);
      const message = (e as { json?: { message?: string } }).json?.message ?? (e instanceof Error ? e.message : String(e));
      return { exitCode: state.ExitCode || 127, ...logs, startError: state.Error || message };
    }
    const timeoutMs = options.timeoutMs ?? 120_000;
    let timer: NodeJS.Timeout | undefined;
    const waited = await Promise.race([
      container.wait() as Promise<{ StatusCode: number }>,
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (waited === 'timeout') throw new Error(`container of ${options.image} did not exit within ${timeoutMs} ms`);
    return { exitCode: waited.StatusCode, ...(await containerLogs(container)) };
  } finally {
    await removeContainer(container);
  }
}

export interface StartedContainer {
  id: string;
  container: Docker.Container;
  /** Host port on 127.0.0.1 for each published container port. */
  hostPorts: Map<number, number>;
  /** http://127.0.0.1:<host port> of the first published port. */
  url: string;
  logs(): Promise<{ stdout: string; stderr: string }>;
  /** Stops and removes the container. */
  remove(): Promise<void>;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts a container in the background, its ports published on 127.0.0.1 (like -p 127.0.0.1:<free>:<port>). */
export async function startContainer(options: ContainerOptions): Promise<StartedContainer> {
  const hostPorts = new Map<number, number>();
  for (const port of options.ports ?? []) hostPorts.set(port, await freePort());
  const container = await createContainer(options, hostPorts);
  try {
    await container.start();
  } catch (e) {
    const logs = await containerLogs(container).catch(() => ({ stdout: '', stderr: '' }));
    await removeContainer(container);
    throw new Error(`container of ${options.image} did not start: ${e instanceof Error ? e.message : String(e)}\n${logs.stderr}`);
  }
  const first = [...hostPorts.values()][0];
  return {
    id: container.id,
    container,
    hostPorts,
    url: first ? `http://127.0.0.1:${first}` : '',
    logs: () => containerLogs(container),
    remove: () => removeContainer(container),
  };
}

/** startContainer, then fn, then the container is removed whatever happens. */
export async function withContainer<T>(options: ContainerOptions, fn: (c: StartedContainer) => Promise<T>): Promise<T> {
  const c = await startContainer(options);
  try {
    return await fn(c);
  } finally {
    await c.remove();
  }
}

/** Removes the containers this process created and has not removed yet (for afterAll). */
export async function removeCreatedContainers(): Promise<void> {
  const docker = dockerClient();
  await Promise.all([...created].map((id) => removeContainer(docker.getContainer(id)).catch(() => undefined)));
}

/** Removes every container of this run (by TEST_LABEL=runId(); global teardown). */
export async function removeRunContainers(): Promise<number> {
  const docker = dockerClient();
  const list = await docker.listContainers({ all: true, filters: { label: [`${TEST_LABEL}=${runId()}`] } });
  await Promise.all(list.map((c) => removeContainer(docker.getContainer(c.Id)).catch(() => undefined)));
  return list.length;
}

/** Polls url until it answers (any HTTP status) or timeoutMs passes. */
export async function waitForHttp(
  url: string,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<{ status: number; body: string }> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
      return { status: response.status, body: await response.text() };
    } catch (e) {
      last = e;
      await new Promise((r) => setTimeout(r, options.intervalMs ?? 200));
    }
  }
  throw new Error(`${url} did not answer within ${options.timeoutMs ?? 30_000} ms: ${String(last)}`);
}

// ---------------------------------------------------------------------------------------------------------
// The docker CLI, for tests that shell out to `docker build` / `docker run`

export interface DockerCli {
  /** The docker binary to run. */
  bin: string;
  /** Environment for it: DOCKER_HOST, and DOCKER_BUILDKIT=1 for a CLI with built-in BuildKit. */
  env: NodeJS.ProcessEnv;
  /** How `docker build` reaches BuildKit: the buildx plugin, or the built-in client of a 20.10 CLI. */
  buildkit: 'buildx' | 'builtin';
}

function run(bin: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(bin, args, { env, timeout: 20_000 }, (error, stdout) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout: String(stdout) }),
    );
  });
}

let cli: Promise<DockerCli | undefined> | undefined;

/**
 * A docker CLI whose `docker build` uses BuildKit against the test engine, or undefined: the CLI on PATH
 * with a buildx plugin (test/docker/engine.sh buildx), else Debian's 20.10 CLI (/usr/bin/docker) with
 * DOCKER_BUILDKIT=1.
 */
export function dockerCli(): Promise<DockerCli | undefined> {
  cli ??= (async () => {
    const status = await dockerAvailable();
    if (!status.ok) return undefined;
    const env = { ...process.env, DOCKER_HOST: status.host };
    if ((await run('docker', ['buildx', 'version'], env)).code === 0) return { bin: 'docker', env, buildkit: 'buildx' as const };
    for (const bin of ['/usr/bin/docker', 'docker']) {
      if (!existsSync(bin) && bin.startsWith('/')) continue;
      const version = await run(bin, ['version', '--format', '{{.Client.Version}}'], env);
      const major = Number(/^(\d+)\./.exec(version.stdout.trim())?.[1] ?? NaN);
      if (version.code === 0 && major < 23) return { bin, env: { ...env, DOCKER_BUILDKIT: '1' }, buildkit: 'builtin' as const };
    }
    return undefined;
  })();
  return cli;
}

/** The folder of engine.sh's cache (images' root filesystem tarball, dockerd's data root and log). */
export function cacheDir(): string {
  return nodePath.join(process.env.GODOCK_CACHE ?? nodePath.join(process.env.HOME ?? '/root', '.cache/godock'), 'docker');
}

/** The private dockerd's log, for a failing test's message. */
export function dockerdLogTail(lines = 30): string {
  try {
    return readFileSync(nodePath.join(cacheDir(), 'dockerd.log'), 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}
