/** Every Godock command in one table; `contributes.commands` in package.json lists the same ids. */
import * as vscode from 'vscode';
import { convertToMultiStage } from './convert';
import { checkDebugSetup } from './debug/vscode';
import { setUpDevContainer } from './devcontainer';
import { devLoopCommands as devLoop } from './devloop/vscode';
import { imageCommands as image } from './image/vscode';
import type { GodockServer } from './lsp';

type Command = (server: GodockServer) => (...args: unknown[]) => unknown;

export const COMMANDS = {
  // A failed start is already reported by the client, with a notification; do not report it twice.
  'godock.restartServer': (server) => () => server.restart().catch((error: unknown) => server.output.error(`Restart failed: ${String(error)}`)),
  'godock.showOutput': (server) => () => server.output.show(true),
  'godock.convertToMultiStage': (server) => () => convertToMultiStage(server),
  'godock.setUpDevContainer': () => () => setUpDevContainer(),
  'godock.startDevLoop': () => () => devLoop.start(),
  'godock.stopDevLoop': () => () => devLoop.stop(),
  'godock.restartDevLoop': () => () => devLoop.restart(),
  'godock.rebuildDevImage': () => () => devLoop.rebuild(),
  'godock.showDevLogs': () => () => devLoop.showLogs(),
  'godock.openDevShell': () => () => devLoop.openShell(),
  'godock.showDevLoopMenu': () => () => devLoop.menu(),
  'godock.checkDebugSetup': (server) => () => checkDebugSetup(server),
  'godock.analyzeImage': () => (uri, target) => image.analyze(uri, target),
  'godock.showImageLayers': () => (uri) => image.showLayers(uri),
} satisfies Record<string, Command>;

export function registerCommands(server: GodockServer): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([id, command]) => vscode.commands.registerCommand(id, command(server)));
}
