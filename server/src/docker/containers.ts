/**
 * A compose service's container through the Engine API: found by the labels Compose puts on it, its state
 * and published ports, its log stream line by line, exec with exit code, and its start/die/health events.
 * Long-running calls take an AbortSignal; every failure is a DockerError (see connection.ts).
 */
import * as nodePath from 'node:path';
import type { Readable } from 'node:stream';
import { parseDocument } from 'yaml';
import type Docker from 'dockerode';
import type { DockerConnection } from './connection';

export const PROJECT_LABEL = 'com.docker.compose.project';
export const SERVICE_LABEL = 'com.docker.compose.service';
const CONFIG_FILES_LABEL = 'com.docker.compose.project.config_files';

/** The project name Compose gives a compose file: its top-level `name:`, else COMPOSE_PROJECT_NAME, else its folder's name. */
export function composeProjectName(composeFile: string, composeText: string, env: Record<string, string | undefined> = {}): string {
  let name: unknown;
  try {
    name = (parseDocument(composeText).toJS() as { name?: unknown } | null)?.name;
  } catch {
    name = undefined;
  }
  const raw = typeof name === 'string' && name ? name : env.COMPOSE_PROJECT_NAME || nodePath.basename(nodePath.dirname(nodePath.resolve(composeFile)));
  // Compose's normalisation: lower case, only [a-z0-9_-], starting with a letter or digit.
  return raw.toLowerCase().replace(/[^a-z0-9_-]/g, '').replace(/^[_-]+/, '');
}

export interface PublishedPort {
  /** The port inside the container. */
  containerPort: number;
  protocol: string;
  hostIp: string;
  hostPort: number;
}

export interface ServiceContainer {
  id: string;
  name: string;
  /** created, running, restarting, exited, paused, dead. */
  state: string;
  /** healthy, unhealthy, starting, or undefined without a healthcheck. */
  health?: string;
  ports: PublishedPort[];
  /** The working directory of the container's command (air runs there). */
  workingDir?: string;
  tty: boolean;
  /** When it last started (ISO 8601), to read the log of this run only. */
  startedAt?: string;
  /** The exit code of its last run, when it is not running. */
  exitCode?: number;
}

export interface ServiceRef {
  project: string;
  service: string;
  /** The compose file: finds containers started under another project name (the Dev Containers extension's). */
  composeFile?: string;
}

/** The service's container, running or not (a running one first), or undefined. */
export async function findServiceContainer(conn: DockerConnection, ref: ServiceRef): Promise<ServiceContainer | undefined> {
  return conn.use(async (docker) => {
    let list = await docker.listContainers({ all: true, filters: { label: [`${PROJECT_LABEL}=${ref.project}`, `${SERVICE_LABEL}=${ref.service}`] } });
    if (list.length === 0 && ref.composeFile) {
      const file = nodePath.resolve(ref.composeFile);
      const all = await docker.listContainers({ all: true, filters: { label: [`${SERVICE_LABEL}=${ref.service}`] } });
      list = all.filter((c) => (c.Labels[CONFIG_FILES_LABEL] ?? '').split(',').some((f) => nodePath.resolve(f) === file));
    }
    if (list.length === 0) return undefined;
    const chosen = list.find((c) => c.State === 'running') ?? list[0];
    return inspectContainer(docker, chosen.Id);
  });
}

async function inspectContainer(docker: Docker, id: string): Promise<ServiceContainer> {
  const info = await docker.getContainer(id).inspect();
  const ports: PublishedPort[] = [];
  for (const [key, bindings] of Object.entries(info.NetworkSettings?.Ports ?? {})) {
    const [port, protocol] = key.split('/');
    for (const binding of bindings ?? []) ports.push({ containerPort: Number(port), protocol, hostIp: binding.HostIp, hostPort: Number(binding.HostPort) });
  }
  return {
    id: info.Id,
    name: info.Name.replace(/^\//, ''),
    state: info.State.Status,
    health: info.State.Health?.Status,
    ports,
    workingDir: info.Config.WorkingDir || undefined,
    tty: info.Config.Tty,
    startedAt: info.State.StartedAt && !info.State.StartedAt.startsWith('0001') ? info.State.StartedAt : undefined,
    exitCode: info.State.Running ? undefined : info.State.ExitCode,
  };
}

/** Where a container port is published on the host (the first IPv4 binding), or undefined. */
export function publishedPort(container: ServiceContainer, containerPort: number, protocol = 'tcp'): PublishedPort | undefined {
  const matching = container.ports.filter((p) => p.containerPort === containerPort && p.protocol === protocol);
  return matching.find((p) => !p.hostIp.includes(':')) ?? matching[0];
}

/** Splits a byte stream into lines (a trailing partial line is kept until the next chunk or the end). */
export function lineSplitter(onLine: (line: string) => void): { push(chunk: Buffer | string): void; end(): void } {
  let partial = '';
  return {
    push(chunk) {
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      for (const part of parts) onLine(part.replace(/\r$/, ''));
    },
    end() {
      if (partial) onLine(partial.replace(/\r$/, ''));
      partial = '';
    },
  };
}

export interface LogOptions {
  signal?: AbortSignal;
  /** Lines of history to include first (default: all). */
  tail?: number;
  /** Only lines after this time (Unix seconds). */
  since?: number;
}

/**
 * Follows a container's output line by line until the container stops or the signal aborts; stdout and stderr
 * come demultiplexed (a container without a TTY sends them framed in one stream).
 */
export async function followLogs(conn: DockerConnection, id: string, onLine: (line: string, stream: 'stdout' | 'stderr') => void, options: LogOptions = {}): Promise<void> {
  await conn.use(async (docker) => {
    const container = docker.getContainer(id);
    const tty = (await container.inspect()).Config.Tty;
    if (options.signal?.aborted) return;
    const stream = (await container.logs({ follow: true, stdout: true, stderr: true, tail: options.tail ?? 'all', since: options.since, abortSignal: options.signal } as Docker.ContainerLogsOptions & { follow: true })) as unknown as Readable;
    const out = lineSplitter((line) => onLine(line, 'stdout'));
    const err = lineSplitter((line) => onLine(line, 'stderr'));
    await pump(docker, stream, tty, out, err, options.signal);
  });
}

function pump(docker: Docker, stream: Readable, tty: boolean, out: ReturnType<typeof lineSplitter>, err: ReturnType<typeof lineSplitter>, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    // demuxStream only calls write(): plain sinks keep every chunk in order before 'end' (PassThroughs would
    // deliver the last chunks after it).
    const sink = (target: ReturnType<typeof lineSplitter>) => ({ write: (chunk: Buffer) => (target.push(chunk), true) }) as unknown as NodeJS.WritableStream;
    if (tty) stream.on('data', (c: Buffer) => out.push(c));
    else docker.modem.demuxStream(stream, sink(out), sink(err));
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      signal?.removeEventListener('abort', abort);
      out.end();
      err.end();
      resolve();
    };
    const abort = () => {
      stream.destroy();
      finish();
    };
    signal?.addEventListener('abort', abort, { once: true });
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', (error) => (signal?.aborted ? finish() : reject(error)));
  });
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs a command in the container (no shell unless you pass one) and returns its exit code and output. */
export async function execIn(conn: DockerConnection, id: string, cmd: string[], options: { signal?: AbortSignal; workingDir?: string; env?: string[] } = {}): Promise<ExecResult> {
  return conn.use(async (docker) => {
    const exec = await docker.getContainer(id).exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true, WorkingDir: options.workingDir, Env: options.env });
    const stream = (await exec.start({ hijack: true, stdin: false })) as unknown as Readable;
    let stdout = '';
    let stderr = '';
    await pump(docker, stream, false, lineSplitterRaw((s) => (stdout += s)), lineSplitterRaw((s) => (stderr += s)), options.signal);
    if (options.signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
    const inspected = await exec.inspect();
    return { exitCode: inspected.ExitCode ?? -1, stdout, stderr };
  });
}

/** The splitter interface, keeping the text as it came. */
function lineSplitterRaw(onText: (text: string) => void): ReturnType<typeof lineSplitter> {
  return { push: (chunk) => onText(chunk.toString()), end: () => undefined };
}

export interface ContainerEvent {
  action: 'start' | 'die' | 'health_status';
  id: string;
  /** Exit code for `die`. */
  exitCode?: number;
  /** healthy / unhealthy / starting for `health_status`. */
  health?: string;
  /** Nanoseconds since the epoch. */
  timeNano: number;
}

/**
 * Calls onEvent for start, die and health_status events of one container (by id) or of a compose service (by
 * labels: that also follows the new container `up --build` creates). `since` (Unix seconds) replays the events
 * from then, so none is missed between finding a container and watching it. Returns when the signal aborts.
 */
export async function watchEvents(conn: DockerConnection, target: { id: string } | ServiceRef, onEvent: (event: ContainerEvent) => void, signal: AbortSignal, options: { since?: number } = {}): Promise<void> {
  await conn.use(async (docker) => {
    const filters: Record<string, string[]> = { type: ['container'] };
    if ('id' in target) filters.container = [target.id];
    else filters.label = [`${PROJECT_LABEL}=${target.project}`, `${SERVICE_LABEL}=${target.service}`];
    if (signal.aborted) return;
    const stream = (await docker.getEvents({ filters, since: options.since, abortSignal: signal } as Parameters<Docker['getEvents']>[0])) as unknown as Readable;
    const lines = lineSplitter((line) => {
      const event = parseEvent(line);
      if (event) onEvent(event);
    });
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        signal.removeEventListener('abort', abort);
        resolve();
      };
      const abort = () => {
        stream.destroy();
        done();
      };
      signal.addEventListener('abort', abort, { once: true });
      stream.on('data', (c: Buffer) => lines.push(c));
      stream.on('end', done);
      stream.on('close', done);
      stream.on('error', (error) => (signal.aborted ? done() : reject(error)));
    });
  });
}

/** One line of the Engine's event stream, when it is an event Godock follows. */
export function parseEvent(line: string): ContainerEvent | undefined {
  let raw: { Type?: string; Action?: string; id?: string; Actor?: { ID?: string; Attributes?: Record<string, string> }; timeNano?: number; time?: number };
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (raw.Type !== undefined && raw.Type !== 'container') return undefined;
  const id = raw.Actor?.ID ?? raw.id ?? '';
  const timeNano = raw.timeNano ?? (raw.time ?? 0) * 1e9;
  const action = raw.Action ?? '';
  if (action === 'start') return { action, id, timeNano };
  if (action === 'die') return { action, id, timeNano, exitCode: Number(raw.Actor?.Attributes?.exitCode ?? NaN) };
  // The Engine reports health changes as "health_status: healthy".
  const health = /^health_status: ?(\w+)/.exec(action);
  if (health) return { action: 'health_status', id, timeNano, health: health[1] };
  return undefined;
}
