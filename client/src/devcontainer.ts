/** "Godock: Set Up Go Dev Container": asks what cannot be inferred, writes what the pure planner decides. */
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { dockerHost } from '../../server/src/cli/init';
import { diskFileSystem } from '../../server/src/model/diskFileSystem';
import { readFacts } from '../../server/src/scaffold/facts';
import { planDevcontainer, type Topology } from '../../server/src/scaffold/plan';

const PROPOSALS = 'godock-proposal';
const proposals = new Map<string, string>();

export function registerProposalProvider(): vscode.Disposable {
  return vscode.workspace.registerTextDocumentContentProvider(PROPOSALS, { provideTextDocumentContent: (uri) => proposals.get(uri.path) ?? '' });
}

export async function setUpDevContainer(): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('Godock: trust this workspace to set up a dev container; Godock writes no files in untrusted workspaces.');
    return;
  }
  const folder = vscode.workspace.workspaceFolders?.length === 1 ? vscode.workspace.workspaceFolders[0] : await vscode.window.showWorkspaceFolderPick();
  if (!folder || folder.uri.scheme !== 'file') return;
  const root = folder.uri.fsPath;
  const facts = readFacts(diskFileSystem, root);
  if ('problem' in facts) {
    void vscode.window.showWarningMessage(`Godock: ${facts.problem}`);
    return;
  }
  const main = facts.mains.length === 1 ? facts.mains[0] : await vscode.window.showQuickPick(facts.mains, { title: 'Which program runs in the dev container?' });
  if (!main) return;
  const topologies: { label: string; topology: Topology; detail: string }[] = [
    { label: 'Both', topology: 'both', detail: 'attach from VS Code on the host, or from VS Code inside the dev container' },
    { label: 'VS Code on the host', topology: 'host', detail: 'the debugger maps host paths to the container mount' },
    { label: 'VS Code inside the dev container', topology: 'devcontainer', detail: 'Reopen in Container; no path mapping' },
  ];
  const topology = await vscode.window.showQuickPick(topologies, { title: 'Where does VS Code run while debugging?' });
  if (!topology) return;
  const port = facts.ports.length === 1 ? facts.ports[0] : Number(await vscode.window.showQuickPick(facts.ports.map(String), { title: 'Which port does the program listen on?' }));
  if (!port) return;

  const plan = planDevcontainer(facts, { main, port, topology: topology.topology, host: dockerHost() }, (p) => diskFileSystem.readFile(nodePath.join(root, p)));
  const written: string[] = [];
  for (const file of plan) {
    const uri = vscode.Uri.joinPath(folder.uri, file.path);
    if (file.action === 'unchanged') continue;
    if (file.action === 'conflict') {
      proposals.set(`/${file.path}`, file.content);
      await vscode.commands.executeCommand('vscode.diff', uri, vscode.Uri.from({ scheme: PROPOSALS, path: `/${file.path}` }), `${file.path}: yours ↔ Godock's`);
      const choice = await vscode.window.showInformationMessage(`${file.path} was edited by hand. Replace it with Godock's version?`, 'Replace', 'Keep mine');
      if (choice !== 'Replace') continue;
    }
    await vscode.workspace.fs.writeFile(uri, Buffer.from(file.content, 'utf8'));
    written.push(file.path);
  }
  void vscode.window.showInformationMessage(written.length ? `Godock wrote ${written.join(', ')}.` : 'Godock: the dev container is already set up.');
}
