/** The language client: starts the bundled Godock server and tells it what it needs to know. */
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, TransportKind, type ErrorHandler, type LanguageClientOptions, type ServerOptions, type WorkspaceEdit } from 'vscode-languageclient/node';
import { ServerRestarts } from './serverRestarts';

/**
 * Dockerfiles by language; compose files by name, since they stay YAML (the yaml and Docker extensions
 * own that language). Only files on disk and unsaved ones: not `git:` diff sides or other read-only views.
 */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'dockerfile' },
  { scheme: 'untitled', language: 'dockerfile' },
  { scheme: 'file', pattern: '**/{compose,docker-compose}*.{yml,yaml}' },
  { scheme: 'file', pattern: '**/*.compose.{yml,yaml}' },
  { scheme: 'file', pattern: '**/{.air,air,.air.*}.toml' },
];

/** Files whose changes on disk change findings in other files: build contexts, config, and the Dockerfiles compose builds. */
export const WATCHED_FILES = [
  '**/go.mod',
  '**/.dockerignore',
  '**/.godock.json',
  '**/*.go',
  '**/.air.toml',
  '**/{Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile,Containerfile.*}',
  // The server caches every file it reads around a document: what it reads, it is told about.
  '**/{go.sum,modules.txt,Makefile,makefile,GNUmakefile,*.mk,*.sh}',
  '**/{compose,docker-compose}*.{yml,yaml}',
  '**/*.compose.{yml,yaml}',
  '**/.git',
];

/** The client id: VS Code reads `godock.trace.server` for it, and the server reads settings under `godock`. */
const CLIENT_ID = 'godock';
const SERVER_MODULE = 'server/out/server.js';
/** The port `--inspect` listens on when the extension runs in debug mode (attach with a Node debugger). */
const DEBUG_PORT = 6009;

/**
 * Owns the running client. A restart disposes it and starts a new one, so a server that failed to start
 * (a crash during initialize) can be restarted like a running one.
 */
export class GodockServer implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly watchers: vscode.FileSystemWatcher[];

  constructor(
    private readonly context: vscode.ExtensionContext,
    readonly output: vscode.LogOutputChannel,
  ) {
    // Created once and shared by every client: a client does not dispose the watchers it is given.
    this.watchers = WATCHED_FILES.map((glob) => vscode.workspace.createFileSystemWatcher(glob));
  }

  async start(): Promise<void> {
    this.client ??= this.createClient();
    await this.client.start();
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    // A client that never started throws on stop; there is nothing left to stop then.
    await client?.dispose().catch((error: unknown) => this.output.debug(`Stopping the server: ${String(error)}`));
  }

  /** A Godock request (server/src/protocol.ts) to the running server. */
  async request<Result>(method: string, params: unknown): Promise<Result> {
    if (!this.client?.isRunning()) await this.start();
    return this.client!.sendRequest<Result>(method, params);
  }

  /** Applies a WorkspaceEdit the server computed. */
  async applyEdit(edit: WorkspaceEdit): Promise<boolean> {
    const converted = await this.client!.protocol2CodeConverter.asWorkspaceEdit(edit);
    return vscode.workspace.applyEdit(converted);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  dispose(): void {
    void this.stop();
    for (const watcher of this.watchers) watcher.dispose();
  }

  private createClient(): LanguageClient {
    const module = this.context.asAbsolutePath(SERVER_MODULE);
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc },
      debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', `--inspect=${DEBUG_PORT}`] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      outputChannel: this.output,
      synchronize: { configurationSection: CLIENT_ID, fileEvents: this.watchers },
      errorHandler: restartOnCrash(),
    };
    return new LanguageClient(CLIENT_ID, 'Godock', serverOptions, clientOptions);
  }
}

/** Write errors are logged and left to the close that follows them; a close restarts the server (ServerRestarts). */
function restartOnCrash(): ErrorHandler {
  const restarts = new ServerRestarts();
  return {
    error: () => ({ action: ErrorAction.Continue, handled: true }),
    closed: () => {
      const decision = restarts.closed(Date.now());
      return decision.restart ? { action: CloseAction.Restart } : { action: CloseAction.DoNotRestart, message: decision.message };
    },
  };
}
