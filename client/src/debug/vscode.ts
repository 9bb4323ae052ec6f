/**
 * The `godock` debug type: VS Code talks DAP straight to the container's headless Delve (no local dlv, no
 * vscode-go), with the path mapping taken from the compose file, and attaches again after every rebuild.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { DelveProxy } from './proxy';
import { DockerConnection } from '../../../server/src/docker/connection';
import { findServiceContainer } from '../../../server/src/docker/containers';
import { LINT_FILE, type LintFileParams, type LintFinding } from '../../../server/src/protocol';
import type { GodockServer } from '../lsp';
import { devTarget } from '../devloop/core';
import { blockingProblem, type Check, type Fix } from './checks';
import { containerLogLines } from './container';
import { attachArguments, composeMount, resolveAttach, type AttachConfig, type ResolvedAttach } from './core';
import { Reattacher, REATTACH_TIMEOUT_MS, SessionEndTracker, untilDelveResumed, waitForDelve, type LogLines } from './reattach';
import { buildReport, fixItems, summary } from './report';
import { chainChecks, containerChecks, devComposeFile } from './setup';

const COMPOSE_FILES = ['.devcontainer/compose.yaml', 'compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];

function mountFor(folder: vscode.WorkspaceFolder | undefined) {
  if (!folder || folder.uri.scheme !== 'file') return undefined;
  for (const name of COMPOSE_FILES) {
    const path = nodePath.join(folder.uri.fsPath, name);
    if (!fs.existsSync(path)) continue;
    const mount = composeMount(fs.readFileSync(path, 'utf8'), path, folder.uri.fsPath);
    if (mount) return mount;
  }
  return undefined;
}

/** The debugger's own lazy Docker connection (same setting as the dev loop's). */
const docker = new DockerConnection({ setting: () => vscode.workspace.getConfiguration('godock').get<string>('docker.host') });
/** Marks the configuration a re-attach starts: Delve was just seen listening, the checks would only cost time. */
const REATTACH = '__godockReattach';

/** The dev container's log lines, when the Docker layer finds the container; else the wait probes the port only. */
async function logLinesFor(folder: vscode.WorkspaceFolder | undefined, sinceMs: number): Promise<LogLines | undefined> {
  const composeFile = folder && folder.uri.scheme === 'file' ? devComposeFile(folder.uri.fsPath) : undefined;
  const target = composeFile ? devTarget(fs.readFileSync(composeFile, 'utf8'), composeFile, folder!.uri.fsPath, process.env) : undefined;
  if (!target) return undefined;
  const container = await findServiceContainer(docker, { project: target.project, service: target.service, composeFile }).catch(() => undefined);
  return container ? containerLogLines(docker, container.id, sinceMs) : undefined;
}

/** Runs a check's fix: open the file at the finding, apply the rule's quick fix there, or run a command. */
export async function runFix(fix: Fix): Promise<void> {
  const action = fix.action;
  if (action.kind === 'command') {
    await vscode.commands.executeCommand(action.command);
    return;
  }
  const position = new vscode.Position(action.line ?? 0, action.character ?? 0);
  const editor = await vscode.window.showTextDocument(vscode.Uri.file(action.path), { selection: new vscode.Range(position, position) });
  if (action.kind !== 'quick-fix') return;
  const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', editor.document.uri, new vscode.Range(position, position), vscode.CodeActionKind.QuickFix.value)) ?? [];
  const quickFix = actions.find((a) => a.diagnostics?.some((d) => (typeof d.code === 'object' ? d.code.value : d.code) === action.ruleId) && a.edit);
  if (quickFix?.edit) await vscode.workspace.applyEdit(quickFix.edit);
  else void vscode.window.showInformationMessage(`Godock: the ${action.ruleId} quick fix is not offered here any more; the file is open at the finding.`);
}

/** Shows a failed check before attaching, with its fixes as buttons. */
async function showProblem(problem: Check): Promise<void> {
  const choice = await vscode.window.showErrorMessage(`Godock: ${problem.detail}`, ...problem.fixes.map((f) => f.title));
  const fix = problem.fixes.find((f) => f.title === choice);
  if (fix) await runFix(fix);
}

/** "Godock: Check Debug Setup": the chain checks as a markdown report, then the fixes in a quick pick. */
export async function checkDebugSetup(server: GodockServer): Promise<void> {
  const folder = vscode.window.activeTextEditor ? vscode.workspace.getWorkspaceFolder(vscode.window.activeTextEditor.document.uri) : vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') {
    void vscode.window.showWarningMessage('Godock: open the folder of your Go service (with its compose file) to check its debug setup.');
    return;
  }
  const checks = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Godock: checking the debug setup' }, () =>
    chainChecks(folder.uri.fsPath, docker, (path) => server.request<LintFinding[]>(LINT_FILE, { path } satisfies LintFileParams)),
  );
  const document = await vscode.workspace.openTextDocument({ language: 'markdown', content: buildReport(checks, folder.uri.fsPath) });
  await vscode.window.showTextDocument(document, { preview: true });
  const items = fixItems(checks);
  if (items.length === 0) {
    void vscode.window.showInformationMessage(`Godock: ${summary(checks)}`);
    return;
  }
  const picked = await vscode.window.showQuickPick(items, { title: `Godock: ${summary(checks)}`, placeHolder: 'Pick a fix to apply' });
  if (picked) await runFix(picked.fix);
}

export function registerDebugger(output: vscode.LogOutputChannel): vscode.Disposable[] {
  /** How each session ends: the user's Stop, or Delve going away. */
  const ends = new Map<string, SessionEndTracker>();
  /** One re-attach loop per configuration name: it lives from the user's F5 to the user's Stop. */
  const loops = new Map<string, Reattacher>();
  /** The live sessions by Delve address: one at a time (a second client would see the first one's stops). */
  const attached = new Map<string, string>();
  const address = (c: { host?: string; port?: number }) => `${c.host}:${c.port}`;

  const loopFor = (folder: vscode.WorkspaceFolder | undefined, config: ResolvedAttach & vscode.DebugConfiguration): Reattacher => {
    let loop = loops.get(config.name);
    if (!loop || loop.isStopped) {
      loop = new Reattacher(config, {
        start: () => Promise.resolve(vscode.debug.startDebugging(folder, { ...config, [REATTACH]: true })),
        waitForDelve: async (signal) => waitForDelve({ host: config.host, port: config.port, timeoutMs: REATTACH_TIMEOUT_MS, signal, logLines: await logLinesFor(folder, Date.now()), awayFirst: true }),
        log: (message) => output.info(message),
      });
      loops.set(config.name, loop);
    }
    return loop;
  };
  const provider: vscode.DebugConfigurationProvider = {
    provideDebugConfigurations(folder) {
      const mount = mountFor(folder);
      return [{ type: 'godock', request: 'attach', name: 'Godock: Attach to the dev container', ...resolveAttach({}, mount) }];
    },
    async resolveDebugConfiguration(folder, config) {
      if (!config.type && !config.request) return { type: 'godock', request: 'attach', name: 'Godock: Attach', ...resolveAttach({}, mountFor(folder)) };
      const resolved = resolveAttach(config as Partial<AttachConfig>, mountFor(folder));
      if (attached.has(address(resolved))) {
        void vscode.window.showInformationMessage(`Godock: a debug session is already attached to Delve on ${address(resolved)}; stop it first (Shift+F5).`);
        return undefined;
      }
      if (!config[REATTACH] && folder?.uri.scheme === 'file') {
        const problem = blockingProblem(await containerChecks(resolved, folder.uri.fsPath, docker));
        if (problem) {
          void showProblem(problem);
          return undefined;
        }
      }
      // F5 right after a rebuild: attach once the program runs, or its first breakpoint stop is undone.
      await untilDelveResumed(resolved.host, resolved.port, 2000);
      return { ...config, ...resolved, ...attachArguments(resolved) };
    },
  };

  const factory: vscode.DebugAdapterDescriptorFactory = {
    createDebugAdapterDescriptor(session) {
      const { host, port } = session.configuration as unknown as ResolvedAttach;
      // Straight DAP to Delve, through a proxy that clears breakpoints when the user stops (see proxy.ts).
      return new vscode.DebugAdapterInlineImplementation(new DelveProxy(host, port) as unknown as vscode.DebugAdapter);
    },
  };

  const trackers: vscode.DebugAdapterTrackerFactory = {
    createDebugAdapterTracker(session) {
      const tracker = new SessionEndTracker();
      ends.set(session.id, tracker);
      return {
        onDidSendMessage: (message: { type?: string; event?: string }) => tracker.fromAdapter(message),
        onWillReceiveMessage: (message: { type?: string; command?: string }) => tracker.fromEditor(message),
      };
    },
  };

  const onEnd = vscode.debug.onDidTerminateDebugSession(async (session) => {
    if (session.type !== 'godock') return;
    const config = session.configuration as unknown as ResolvedAttach & vscode.DebugConfiguration;
    if (attached.get(address(config)) === session.id) attached.delete(address(config));
    const loop = loopFor(session.workspaceFolder, config);
    const end = ends.get(session.id)?.end ?? 'user-stopped';
    ends.delete(session.id);
    if (end === 'user-stopped' || !config.autoReattach) {
      await loop.sessionEnded('user-stopped');
      return;
    }
    const outcome = vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Godock: waiting for Delve on ${config.host}:${config.port} to attach again`, cancellable: true },
      (_progress, token) => {
        // Cancelling the wait is the user's Stop of the loop.
        token.onCancellationRequested(() => loop.stop());
        return loop.sessionEnded('debugger-lost');
      },
    );
    const result = await outcome;
    if (result.kind === 'gave-up') void vscode.window.showWarningMessage(`Godock: ${result.message}`);
  });
  const onStart = vscode.debug.onDidStartDebugSession((session) => {
    if (session.type !== 'godock') return;
    attached.set(address(session.configuration as { host?: string; port?: number }), session.id);
    loopFor(session.workspaceFolder, session.configuration as unknown as ResolvedAttach & vscode.DebugConfiguration).sessionStarted();
  });

  return [
    vscode.debug.registerDebugConfigurationProvider('godock', provider),
    vscode.debug.registerDebugConfigurationProvider('godock', provider, vscode.DebugConfigurationProviderTriggerKind.Dynamic),
    vscode.debug.registerDebugAdapterDescriptorFactory('godock', factory),
    vscode.debug.registerDebugAdapterTrackerFactory('godock', trackers),
    onEnd,
    onStart,
  ];
}
