/**
 * The `godock` debug type: VS Code talks DAP straight to the container's headless Delve (no local dlv, no
 * vscode-go), with the path mapping taken from the compose file, and attaches again after every rebuild.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { DelveProxy } from './proxy';
import { attachArguments, composeMount, portOpen, resolveAttach, shouldReattach, waitForPort, type AttachConfig, type ResolvedAttach } from './core';

const COMPOSE_FILES = ['.devcontainer/compose.yaml', 'compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'];
/** How long to wait for Delve after a rebuild before giving up on re-attaching. */
const REATTACH_TIMEOUT_MS = 120_000;

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
  const attempts = new Map<string, number>();

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
    const end = userStopped.delete(session.id) ? 'user-stopped' : 'debugger-lost';
    const tries = attempts.get(config.name) ?? 0;
    if (!shouldReattach(config, end, tries)) {
      attempts.delete(config.name);
      return;
    }
    output.info(`Delve went away (a rebuild?); waiting for it on ${config.host}:${config.port} to attach again.`);
    attempts.set(config.name, tries + 1);
    const started = Date.now();
    if (await waitForPort(config.host, config.port, { timeoutMs: REATTACH_TIMEOUT_MS })) {
      output.info(`Delve is back after ${Date.now() - started} ms; attaching again.`);
      await vscode.debug.startDebugging(session.workspaceFolder, config);
    } else {
      void vscode.window.showWarningMessage(`Godock: Delve did not come back on ${config.host}:${config.port}; the debug session ended.`);
    }
  });
  const onStart = vscode.debug.onDidStartDebugSession((session) => {
    if (session.type === 'godock') attempts.delete(session.configuration.name);
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
