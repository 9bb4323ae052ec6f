/** Starts the bundled language server over stdio exactly as an editor does, and speaks LSP to it. */
import { spawn, type ChildProcess } from 'node:child_process';
import * as nodePath from 'node:path';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-languageserver/node';
import type { ClientCapabilities, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver/node';

export const SERVER = nodePath.join(__dirname, '../../server/out/server.js');

export interface LspSession {
  connection: MessageConnection;
  process: ChildProcess;
  /** Resolves with the next diagnostics published for a uri that satisfy a condition. */
  /** The next diagnostics published for a document that `until` accepts (it also gets their document version, when sent). */
  diagnostics(uri: string, until?: (d: Diagnostic[], version?: number) => boolean): Promise<Diagnostic[]>;
  stderr(): string;
  close(): Promise<void>;
}

export interface ServerOptions {
  rootPath: string;
  capabilities?: ClientCapabilities;
  settings?: unknown;
  /** Node's arguments: Godock's bundled server by default; the benchmark starts its peer or adds flags. */
  args?: string[];
}

export async function startServer(options: ServerOptions): Promise<LspSession> {
  const child = spawn(process.execPath, options.args ?? [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  const latest = new Map<string, Diagnostic[]>();
  const waiters: { uri: string; until: (d: Diagnostic[], version?: number) => boolean; resolve: (d: Diagnostic[]) => void }[] = [];
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    latest.set(params.uri, params.diagnostics);
    for (const waiter of [...waiters]) {
      if (waiter.uri === params.uri && waiter.until(params.diagnostics, params.version)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(params.diagnostics);
      }
    }
  });
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => options.settings ?? {}));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('workspace/diagnostic/refresh', () => null);
  connection.listen();
  const rootUri = `file://${options.rootPath}`;
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'project' }],
    capabilities: options.capabilities ?? { workspace: { configuration: true } },
  });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    process: child,
    stderr: () => stderr,
    diagnostics(uri, until = () => true) {
      return new Promise((resolve) => waiters.push({ uri, until, resolve }));
    },
    async close() {
      await connection.sendRequest('shutdown').catch(() => undefined);
      await connection.sendNotification('exit').catch(() => undefined);
      connection.dispose();
      if (child.exitCode === null) await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
