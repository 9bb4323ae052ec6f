/**
 * The dev loop in VS Code: the Start / Stop / Restart / Rebuild / Logs / Shell commands, the status bar item
 * with the loop's state, the container's log in a LogOutputChannel, and air's build errors as diagnostics on
 * the host files. Docker is reached through server/src/docker; the decisions live in ./core.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { runCompose, type ComposeAction, type ComposeProject } from '../../../server/src/docker/compose';
import { DockerConnection, DockerError } from '../../../server/src/docker/connection';
import { findServiceContainer, followLogs, watchEvents, type ServiceContainer, type ServiceRef } from '../../../server/src/docker/containers';
import { DEV_COMPOSE_FILES, devTarget, INITIAL, isImageBuildFailure, mapBuildErrors, menuItems, reduce, shellArgs, statusText, type DevTarget, type LoopEvent, type LoopState } from './core';

const HOST_SETTING = 'godock.docker.host';

class DevLoop implements vscode.Disposable {
  private state: LoopState = INITIAL;
  private readonly connection = new DockerConnection({ setting: () => vscode.workspace.getConfiguration('godock').get<string>('docker.host') });
  private readonly status = vscode.window.createStatusBarItem('godock.devLoop', vscode.StatusBarAlignment.Left, 10);
  private readonly logs = vscode.window.createOutputChannel('Godock Dev Loop', { log: true });
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('godock-build');
  private readonly disposables: vscode.Disposable[] = [];
  /** Aborts the log and event streams of the attached container. */
  private attached: AbortController | undefined;
  private following: AbortController | undefined;
  private target: (DevTarget & { folder: string }) | undefined;
  private container: ServiceContainer | undefined;
  private debugSessions = new Set<string>();

  constructor(private readonly output: vscode.LogOutputChannel) {
    this.status.name = 'Godock Dev Loop';
    this.status.command = 'godock.showDevLoopMenu';
    const watcher = vscode.workspace.createFileSystemWatcher(`**/{${DEV_COMPOSE_FILES.map((f) => nodePath.basename(f)).join(',')}}`);
    this.disposables.push(
      watcher,
      watcher.onDidCreate(() => this.findTarget()),
      watcher.onDidDelete(() => this.findTarget()),
      watcher.onDidChange(() => this.findTarget()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration(HOST_SETTING)) return;
        this.connection.reset();
        if (this.attached) void this.attach();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.findTarget()),
      vscode.debug.onDidStartDebugSession((s) => {
        if (s.type !== 'godock') return;
        this.debugSessions.add(s.id);
        this.dispatch({ type: 'debugging', active: true });
      }),
      vscode.debug.onDidTerminateDebugSession((s) => {
        if (!this.debugSessions.delete(s.id)) return;
        this.dispatch({ type: 'debugging', active: this.debugSessions.size > 0 });
      }),
    );
    this.findTarget();
    // A dev container already running (started earlier, or outside VS Code): show it, quietly.
    if (this.target && vscode.workspace.isTrusted) void this.attach({ quiet: true });
  }

  dispose(): void {
    this.attached?.abort();
    this.following?.abort();
    for (const d of [this.status, this.logs, this.diagnostics, ...this.disposables]) d.dispose();
  }

  // ------------------------------------------------------------------------------------------------------
  // Commands

  async start(): Promise<void> {
    const target = await this.requireTarget();
    if (!target) return;
    if (await this.compose(`Starting the dev loop (${target.service})`, { action: 'up', service: target.service })) await this.attach();
  }

  async stop(): Promise<void> {
    const target = await this.requireTarget();
    if (!target) return;
    this.detach();
    if (await this.compose('Stopping the dev loop', { action: 'down' })) this.diagnostics.clear();
  }

  async restart(): Promise<void> {
    const target = await this.requireTarget();
    if (!target) return;
    if (!this.attached) return this.start();
    // Attach again afterwards: the restarted container may already have stopped (air failing at once).
    if (await this.compose(`Restarting ${target.service}`, { action: 'restart', service: target.service })) await this.attach();
  }

  async rebuild(): Promise<void> {
    const target = await this.requireTarget();
    if (!target) return;
    if (!(await this.compose(`Rebuilding the image of ${target.service}`, { action: 'build', service: target.service }, false))) return;
    // The new image takes effect in a new container.
    if (await this.compose(`Starting ${target.service} on the new image`, { action: 'up', service: target.service, build: false })) await this.attach();
  }

  async showLogs(): Promise<void> {
    this.logs.show(true);
    if (!this.attached && this.findTarget() && vscode.workspace.isTrusted) await this.attach({ quiet: true });
  }

  async openShell(): Promise<void> {
    const target = await this.requireTarget();
    if (!target) return;
    const container = await this.guard(() => findServiceContainer(this.connection, this.ref(target)));
    if (!container || container.state !== 'running') {
      const choice = await vscode.window.showWarningMessage(`Godock: the ${target.service} container is not running.`, 'Start Dev Loop');
      if (choice) void this.start();
      return;
    }
    const env = this.connection.cliEnv({});
    const terminal = vscode.window.createTerminal({
      name: `Godock: ${target.service}`,
      shellPath: 'docker',
      shellArgs: shellArgs(container.id),
      env: Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined)) as Record<string, string>,
      iconPath: new vscode.ThemeIcon('terminal'),
    });
    terminal.show();
  }

  async menu(): Promise<void> {
    const picked = await vscode.window.showQuickPick(menuItems(this.state), { title: 'Godock Dev Loop', placeHolder: statusText(this.state, this.target?.service ?? 'dev').tooltip.split('\n')[0] });
    if (picked) await vscode.commands.executeCommand(picked.command);
  }

  // ------------------------------------------------------------------------------------------------------

  private dispatch(event: LoopEvent): void {
    const before = this.state;
    this.state = reduce(this.state, event);
    if (this.state.errors !== before.errors) this.publishErrors();
    this.render();
  }

  private render(): void {
    if (!this.target) {
      this.status.hide();
      return;
    }
    const { text, tooltip, error } = statusText(this.state, this.target.service);
    this.status.text = text;
    this.status.tooltip = tooltip;
    this.status.backgroundColor = error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    this.status.show();
  }

  /** The dev compose file of the (first file-system) workspace folder. */
  private findTarget(): DevTarget | undefined {
    this.target = undefined;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      if (folder.uri.scheme !== 'file') continue;
      for (const name of DEV_COMPOSE_FILES) {
        const file = nodePath.join(folder.uri.fsPath, name);
        let text: string;
        try {
          text = fs.readFileSync(file, 'utf8');
        } catch {
          continue;
        }
        const target = devTarget(text, file, folder.uri.fsPath, process.env);
        if (target) {
          this.target = { ...target, folder: folder.uri.fsPath };
          break;
        }
      }
      if (this.target) break;
    }
    this.render();
    return this.target;
  }

  private async requireTarget(): Promise<(DevTarget & { folder: string }) | undefined> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Godock: trust this workspace to run its dev container; Godock runs nothing from untrusted workspaces.');
      return undefined;
    }
    const target = this.findTarget();
    if (!target) {
      const choice = await vscode.window.showWarningMessage(`Godock: no compose file for a dev loop (${DEV_COMPOSE_FILES.slice(0, 2).join(', ')}, compose.yaml …).`, 'Set Up Go Dev Container');
      if (choice) void vscode.commands.executeCommand('godock.setUpDevContainer');
      return undefined;
    }
    return this.target;
  }

  private ref(target: DevTarget): ServiceRef {
    return { project: target.project, service: target.service, composeFile: target.composeFile };
  }

  /** Runs a Compose action with a progress notification; false when it failed (the user was told). */
  private async compose(title: string, request: ComposeAction, done = true): Promise<boolean> {
    const target = this.target!;
    const project: ComposeProject = { files: [target.composeFile], project: target.project };
    this.dispatch({ type: 'compose', action: request.action === 'stop' ? 'down' : request.action });
    this.logs.info(`${title}…`);
    try {
      await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Godock: ${title}`, cancellable: true }, async (progress, token) => {
        const abort = new AbortController();
        token.onCancellationRequested(() => abort.abort());
        await runCompose(project, request, {
          env: this.connection.cliEnv(),
          cwd: nodePath.dirname(target.composeFile),
          signal: abort.signal,
          onLine: (line) => {
            this.logs.info(line);
            progress.report({ message: line.length > 120 ? `${line.slice(0, 117)}…` : line });
          },
        });
      });
      if (done) this.dispatch({ type: 'composeDone', action: request.action === 'stop' ? 'down' : request.action, awaitAir: target.runsAir && request.action !== 'down' });
      return true;
    } catch (error) {
      const problem = error instanceof DockerError ? error : new DockerError('engine', `Godock: ${title} failed: ${(error as Error).message}`, ['Show Logs']);
      if (problem.details) this.logs.error(problem.details);
      this.dispatch({ type: 'composeFailed', message: problem.message, imageBuild: isImageBuildFailure(problem.message, problem.details) });
      void this.report(problem, async () => {
        if ((await this.compose(title, request, done)) && request.action === 'up') await this.attach();
      });
      return false;
    }
  }

  /** Follows the service's container: its state, its log (and air's build results), its restarts. */
  private async attach(options: { quiet?: boolean } = {}): Promise<void> {
    const target = this.target;
    if (!target) return;
    this.detach();
    const attached = (this.attached = new AbortController());
    const ref = this.ref(target);
    // Events from now on: none is missed between finding the container and watching it.
    const since = Math.floor(Date.now() / 1000);
    const container = await this.guard(() => findServiceContainer(this.connection, ref), options.quiet);
    if (attached.signal.aborted) return;
    if (!container || container.state !== 'running') {
      this.dispatch({ type: 'containerDied', exitCode: container?.exitCode });
      this.attached = undefined;
      return;
    }
    this.dispatch({ type: 'containerRunning' });
    this.follow(container, container.startedAt ? Math.floor(Date.parse(container.startedAt) / 1000) : undefined);
    void watchEvents(this.connection, ref, (event) => {
      if (event.action === 'die') {
        if (event.id === this.container?.id) this.dispatch({ type: 'containerDied', exitCode: event.exitCode });
      } else if (event.action === 'start') {
        // The start of the container already followed (replayed by `since`) changes nothing.
        const current = this.container;
        if (current?.id === event.id && current.startedAt && event.timeNano / 1e6 <= Date.parse(current.startedAt) + 1000) return;
        this.dispatch({ type: 'containerRunning' });
        // A new container (up --build) or the same one restarted: read its log from this start on.
        void findServiceContainer(this.connection, ref).then((c) => c && this.follow(c, Math.floor(event.timeNano / 1e9)));
      }
    }, attached.signal, { since })
      .catch((error: unknown) => this.output.warn(`Dev loop events: ${String(error)}`))
      .then(() => this.eventsEnded(attached, ref));
  }

  /** The event stream ended without Godock stopping it: Docker went away, or came back (then attach again). */
  private async eventsEnded(attached: AbortController, ref: ServiceRef): Promise<void> {
    if (attached.signal.aborted) return;
    this.connection.reset();
    try {
      const container = await findServiceContainer(this.connection, ref);
      if (attached.signal.aborted) return;
      if (container?.state === 'running') return void this.attach({ quiet: true });
      this.dispatch({ type: 'containerDied' });
    } catch (error) {
      const problem = error instanceof DockerError ? error : new DockerError('engine', String(error), ['Retry']);
      this.output.warn(problem.message);
      this.dispatch({ type: 'dockerLost', message: problem.message });
      void this.report(problem, () => this.attach());
    }
    if (this.attached === attached) this.detach();
  }

  private follow(container: ServiceContainer, since: number | undefined): void {
    this.following?.abort();
    const following = (this.following = new AbortController());
    this.container = container;
    void followLogs(this.connection, container.id, (line, stream) => {
      if (stream === 'stderr' && /^\S+\.go:\d+(:\d+)?: /.test(line)) this.logs.error(line);
      else this.logs.info(line);
      this.dispatch({ type: 'log', line });
    }, { signal: following.signal, since }).catch((error: unknown) => this.output.warn(`Dev loop log: ${String(error)}`));
  }

  private detach(): void {
    this.attached?.abort();
    this.following?.abort();
    this.attached = undefined;
    this.following = undefined;
  }

  private publishErrors(): void {
    this.diagnostics.clear();
    const target = this.target;
    if (!target?.mount) return;
    const cwd = this.container?.workingDir ?? target.mount.to;
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const error of mapBuildErrors(this.state.errors, cwd, target.mount)) {
      const position = new vscode.Position(error.line - 1, Math.max((error.column ?? 1) - 1, 0));
      // An empty range: the editor underlines the word at that position.
      const diagnostic = new vscode.Diagnostic(new vscode.Range(position, position), error.message, vscode.DiagnosticSeverity.Error);
      diagnostic.source = 'go build (air)';
      byFile.set(error.hostFile, [...(byFile.get(error.hostFile) ?? []), diagnostic]);
    }
    for (const [file, diagnostics] of byFile) this.diagnostics.set(vscode.Uri.file(file), diagnostics);
  }

  /** Runs a Docker call; a failure is shown with its actions (unless quiet) and gives undefined. */
  private async guard<T>(fn: () => Promise<T>, quiet = false): Promise<T | undefined> {
    try {
      return await fn();
    } catch (error) {
      const problem = error instanceof DockerError ? error : new DockerError('engine', String(error), ['Retry']);
      this.output.warn(problem.message);
      if (!quiet) void this.report(problem, () => this.attach());
      return undefined;
    }
  }

  private async report(problem: DockerError, retry: () => unknown): Promise<void> {
    const choice = await vscode.window.showErrorMessage(problem.message, ...problem.actions);
    if (choice === 'Retry') {
      this.connection.reset();
      await retry();
    } else if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', HOST_SETTING);
    } else if (choice === 'Show Logs') {
      this.logs.show(true);
    }
  }
}

let loop: DevLoop | undefined;

export function registerDevLoop(output: vscode.LogOutputChannel): vscode.Disposable {
  loop = new DevLoop(output);
  return { dispose: () => (loop?.dispose(), (loop = undefined)) };
}

/** The command handlers (client/src/commands.ts registers them). */
export const devLoopCommands = {
  start: () => loop?.start(),
  stop: () => loop?.stop(),
  restart: () => loop?.restart(),
  rebuild: () => loop?.rebuild(),
  showLogs: () => loop?.showLogs(),
  openShell: () => loop?.openShell(),
  menu: () => loop?.menu(),
};
