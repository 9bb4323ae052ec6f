/**
 * The one connection to the Docker Engine, shared by the extension and the CLI (no `vscode` import).
 * The endpoint is chosen as the Docker CLI chooses it: Godock's `godock.docker.host` setting, then DOCKER_HOST
 * (with DOCKER_TLS_VERIFY / DOCKER_CERT_PATH), then the current docker context, then the platform's socket.
 * Every failure becomes a DockerError: one line that names the endpoint and the way out, plus actions.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import Docker from 'dockerode';

export interface DockerEndpoint {
  /** As the Docker CLI writes it: unix:///var/run/docker.sock, tcp://host:2376, ssh://user@host, npipe:////./pipe/docker_engine. */
  host: string;
  /** Where it came from, for the messages. */
  source: 'setting' | 'DOCKER_HOST' | 'context' | 'default';
  /** The docker context's name when source is 'context'. */
  context?: string;
  /** TLS: the folder holding ca.pem, cert.pem and key.pem; verify the server unless skipVerify. */
  tls?: { certPath: string; skipVerify: boolean };
}

/** What the endpoint resolution reads: injected so it stays pure and testable. */
export interface EndpointInputs {
  setting?: string;
  env: Record<string, string | undefined>;
  homeDir: string;
  platform: NodeJS.Platform;
  readFile(path: string): string | undefined;
  exists(path: string): boolean;
}

export type DockerAction = 'Retry' | 'Open Settings' | 'Show Logs';

export type DockerProblem =
  | 'not-running'
  | 'permission'
  | 'tls'
  | 'ssh'
  | 'unreachable'
  | 'no-context'
  | 'bad-config'
  | 'bad-host'
  | 'compose-missing'
  | 'compose-failed'
  | 'engine';

/** A Docker failure a user can act on: `message` is one line naming the endpoint and the fix. */
export class DockerError extends Error {
  constructor(
    readonly problem: DockerProblem,
    message: string,
    readonly actions: DockerAction[] = ['Retry', 'Open Settings'],
    readonly endpoint?: string,
    /** Extra output worth keeping (the Compose CLI's stderr tail), for a log, not for the notification. */
    readonly details?: string,
  ) {
    super(message);
    this.name = 'DockerError';
  }
}

const SETTING = '`godock.docker.host`';
/** ssh gets its own 20 s handshake limit (ssh2's readyTimeout) inside this. */
const PING_TIMEOUT_MS = 25_000;

export function dockerConfigDir(env: Record<string, string | undefined>, homeDir: string): string {
  return env.DOCKER_CONFIG || nodePath.join(homeDir, '.docker');
}

/** The endpoint Godock talks to. Throws a DockerError for a missing context or an unreadable config. */
export function resolveEndpoint(inputs: EndpointInputs): DockerEndpoint {
  const setting = inputs.setting?.trim();
  if (setting) return { host: normalizeHost(setting, SETTING), source: 'setting' };
  const { env } = inputs;
  if (env.DOCKER_HOST) {
    const host = normalizeHost(env.DOCKER_HOST, 'DOCKER_HOST');
    // As the Docker CLI: any non-empty DOCKER_TLS_VERIFY verifies; DOCKER_TLS alone encrypts without verifying.
    const tls = env.DOCKER_TLS_VERIFY || env.DOCKER_TLS;
    const certPath = env.DOCKER_CERT_PATH || dockerConfigDir(env, inputs.homeDir);
    return { host, source: 'DOCKER_HOST', ...(tls && host.startsWith('tcp://') ? { tls: { certPath, skipVerify: !env.DOCKER_TLS_VERIFY } } : {}) };
  }
  const configDir = dockerConfigDir(env, inputs.homeDir);
  const context = env.DOCKER_CONTEXT || currentContext(configDir, inputs);
  if (context && context !== 'default') return contextEndpoint(configDir, context, env.DOCKER_CONTEXT ? 'DOCKER_CONTEXT' : 'config', inputs);
  return defaultEndpoint(inputs);
}

function currentContext(configDir: string, inputs: EndpointInputs): string | undefined {
  const path = nodePath.join(configDir, 'config.json');
  const text = inputs.readFile(path);
  if (text === undefined) return undefined;
  let config: unknown;
  try {
    config = JSON.parse(text);
  } catch (error) {
    throw new DockerError('bad-config', `Cannot read the Docker CLI config ${path}: ${(error as Error).message}. Fix the file, or set ${SETTING}.`, ['Open Settings']);
  }
  const name = (config as { currentContext?: unknown } | null)?.currentContext;
  return typeof name === 'string' && name ? name : undefined;
}

function contextEndpoint(configDir: string, name: string, from: string, inputs: EndpointInputs): DockerEndpoint {
  // The Docker CLI stores a context under the SHA-256 of its name.
  const id = createHash('sha256').update(name).digest('hex');
  const metaPath = nodePath.join(configDir, 'contexts', 'meta', id, 'meta.json');
  const text = inputs.readFile(metaPath);
  const where = from === 'DOCKER_CONTEXT' ? 'DOCKER_CONTEXT' : `currentContext in ${nodePath.join(configDir, 'config.json')}`;
  if (text === undefined) {
    throw new DockerError('no-context', `The docker context "${name}" (${where}) does not exist: run \`docker context use default\` or \`docker context ls\`, or set ${SETTING}.`, ['Open Settings']);
  }
  let meta: { Endpoints?: { docker?: { Host?: unknown; SkipTLSVerify?: unknown } } };
  try {
    meta = JSON.parse(text);
  } catch (error) {
    throw new DockerError('bad-config', `Cannot read the docker context "${name}" (${metaPath}): ${(error as Error).message}. Recreate it with \`docker context create\`, or set ${SETTING}.`, ['Open Settings']);
  }
  const host = meta.Endpoints?.docker?.Host;
  if (typeof host !== 'string' || !host) {
    throw new DockerError('bad-config', `The docker context "${name}" has no Docker endpoint (${metaPath}): recreate it with \`docker context create\`, or set ${SETTING}.`, ['Open Settings']);
  }
  const tlsDir = nodePath.join(configDir, 'contexts', 'tls', id, 'docker');
  const hasTls = ['ca.pem', 'cert.pem', 'key.pem'].some((f) => inputs.exists(nodePath.join(tlsDir, f)));
  const endpoint: DockerEndpoint = { host: normalizeHost(host, `docker context "${name}"`), source: 'context', context: name };
  if (hasTls && endpoint.host.startsWith('tcp://')) endpoint.tls = { certPath: tlsDir, skipVerify: meta.Endpoints?.docker?.SkipTLSVerify === true };
  return endpoint;
}

function defaultEndpoint(inputs: EndpointInputs): DockerEndpoint {
  if (inputs.platform === 'win32') return { host: 'npipe:////./pipe/docker_engine', source: 'default' };
  // Docker Desktop without root access puts its socket in the user's home.
  const user = nodePath.join(inputs.homeDir, '.docker', 'run', 'docker.sock');
  if (!inputs.exists('/var/run/docker.sock') && inputs.exists(user)) return { host: `unix://${user}`, source: 'default' };
  return { host: 'unix:///var/run/docker.sock', source: 'default' };
}

/** Checks the scheme; `host:port` alone means tcp, as for the Docker CLI. */
function normalizeHost(raw: string, from: string): string {
  const host = raw.trim();
  if (!host.includes('://')) {
    if (/^[\w.-]+:\d+$/.test(host)) return `tcp://${host}`;
    throw new DockerError('bad-host', `${from} "${host}" is not a Docker endpoint: write unix:///path/docker.sock, tcp://host:port, ssh://user@host or npipe:////./pipe/docker_engine.`, ['Open Settings']);
  }
  if (!/^(unix|tcp|ssh|npipe):\/\//.test(host)) {
    throw new DockerError('bad-host', `${from} "${host}" uses a scheme Docker does not know: use unix://, tcp://, ssh:// or npipe://.`, ['Open Settings']);
  }
  return host;
}

/** The options dockerode needs for an endpoint (every transport key is set, so none leaks in from DOCKER_HOST). */
export function dockerodeOptions(endpoint: DockerEndpoint, readFile: (path: string) => Buffer, env: Record<string, string | undefined> = process.env): Docker.DockerOptions {
  const none = { host: undefined, port: undefined, socketPath: undefined, ca: undefined, cert: undefined, key: undefined };
  const url = endpoint.host;
  if (url.startsWith('unix://')) return { ...none, socketPath: url.slice('unix://'.length) || '/var/run/docker.sock' };
  if (url.startsWith('npipe://')) return { ...none, socketPath: url.slice('npipe://'.length) || '//./pipe/docker_engine' };
  const parsed = new URL(url);
  if (parsed.protocol === 'ssh:') {
    return {
      ...none,
      protocol: 'ssh',
      host: parsed.hostname,
      port: Number(parsed.port || 22),
      username: decodeURIComponent(parsed.username) || os.userInfo().username,
      // dockerode's ssh transport authenticates with the ssh agent.
      sshOptions: { agent: env.SSH_AUTH_SOCK },
    };
  }
  const options: Docker.DockerOptions = { ...none, protocol: endpoint.tls ? 'https' : 'http', host: parsed.hostname, port: Number(parsed.port || (endpoint.tls ? 2376 : 2375)) };
  if (endpoint.tls) {
    const file = (name: string) => {
      try {
        return readFile(nodePath.join(endpoint.tls!.certPath, name));
      } catch {
        return undefined;
      }
    };
    options.ca = file('ca.pem');
    options.cert = file('cert.pem');
    options.key = file('key.pem');
    if (!endpoint.tls.skipVerify && !options.ca) {
      throw new DockerError('tls', `TLS for ${url}: no ca.pem in ${endpoint.tls.certPath}; put the engine's certificates there (DOCKER_CERT_PATH), or set ${SETTING}.`, ['Open Settings'], url);
    }
  }
  return options;
}

/** The environment for the docker and compose CLIs, so they talk to the same engine as Godock. */
export function cliEnv(endpoint: DockerEndpoint, base: Record<string, string | undefined> = process.env): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...base, DOCKER_HOST: endpoint.host };
  // DOCKER_HOST wins over a context for the CLI; drop DOCKER_CONTEXT so it does not warn about both.
  delete env.DOCKER_CONTEXT;
  delete env.DOCKER_TLS_VERIFY;
  delete env.DOCKER_TLS;
  delete env.DOCKER_CERT_PATH;
  if (endpoint.tls) {
    env.DOCKER_CERT_PATH = endpoint.tls.certPath;
    if (endpoint.tls.skipVerify) env.DOCKER_TLS = '1';
    else env.DOCKER_TLS_VERIFY = '1';
  }
  return env;
}

function describe(endpoint: DockerEndpoint): string {
  const from = endpoint.source === 'context' ? ` (docker context "${endpoint.context}")` : endpoint.source === 'setting' ? ` (${SETTING})` : endpoint.source === 'DOCKER_HOST' ? ' (DOCKER_HOST)' : '';
  return `${endpoint.host}${from}`;
}

const TLS_CODES = /^(CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_|ERR_SSL_|ERR_TLS_|EPROTO$|ERR_OSSL)/;

/** Turns what dockerode, ssh2 or Node throw into the one message a user can act on. */
export function explainDockerError(error: unknown, endpoint: DockerEndpoint): DockerError {
  if (error instanceof DockerError) return error;
  const e = error as { code?: string; message?: string; level?: string; statusCode?: number; json?: { message?: string } } | undefined;
  const code = e?.code ?? '';
  const message = e?.message ?? String(error);
  const where = describe(endpoint);
  const ssh = endpoint.host.startsWith('ssh://');
  if (ssh && (e?.level === 'client-authentication' || /authentication methods failed/i.test(message))) {
    return new DockerError('ssh', `ssh to ${where} was refused: add your key to the ssh agent (ssh-add; SSH_AUTH_SOCK must be set) and check that \`ssh ${endpoint.host.slice(6)} docker version\` works.`, ['Retry', 'Open Settings'], endpoint.host);
  }
  if (ssh && /dial-stdio|docker: not found|command not found/i.test(message)) {
    return new DockerError('ssh', `ssh to ${where} works but \`docker system dial-stdio\` failed there: install the docker CLI on that host. (${message})`, ['Retry', 'Open Settings'], endpoint.host);
  }
  if (ssh && (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ETIMEDOUT' || /timed out/i.test(message))) {
    return new DockerError('ssh', `Cannot reach ${where} over ssh (${code || message}): check the host name and port, and that sshd runs there.`, ['Retry', 'Open Settings'], endpoint.host);
  }
  if (ssh && e?.level) {
    return new DockerError('ssh', `ssh to ${where} failed: ${message}.`, ['Retry', 'Open Settings'], endpoint.host);
  }
  if (code === 'ENOENT' || code === 'ECONNREFUSED') {
    const fix = endpoint.host.startsWith('tcp://') ? 'start the engine there' : 'start Docker (Docker Desktop, or `sudo systemctl start docker`)';
    return new DockerError('not-running', `Docker is not running at ${where}: ${fix}, or set ${SETTING} to the engine you use.`, ['Retry', 'Open Settings'], endpoint.host);
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new DockerError('permission', `Permission denied on ${where}: add your user to the docker group (\`sudo usermod -aG docker $USER\`, then log in again), or set ${SETTING}.`, ['Retry', 'Open Settings'], endpoint.host);
  }
  if (TLS_CODES.test(code) || /certificate|ssl|tls/i.test(code + message)) {
    return new DockerError('tls', `TLS with ${where} failed (${code || message}): check the certificates in DOCKER_CERT_PATH or the context, and that the engine expects TLS.`, ['Retry', 'Open Settings'], endpoint.host);
  }
  if (code === 'ENOTFOUND' || code === 'EHOSTUNREACH' || code === 'ETIMEDOUT' || code === 'ECONNRESET' || code === 'EAI_AGAIN') {
    return new DockerError('unreachable', `Docker does not answer at ${where} (${code}): check the address and the network, or set ${SETTING}.`, ['Retry', 'Open Settings'], endpoint.host);
  }
  const engineMessage = e?.json?.message ?? message.replace(/^\(HTTP code \d+\)\s*/, '');
  return new DockerError('engine', `Docker at ${where}: ${engineMessage.trim()}`, ['Retry'], endpoint.host);
}

export interface ConnectionOptions {
  /** The `godock.docker.host` setting, read at each (re)connection. */
  setting?: () => string | undefined;
  env?: Record<string, string | undefined>;
  homeDir?: string;
  platform?: NodeJS.Platform;
}

/** The real file system for resolveEndpoint. */
export function endpointInputs(options: ConnectionOptions = {}): EndpointInputs {
  return {
    setting: options.setting?.(),
    env: options.env ?? process.env,
    homeDir: options.homeDir ?? os.homedir(),
    platform: options.platform ?? process.platform,
    readFile: (path) => {
      try {
        return fs.readFileSync(path, 'utf8');
      } catch {
        return undefined;
      }
    },
    exists: (path) => fs.existsSync(path),
  };
}

/**
 * A lazy, cached connection: nothing is resolved or dialled until the first call, and a failed connection is
 * not cached (Retry works). `reset()` after the setting changes.
 */
export class DockerConnection {
  private client: Promise<{ docker: Docker; endpoint: DockerEndpoint }> | undefined;

  constructor(private readonly options: ConnectionOptions = {}) {}

  /** The endpoint as configured now (throws a DockerError when the configuration is unusable). */
  endpoint(): DockerEndpoint {
    return resolveEndpoint(endpointInputs(this.options));
  }

  /** The Dockerode client, after one ping proved the engine answers. */
  docker(): Promise<Docker> {
    this.client ??= this.connect().catch((error: unknown) => {
      this.client = undefined;
      throw error;
    });
    return this.client.then((c) => c.docker);
  }

  /** The endpoint of the current client (resolved now when not connected yet). */
  async connectedEndpoint(): Promise<DockerEndpoint> {
    return this.client ? (await this.client).endpoint : this.endpoint();
  }

  /** Runs fn with the client; any failure comes back as a DockerError naming the endpoint. */
  async use<T>(fn: (docker: Docker) => Promise<T>): Promise<T> {
    const docker = await this.docker();
    try {
      return await fn(docker);
    } catch (error) {
      throw explainDockerError(error, await this.connectedEndpoint());
    }
  }

  /** The environment for the docker / compose CLIs. */
  cliEnv(base: Record<string, string | undefined> = this.options.env ?? process.env): Record<string, string | undefined> {
    return cliEnv(this.endpoint(), base);
  }

  reset(): void {
    this.client = undefined;
  }

  private async connect(): Promise<{ docker: Docker; endpoint: DockerEndpoint }> {
    const endpoint = this.endpoint();
    let docker: Docker;
    try {
      docker = new Docker(dockerodeOptions(endpoint, (path) => fs.readFileSync(path), this.options.env ?? process.env));
    } catch (error) {
      // dockerode reads DOCKER_CERT_PATH's files itself when DOCKER_HOST is set.
      const path = (error as { path?: string }).path;
      if (path) throw new DockerError('tls', `Cannot read the TLS certificate ${path} (DOCKER_CERT_PATH): ${(error as Error).message}. Fix DOCKER_CERT_PATH, or set ${SETTING}.`, ['Open Settings'], endpoint.host);
      throw explainDockerError(error, endpoint);
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      // An address where packets vanish would leave the ping waiting for minutes.
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })), PING_TIMEOUT_MS);
      });
      await Promise.race([docker.ping(), timeout]);
    } catch (error) {
      throw explainDockerError(error, endpoint);
    } finally {
      clearTimeout(timer);
    }
    return { docker, endpoint };
  }
}
