/** The benchmark's LSP sessions: the test helper's stdio client, started on Godock's bundle or on the peer. */
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ClientCapabilities } from 'vscode-languageserver/node';
import { startServer, type LspSession } from '../test/helpers/lspClient';

export const REPO = nodePath.resolve(__dirname, '../..');
export const GODOCK_SERVER = nodePath.join(REPO, 'server/out/server.js');
export const PEER_SERVER = nodePath.join(REPO, 'node_modules/dockerfile-language-server-nodejs/lib/server.js');

export type ServerName = 'godock' | 'rcjsuen';

/** What VS Code announces: configuration requests, and pull diagnostics when `pull` is set. */
export function capabilities(pull: boolean): ClientCapabilities {
  return {
    workspace: { configuration: true },
    textDocument: pull ? { diagnostic: { dynamicRegistration: false } } : {},
  };
}

export function start(server: ServerName, rootPath: string, options: { pull?: boolean; nodeArgs?: string[] } = {}): Promise<LspSession> {
  const script = server === 'godock' ? GODOCK_SERVER : PEER_SERVER;
  return startServer({ rootPath, capabilities: capabilities(options.pull ?? false), args: [...(options.nodeArgs ?? []), script, '--stdio'] });
}

export interface OpenDocument {
  uri: string;
  version: number;
}

export function open(session: LspSession, path: string, text: string, languageId: string): OpenDocument {
  const uri = pathToFileURL(path).toString();
  void session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  return { uri, version: 1 };
}

/** Inserts one character at a position, as an editor sends a keystroke (incremental sync). */
export function type(session: LspSession, doc: OpenDocument, line: number, character: number, text: string): void {
  doc.version++;
  const at = { line, character };
  void session.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri: doc.uri, version: doc.version },
    contentChanges: [{ range: { start: at, end: at }, text }],
  });
}

/** Pulls the diagnostics of a document (LSP 3.17 textDocument/diagnostic). */
export function pull(session: LspSession, doc: OpenDocument): Promise<unknown> {
  return session.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: doc.uri } });
}

/** Types `text` one character per edit from (line, 0), calling `each` with the position after every edit. */
export async function typeAll(text: string, line: number, edit: (line: number, character: number, ch: string) => Promise<void>): Promise<void> {
  let character = 0;
  for (const ch of text) {
    await edit(line, character, ch);
    if (ch === '\n') {
      line++;
      character = 0;
    } else character++;
  }
}

/**
 * Waits for a server's answer, but not forever: a server that exits or stops answering (a bundle rebuilt
 * under it, a crash) fails the run with its last words instead of hanging it.
 */
export function within<T>(session: LspSession, promise: Promise<T>, what: string, timeoutMs = 120_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const fail = (why: string) => reject(new Error(`${what}: ${why}\n${session.stderr().slice(-1000)}`));
    const timer = setTimeout(() => fail(`no answer within ${timeoutMs / 1000} s`), timeoutMs);
    const exited = () => fail(`the server exited (${session.process.exitCode ?? session.process.signalCode})`);
    session.process.once('exit', exited);
    promise.then(resolve, reject).finally(() => {
      clearTimeout(timer);
      session.process.off('exit', exited);
    });
  });
}
