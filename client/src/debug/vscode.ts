/**
 * The `godock` debug type: VS Code talks DAP straight to the container's headless Delve (no local dlv, no
 * vscode-go), with the path mapping taken from the compose file, and attaches again after every rebuild.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { DelveProxy } from './proxy';
import { attachArguments, composeMount, portOpen, resolveAttach, type AttachConfig, type ResolvedAttach } from './core';
import { Reattacher, REATTACH_TIMEOUT_MS, waitForDelve } from './reattach';

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

export function registerDebugger(output: vscode.LogOutputChannel): vscode.Disposable[] {
  /** Sessions the user stopped (VS Code sent `disconnect`): they must not come back. */
  const userStopped = new Set<string>();
  /** One re-attach loop per configuration name: it lives from the user's F5 to the user's Stop. */
  const loops = new Map<string, Reattacher>();

  const loopFor = (folder: vscode.WorkspaceFolder | undefined, config: ResolvedAttach & vscode.DebugConfiguration): Reattacher => {
    let loop = loops.get(config.name);
    if (!loop || loop.isStopped) {
      loop = new Reattacher(config, {
        start: () => Promise.resolve(vscode.debug.startDebugging(folder, config)),
        waitForDelve: (signal) => waitForDelve({ host: config.host, port: config.port, timeoutMs: REATTACH_TIMEOUT_MS, signal }),
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
      if (!(await portOpen(resolved.host, resolved.port))) {
        const choice = await vscode.window.showErrorMessage(
          `Godock: nothing listens on ${resolved.host}:${resolved.port}. Start the dev loop (Delve runs under air in the container), and check that the compose file publishes ${resolved.port} on 127.0.0.1.`,
          'Start Dev Loop',
        );
        if (choice) void vscode.commands.executeCommand('godock.startDevLoop');
        return undefined;
      }
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
      return {
        onWillReceiveMessage(message: { command?: string }) {
          if (message.command === 'disconnect') userStopped.add(session.id);
        },
      };
    },
  };

  const onEnd = vscode.debug.onDidTerminateDebugSession(async (session) => {
    if (session.type !== 'godock') return;
    const config = session.configuration as unknown as ResolvedAttach & vscode.DebugConfiguration;
    const loop = loopFor(session.workspaceFolder, config);
    if (userStopped.delete(session.id) || !config.autoReattach) {
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
    if (session.type === 'godock') loopFor(session.workspaceFolder, session.configuration as unknown as ResolvedAttach & vscode.DebugConfiguration).sessionStarted();
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
