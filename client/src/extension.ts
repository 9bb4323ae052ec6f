import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { registerDebugger } from './debug/vscode';
import { registerProposalProvider } from './devcontainer';
import { registerDevLoop } from './devloop/vscode';
import { registerImageInsight } from './image/vscode';
import { GodockServer } from './lsp';

let server: GodockServer | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('Godock', { log: true });
  server = new GodockServer(context, output);
  context.subscriptions.push(output, server, registerProposalProvider(), ...registerDebugger(output), registerDevLoop(output), registerImageInsight(), ...registerCommands(server));
  // The client reports a failed start itself; activation still succeeds so the commands can retry.
  await server.start().catch(() => undefined);
}

export function deactivate(): Promise<void> | undefined {
  return server?.stop();
}
