/**
 * The Compose CLI: `docker compose` (the v2 plugin) first, `docker-compose` when the plugin is missing. The
 * argument lists are built by pure functions and run with spawn argument arrays, never through a shell; the
 * environment carries the endpoint Godock resolved, so the CLI and Godock talk to the same engine.
 */
import { spawn } from 'node:child_process';
import { DockerError } from './connection';

export type ComposeAction =
  | { action: 'up'; service?: string; build?: boolean; forceRecreate?: boolean }
  | { action: 'down' }
  | { action: 'restart'; service?: string }
  | { action: 'build'; service?: string }
  | { action: 'stop'; service?: string };

export interface ComposeProject {
  /** Compose files, in order (-f each). */
  files: string[];
  /** -p, when the project name should not be derived from the first file's folder. */
  project?: string;
}

/** The Compose arguments after `docker compose` / `docker-compose`. */
export function composeArgs(project: ComposeProject, request: ComposeAction): string[] {
  const args = project.files.flatMap((f) => ['-f', f]);
  if (project.project) args.push('-p', project.project);
  switch (request.action) {
    case 'up':
      args.push('up', '-d');
      if (request.build !== false) args.push('--build');
      if (request.forceRecreate) args.push('--force-recreate');
      break;
    case 'down':
      args.push('down');
      break;
    default:
      args.push(request.action);
  }
  if ('service' in request && request.service) args.push(request.service);
  return args;
}

export type ComposeTool = { kind: 'plugin'; file: string; prefix: ['compose'] } | { kind: 'standalone'; file: string; prefix: [] };

export const PLUGIN: ComposeTool = { kind: 'plugin', file: 'docker', prefix: ['compose'] };
export const STANDALONE: ComposeTool = { kind: 'standalone', file: 'docker-compose', prefix: [] };

/** The program and argument array to run. */
export function composeInvocation(tool: ComposeTool, project: ComposeProject, request: ComposeAction): { file: string; args: string[] } {
  return { file: tool.file, args: [...tool.prefix, ...composeArgs(project, request)] };
}

/** Environment additions per tool: docker-compose v1 builds with the classic builder unless told to use the CLI's BuildKit. */
export function toolEnv(tool: ComposeTool, env: Record<string, string | undefined>): Record<string, string | undefined> {
  if (tool.kind === 'plugin') return env;
  // Godock's dev Dockerfile uses RUN --mount (BuildKit); the user's own values win.
  return { DOCKER_BUILDKIT: '1', COMPOSE_DOCKER_CLI_BUILD: '1', ...env };
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Each line of output as it comes (Compose writes its progress on stderr). */
  onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  signal?: AbortSignal;
}

/** Runs a program with an argument array; resolves with its exit code and output (rejects only when it cannot start). */
export function runProgram(file: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { env: options.env as NodeJS.ProcessEnv, cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal, windowsHide: true });
    let stdout = '';
    let stderr = '';
    const partial = { stdout: '', stderr: '' };
    const read = (stream: 'stdout' | 'stderr') => (chunk: Buffer) => {
      const text = chunk.toString();
      if (stream === 'stdout') stdout += text;
      else stderr += text;
      // Compose redraws progress lines with \r; each becomes a line of its own.
      const parts = (partial[stream] + text).split(/\r?\n|\r/);
      partial[stream] = parts.pop() ?? '';
      for (const line of parts) if (line.trim()) options.onLine?.(stripAnsi(line), stream);
    };
    child.stdout.on('data', read('stdout'));
    child.stderr.on('data', read('stderr'));
    child.on('error', reject);
    child.on('close', (code) => {
      for (const stream of ['stdout', 'stderr'] as const) if (partial[stream].trim()) options.onLine?.(stripAnsi(partial[stream]), stream);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
}

let detected: Promise<ComposeTool> | undefined;

/**
 * Which Compose CLI is installed: `docker compose version` succeeds with the plugin (without it the docker CLI
 * answers "unknown command"), else `docker-compose version`. Cached for the session; `forgetCompose()` retries.
 */
export function detectCompose(env: Record<string, string | undefined> = process.env): Promise<ComposeTool> {
  detected ??= (async () => {
    for (const tool of [PLUGIN, STANDALONE]) {
      const result = await runProgram(tool.file, [...tool.prefix, 'version'], { env }).catch(() => undefined);
      if (result?.code === 0) return tool;
    }
    throw new DockerError('compose-missing', 'Docker Compose is not installed: neither `docker compose` nor `docker-compose` runs. Install the Compose plugin (https://docs.docker.com/compose/install/).', ['Retry']);
  })().catch((error: unknown) => {
    detected = undefined;
    throw error;
  });
  return detected;
}

export function forgetCompose(): void {
  detected = undefined;
}

/** The last lines of the CLI's error output worth showing (progress noise left out). */
export function stderrTail(stderr: string, lines = 12): string {
  return stripAnsi(stderr)
    .split(/\r?\n|\r/)
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() && !/^\s*(#\d+ (CACHED|DONE)|Container .* (Running|Started|Starting|Created|Creating))\b/.test(l))
    .slice(-lines)
    .join('\n');
}

/** Runs a Compose action; a non-zero exit becomes a DockerError carrying the CLI's stderr tail. */
export async function runCompose(project: ComposeProject, request: ComposeAction, options: RunOptions & { env: Record<string, string | undefined>; tool?: ComposeTool }): Promise<RunResult> {
  const tool = options.tool ?? (await detectCompose(options.env));
  const { file, args } = composeInvocation(tool, project, request);
  const result = await runProgram(file, args, { ...options, env: toolEnv(tool, options.env) });
  if (result.code !== 0) {
    const tail = stderrTail(result.stderr || result.stdout);
    const lines = tail.split('\n').filter(Boolean);
    // The CLI's own "ERROR: …" line says more than the summary it prints last ("Service 'dev' failed to build").
    const error = [...lines].reverse().find((l) => /^(ERROR|Error):? /.test(l))?.replace(/^(ERROR|Error):? /, '');
    const last = error ?? lines.pop() ?? `exit code ${result.code}`;
    const command = `${tool.kind === 'plugin' ? 'docker compose' : 'docker-compose'} ${request.action}`;
    throw new DockerError('compose-failed', `${command} failed: ${last}`, ['Show Logs', 'Retry'], options.env.DOCKER_HOST, tail);
  }
  return result;
}
