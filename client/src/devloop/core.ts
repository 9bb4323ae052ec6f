/**
 * The dev loop without VS Code: which compose file and service it runs, its state machine (stopped →
 * building → running / build failed, and debugging on top), the status bar text, the menu behind it, and
 * air's log read line by line: when it builds, when it runs, and the `go build` errors mapped to host files.
 */
import * as nodePath from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { composeProjectName } from '../../../server/src/docker/containers';
import { parseCompose } from '../../../server/src/model/compose';
import { composeMount } from '../debug/core';

/** Where Godock looks for the dev compose file, first match wins (Set Up Go Dev Container writes the first). */
export const DEV_COMPOSE_FILES = ['.devcontainer/compose.yaml', '.devcontainer/docker-compose.yml', 'compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

export interface DevTarget {
  composeFile: string;
  /** The Compose project (passed with -p, and used to find the container by its labels). */
  project: string;
  service: string;
  /** The service's command runs air: the loop is not running until air's first build is. */
  runsAir: boolean;
  /** Host folder → container path of the service's bind mount, for the build errors' paths. */
  mount?: { from: string; to: string };
}

/** The service the loop runs: the one whose bind mount holds the workspace (it runs air / Delve), else `dev`, else the first. */
export function devTarget(composeText: string, composeFile: string, workspaceFolder: string, env: Record<string, string | undefined> = {}): DevTarget | undefined {
  const project = devProjectName(composeText, composeFile, workspaceFolder, env);
  const services = parseCompose(TextDocument.create('file:///compose.yaml', 'yaml', 0, composeText), composeFile).services;
  const runsAir = (name: string) => {
    const service = services.find((s) => s.name === name);
    return [...(service?.command?.words ?? []), ...(service?.entrypoint?.words ?? [])].some((w) => nodePath.posix.basename(w) === 'air');
  };
  const mount = composeMount(composeText, composeFile, workspaceFolder);
  if (mount) return { composeFile, project, service: mount.service, runsAir: runsAir(mount.service), mount: { from: mount.from, to: mount.to } };
  const names = services.map((s) => s.name);
  const service = names.includes('dev') ? 'dev' : names[0];
  return service ? { composeFile, project, service, runsAir: runsAir(service) } : undefined;
}

/**
 * The project name: Compose's own (its `name:`, COMPOSE_PROJECT_NAME, the file's folder), except for a file in
 * .devcontainer without a name, which Compose would call "devcontainer" in every workspace: there, as VS Code's
 * Dev Containers, `<workspace folder>_devcontainer`, so both share the same containers.
 */
export function devProjectName(composeText: string, composeFile: string, workspaceFolder: string, env: Record<string, string | undefined> = {}): string {
  const derived = composeProjectName(composeFile, composeText, env);
  const inDevcontainer = nodePath.dirname(composeFile) === nodePath.join(workspaceFolder, '.devcontainer');
  if (inDevcontainer && !env.COMPOSE_PROJECT_NAME && derived === 'devcontainer') return composeProjectName(composeFile, `name: ${JSON.stringify(`${nodePath.basename(workspaceFolder)}_devcontainer`)}`);
  return derived;
}

// ---------------------------------------------------------------------------------------------------------
// air's log

export type AirEvent = 'building' | 'running' | 'failed' | 'changed';

/** air's log line without colours and its optional `[15:04:05] ` time prefix (`[log] time = true`). */
export function plainLine(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/^\[\d\d:\d\d:\d\d\] /, '').trimEnd();
}

/** What a line of air's log says about the loop (air's runner/engine.go: "building...", "running...", "failed to build, error: …"). */
export function airEvent(line: string): AirEvent | undefined {
  const text = plainLine(line).trim();
  if (text === 'building...') return 'building';
  if (text === 'running...') return 'running';
  if (text.startsWith('failed to build')) return 'failed';
  if (/ has changed$/.test(text)) return 'changed';
  return undefined;
}

export interface BuildError {
  /** As go build printed it: relative to the build's folder (./main.go, internal/x/y.go) or absolute. */
  file: string;
  /** 1-based, as printed. */
  line: number;
  column?: number;
  message: string;
}

const GO_ERROR = /^((?:\/|\.{1,2}\/)?[^\s:#][^:]*\.go):(\d+)(?::(\d+))?: (.+)$/;

/** `go build` errors from its output: `path/file.go:12:3: message` (or without column); tab-indented lines continue the previous one. */
export function parseBuildErrors(lines: string[]): BuildError[] {
  const errors: BuildError[] = [];
  for (const raw of lines) {
    const line = plainLine(raw);
    const m = GO_ERROR.exec(line);
    if (m) {
      errors.push({ file: m[1], line: Number(m[2]), ...(m[3] ? { column: Number(m[3]) } : {}), message: m[4] });
    } else if (/^\t/.test(line) && errors.length > 0) {
      errors[errors.length - 1].message += `\n${line.trim()}`;
    }
  }
  return errors;
}

/** A container path back to the host through the bind mount; undefined for files outside it (the module cache). */
export function toHostPath(file: string, containerCwd: string, mount: { from: string; to: string }): string | undefined {
  const absolute = nodePath.posix.resolve(containerCwd, file);
  const to = mount.to.replace(/\/+$/, '');
  if (absolute !== to && !absolute.startsWith(`${to}/`)) return undefined;
  const rest = absolute.slice(to.length).replace(/^\//, '');
  return rest ? nodePath.join(mount.from, ...rest.split('/')) : mount.from;
}

export interface HostBuildError extends BuildError {
  hostFile: string;
}

/** The errors that land on host files (others are left to the log). */
export function mapBuildErrors(errors: BuildError[], containerCwd: string, mount: { from: string; to: string } | undefined): HostBuildError[] {
  if (!mount) return [];
  return errors.flatMap((e) => {
    const hostFile = toHostPath(e.file, containerCwd, mount);
    return hostFile ? [{ ...e, hostFile }] : [];
  });
}

// ---------------------------------------------------------------------------------------------------------
// The loop's state

export type Phase = 'stopped' | 'building' | 'running' | 'buildFailed';

export interface LoopState {
  phase: Phase;
  /** A `godock` debug session is active. */
  debugging: boolean;
  /** What the user may want to know: the failing step, the exit code, Docker's message. */
  detail?: string;
  /** The output of air's current build, kept until it ends. */
  buildOutput: string[];
  /** The errors of air's last failed build; empty once a build succeeds. */
  errors: BuildError[];
  /** A Compose action is under way: the old container dying is part of it. */
  composing?: boolean;
  /** air reported a build since the Compose action began (its log can overtake the end of `restart`). */
  airSpoke?: boolean;
}

export const INITIAL: LoopState = { phase: 'stopped', debugging: false, buildOutput: [], errors: [] };

export type LoopEvent =
  /** A Compose action began (up builds the image; restart and build too). */
  | { type: 'compose'; action: 'up' | 'restart' | 'build' | 'down' }
  /** awaitAir: the container runs air, whose first build is still to come. */
  | { type: 'composeDone'; action: 'up' | 'restart' | 'build' | 'down'; awaitAir?: boolean }
  | { type: 'composeFailed'; message: string; imageBuild: boolean }
  /** The container is running (found running, or its start event). */
  | { type: 'containerRunning' }
  | { type: 'containerDied'; exitCode?: number }
  /** Docker stopped answering while the loop ran. */
  | { type: 'dockerLost'; message: string }
  /** A line of the container's log. */
  | { type: 'log'; line: string }
  | { type: 'debugging'; active: boolean };

/** Keeps at most this many lines of one build's output (go build stops at 10 errors per package anyway). */
const MAX_BUILD_LINES = 400;

export function reduce(state: LoopState, event: LoopEvent): LoopState {
  switch (event.type) {
    case 'compose':
      if (event.action === 'down') return { ...state, composing: true, detail: 'stopping' };
      return { ...state, composing: true, airSpoke: false, phase: 'building', detail: event.action === 'restart' ? 'restarting the container' : 'building the image and starting the container' };
    case 'composeDone':
      if (event.action === 'down') return { ...INITIAL, debugging: state.debugging };
      // The container runs; under air the program runs once air says so (its log is read from the container's start).
      if (state.airSpoke) return { ...state, composing: false };
      if (event.awaitAir) return { ...state, composing: false, phase: 'building', detail: 'air is building' };
      return { ...state, composing: false, phase: 'running', detail: undefined };
    case 'composeFailed':
      return { ...state, composing: false, phase: event.imageBuild ? 'buildFailed' : 'stopped', detail: event.message };
    case 'containerRunning':
      return state.phase === 'stopped' ? { ...state, phase: 'running', detail: undefined } : state;
    case 'containerDied':
      if (state.composing) return state;
      return { ...state, phase: 'stopped', detail: event.exitCode === undefined || Number.isNaN(event.exitCode) ? 'the container stopped' : `the container exited with code ${event.exitCode}` };
    case 'dockerLost':
      return { ...state, phase: 'stopped', composing: false, detail: event.message };
    case 'debugging':
      return { ...state, debugging: event.active };
    case 'log': {
      const air = airEvent(event.line);
      if (air && air !== 'changed' && state.composing) state = { ...state, airSpoke: true };
      if (air === 'building') return { ...state, phase: 'building', detail: 'air is building', buildOutput: [] };
      if (air === 'running') return { ...state, phase: 'running', detail: undefined, buildOutput: [], errors: [] };
      if (air === 'failed') {
        const errors = parseBuildErrors(state.buildOutput);
        return { ...state, phase: 'buildFailed', detail: plainLine(event.line).trim(), buildOutput: [], errors };
      }
      if (state.phase === 'building' && state.buildOutput.length < MAX_BUILD_LINES) return { ...state, buildOutput: [...state.buildOutput, event.line] };
      return state;
    }
  }
}

export interface StatusText {
  text: string;
  tooltip: string;
  /** Shown on the error background. */
  error: boolean;
}

const LABELS: Record<Phase, [icon: string, label: string]> = {
  stopped: ['$(circle-slash)', 'stopped'],
  building: ['$(sync~spin)', 'building'],
  running: ['$(pass)', 'running'],
  buildFailed: ['$(error)', 'build failed'],
};

export function statusText(state: LoopState, service: string): StatusText {
  const [icon, label] = state.debugging && state.phase !== 'buildFailed' ? ['$(debug-alt)', 'debugging'] : LABELS[state.phase];
  const lines = [`Godock dev loop (service ${service}): ${label}`];
  if (state.detail) lines.push(state.detail);
  if (state.errors.length > 0) lines.push(`${state.errors.length} build error${state.errors.length === 1 ? '' : 's'} in the Problems panel`);
  lines.push('Click for the dev loop commands');
  return { text: `${icon} Go dev: ${label}`, tooltip: lines.join('\n'), error: state.phase === 'buildFailed' };
}

export interface MenuItem {
  command: string;
  label: string;
  detail: string;
}

/** The quick pick behind the status bar item, the likely next step first. */
export function menuItems(state: LoopState): MenuItem[] {
  const start = { command: 'godock.startDevLoop', label: '$(play) Start Dev Loop', detail: 'compose up the dev service (builds the image when needed)' };
  const stop = { command: 'godock.stopDevLoop', label: '$(debug-stop) Stop Dev Loop', detail: 'compose down' };
  const restart = { command: 'godock.restartDevLoop', label: '$(debug-restart) Restart Dev Loop', detail: 'restart the dev container' };
  const rebuild = { command: 'godock.rebuildDevImage', label: '$(tools) Rebuild Dev Image', detail: 'compose build, then recreate the container' };
  const logs = { command: 'godock.showDevLogs', label: '$(output) Show Dev Logs', detail: "the container's output: air, the build, your program" };
  const shell = { command: 'godock.openDevShell', label: '$(terminal) Open Shell in Dev Container', detail: 'docker exec -it … bash (or sh)' };
  if (state.phase === 'stopped') return [start, rebuild, logs];
  if (state.phase === 'buildFailed') return [logs, restart, rebuild, shell, stop];
  return [logs, shell, restart, rebuild, stop];
}

/** The shell command of "Open Shell in Dev Container": bash where the image has it, else sh. */
export function shellArgs(containerId: string): string[] {
  // `exec` so leaving bash with a non-zero status does not drop the user into sh.
  return ['exec', '-it', containerId, 'sh', '-c', 'command -v bash >/dev/null 2>&1 && exec bash || exec sh'];
}

/** Whether a failed `compose up` failed while building the image (rather than reaching Docker or starting). */
export function isImageBuildFailure(message: string, details = ''): boolean {
  return /failed to build|failed to solve|executor failed|did not complete successfully/i.test(`${message}\n${details}`);
}
