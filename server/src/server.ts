/** The Godock language server: wiring only. Models, rules and the engine live in their folders. */
import * as nodePath from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DockerfileLanguageServiceFactory } from 'dockerfile-language-service';
import {
  CodeActionKind, DocumentDiagnosticReportKind, ProposedFeatures, TextDocumentSyncKind, TextDocuments, createConnection,
  type Connection, type Diagnostic, type InitializeParams,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions, FIX_ALL_KIND } from './engine/codeActions';
import { ConfigError, findConfigFile, mergeConfigs, parseConfig, type Config } from './engine/config';
import { toDiagnostic } from './engine/diagnostics';
import type { Changes } from './engine/edits';
import { fixAll, fixAllChanges, withFiles } from './engine/fixAll';
import { analyzeDocument, type Analysis } from './engine/lint';
import { goHover } from './hovers/goHover';
import { CONVERT_TO_MULTI_STAGE, LINT_FILE, type ConvertParams, type ConvertResult, type LintFileParams, type LintFinding } from './protocol';
import { conversionFix, refactorActions } from './refactors';
import type { DockerfileContext } from './engine/rule';
import { ModelCache, RECENT_DOCUMENTS, documentKind } from './model';
import { RecentMap } from './model/recentMap';
import { diskFileSystem } from './model/diskFileSystem';
import { Workspace, type FileSystem } from './model/workspace';
import { version } from '../../package.json';

const connection: Connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
const dockerfiles = DockerfileLanguageServiceFactory.createLanguageService();
const models = new ModelCache();
const analyses = new RecentMap<string, { version: number; analysis: Analysis }>(RECENT_DOCUMENTS);
const workspaces = new Map<string, Workspace>();
let folders: string[] = [];
let settings: Config = { rules: {} };
let pushDiagnostics = true;
let configurationRequests = false;
let diagnosticRefresh = false;
const reportedConfigErrors = new Set<string>();

/** Open editors first, the disk otherwise: a go.mod being edited counts before it is saved. */
const fileSystem: FileSystem = {
  readFile: (path) => documents.get(pathToFileURL(path).toString())?.getText() ?? diskFileSystem.readFile(path),
  readDir: diskFileSystem.readDir,
};

function pathOf(uri: string): string | undefined {
  return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
}

/** The workspace of a file: its workspace folder, or its own folder when none holds it. */
function workspaceFor(path: string | undefined): Workspace {
  const root = (path && folders.find((f) => path.startsWith(f + nodePath.sep))) ?? (path ? nodePath.dirname(path) : '/nonexistent');
  let workspace = workspaces.get(root);
  if (!workspace) workspaces.set(root, (workspace = new Workspace(fileSystem, [root])));
  return workspace;
}

/** The rule settings of each folder, looked up once: relintAll (a setting or a watched file changed) forgets them. */
const folderConfigs = new Map<string, Config>();

function configFor(path: string | undefined, workspace: Workspace): Config {
  if (!path) return settings;
  const dir = nodePath.dirname(path);
  let config = folderConfigs.get(dir);
  if (!config) folderConfigs.set(dir, (config = readConfig(dir, workspace)));
  return config;
}

function readConfig(dir: string, workspace: Workspace): Config {
  try {
    return mergeConfigs(settings, findConfigFile(dir, workspace.roots[0])?.config);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    if (!reportedConfigErrors.has(error.message)) {
      reportedConfigErrors.add(error.message);
      void connection.window.showWarningMessage(`Godock: ${error.message}. Using the default rule settings until it is fixed.`);
    }
    return settings;
  }
}

function analyze(document: TextDocument): Analysis | undefined {
  const path = pathOf(document.uri);
  const kind = documentKind(path ?? document.uri, document.languageId);
  if (!kind) return undefined;
  const cached = analyses.get(document.uri);
  if (cached && cached.version === document.version) return cached.analysis;
  const workspace = workspaceFor(path);
  const analysis = analyzeDocument(kind, document, path, { workspace, config: configFor(path, workspace) }, (k, d, p) => models.get(k, d, p));
  analyses.set(document.uri, { version: document.version, analysis });
  return analysis;
}

function diagnosticsOf(document: TextDocument): Diagnostic[] {
  return analyze(document)?.reports.map(toDiagnostic) ?? [];
}

function publish(document: TextDocument) {
  if (pushDiagnostics) void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: diagnosticsOf(document) });
}

/** Re-checks every open document, after a setting or a file they read changed. */
function relintAll() {
  analyses.clear();
  folderConfigs.clear();
  for (const document of documents.all()) publish(document);
  // Pull clients ask again when told to; a client that cannot be told re-pulls on its own schedule.
  if (!pushDiagnostics && diagnosticRefresh) void connection.languages.diagnostics.refresh().catch(() => undefined);
}

/** Reads the godock settings; true when they differ from the ones the open documents were linted with. */
async function loadSettings(): Promise<boolean> {
  if (!configurationRequests) return false;
  const value = (await connection.workspace.getConfiguration('godock')) as { rules?: unknown; maxFileSize?: unknown } | null;
  const before = JSON.stringify(settings);
  try {
    settings = parseConfig({ rules: value?.rules ?? {}, maxFileSize: value?.maxFileSize ?? undefined }, 'Settings godock.rules and godock.maxFileSize');
  } catch (error) {
    settings = { rules: {} };
    void connection.window.showWarningMessage(`Godock: ${(error as Error).message}`);
  }
  return JSON.stringify(settings) !== before;
}

connection.onInitialize((params: InitializeParams) => {
  folders = (params.workspaceFolders ?? []).map((f) => pathOf(f.uri)).filter((p): p is string => !!p);
  if (folders.length === 0 && params.rootUri) folders = [pathOf(params.rootUri)].filter((p): p is string => !!p);
  pushDiagnostics = !params.capabilities.textDocument?.diagnostic;
  configurationRequests = !!params.capabilities.workspace?.configuration;
  diagnosticRefresh = !!params.capabilities.workspace?.diagnostics?.refreshSupport;
  dockerfiles.setCapabilities({
    completion: { completionItem: params.capabilities.textDocument?.completion?.completionItem as never },
    hover: { contentFormat: params.capabilities.textDocument?.hover?.contentFormat },
    foldingRange: params.capabilities.textDocument?.foldingRange,
  });
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      diagnosticProvider: { identifier: 'godock', interFileDependencies: true, workspaceDiagnostics: false },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.RefactorRewrite, FIX_ALL_KIND] },
      completionProvider: { triggerCharacters: ['=', ' ', '$', '-'], resolveProvider: true },
      hoverProvider: true,
      documentFormattingProvider: true,
      documentRangeFormattingProvider: true,
      documentOnTypeFormattingProvider: { firstTriggerCharacter: '\\', moreTriggerCharacter: ['`'] },
      documentSymbolProvider: true,
      documentHighlightProvider: true,
      definitionProvider: true,
      foldingRangeProvider: true,
      renameProvider: { prepareProvider: true },
      documentLinkProvider: { resolveProvider: true },
      signatureHelpProvider: { triggerCharacters: ['-', '[', ',', ' ', '='] },
      semanticTokensProvider: {
        legend: {
          tokenTypes: ['keyword', 'comment', 'parameter', 'property', 'namespace', 'class', 'macro', 'string', 'variable', 'operator', 'modifier'],
          tokenModifiers: ['declaration', 'definition', 'deprecated'],
        },
        full: true,
      },
      workspace: { workspaceFolders: { supported: true } },
    },
    serverInfo: { name: 'godock', version },
  };
});

// Documents opened before the settings arrive are linted with the defaults: again only if the settings differ.
connection.onInitialized(async () => {
  if (await loadSettings()) relintAll();
});
connection.onDidChangeConfiguration(async () => {
  if (await loadSettings()) relintAll();
});
connection.onDidChangeWatchedFiles(({ changes }) => {
  for (const change of changes) {
    const path = pathOf(change.uri);
    if (!path) continue;
    for (const workspace of workspaces.values()) workspace.invalidate(path);
    reportedConfigErrors.clear();
  }
  relintAll();
});

// TextDocuments reports an opened document as changed too: that publishes its first diagnostics.
documents.onDidChangeContent(({ document }) => {
  // A go.mod or .dockerignore being edited changes what the open Dockerfiles read; an .air.toml, what compose files read.
  const path = pathOf(document.uri);
  const kind = path && documentKind(path, document.languageId);
  if (path && (!kind || kind === 'air')) {
    for (const workspace of workspaces.values()) workspace.invalidate(path);
    relintAll();
  } else publish(document);
});
documents.onDidClose(({ document }) => {
  // A go.mod closed without saving: the workspace reads the disk's text again.
  const path = pathOf(document.uri);
  if (path && !documentKind(path, document.languageId)) for (const workspace of workspaces.values()) workspace.invalidate(path);
  models.delete(document.uri);
  analyses.delete(document.uri);
  if (pushDiagnostics) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
});

connection.languages.diagnostics.on(({ textDocument }) => {
  const document = documents.get(textDocument.uri);
  return { kind: DocumentDiagnosticReportKind.Full, items: document ? diagnosticsOf(document) : [] };
});

connection.onCodeAction(({ textDocument, range, context }) => {
  const document = documents.get(textDocument.uri);
  const analysis = document && analyze(document);
  if (!document || !analysis) return [];
  const ours = codeActions(analysis, context.diagnostics.filter((d) => d.source === 'godock'), context.only, () => fixAllOf(document, analysis));
  const refactors = analysis.model.kind === 'dockerfile' ? refactorActions(analysis.ctx as DockerfileContext, context.only) : [];
  // dockerfile-utils' own fixes (casing, deprecated MAINTAINER, …) come from dockerfile-language-service.
  const theirs = analysis.model.kind === 'dockerfile'
    ? dockerfiles.computeCodeActions(textDocument, range, { ...context, diagnostics: context.diagnostics.filter((d) => d.source === 'dockerfile-utils') } as never)
    : [];
  return [...ours, ...refactors, ...theirs];
});

/** The fix-all of an open document: its passes lint the fixed text with the other files as the fixes left them. */
function fixAllOf(document: TextDocument, analysis: Analysis): Changes {
  const path = pathOf(document.uri);
  const kind = documentKind(path ?? document.uri, document.languageId)!;
  const workspace = workspaceFor(path);
  const config = configFor(path, workspace);
  const result = fixAll(analysis, fileSystem.readFile, (text, files) => {
    const fixed = TextDocument.create(document.uri, document.languageId, document.version, text);
    const project = path ? new Map([...files, [path, text]]) : files;
    return analyzeDocument(kind, fixed, path, { workspace: new Workspace(withFiles(fileSystem, project), workspace.roots), config });
  });
  return fixAllChanges(document, result, fileSystem.readFile);
}

function convertRequest({ uri, runtime, main }: ConvertParams): ConvertResult {
  const document = documents.get(uri);
  const analysis = document && analyze(document);
  if (!analysis || analysis.model.kind !== 'dockerfile') return { reason: 'Open a Dockerfile to convert it.' };
  const ctx = analysis.ctx as DockerfileContext;
  const fix = conversionFix(ctx, { runtime, main });
  const result: ConvertResult = 'reason' in fix
    ? { ...fix, mainPackages: ctx.context?.mainPackages().map((p) => (p === '.' ? '.' : `./${p}`)) }
    : { edit: { changes: { [uri]: fix.edits } } };
  return result;
}
connection.onRequest(CONVERT_TO_MULTI_STAGE, (params: ConvertParams) => convertRequest(params) as unknown);
connection.onRequest(LINT_FILE, ({ path }: LintFileParams) => lintFileRequest(path));

/**
 * A file's findings as the Problems panel has them: the open document's text, else the file on disk when it
 * is inside a workspace folder (the server reads nothing outside them).
 */
function lintFileRequest(path: string): LintFinding[] {
  const uri = pathToFileURL(path).toString();
  const open = documents.get(uri);
  let analysis = open && analyze(open);
  const kind = documentKind(path);
  const inside = folders.some((folder) => path.startsWith(folder + nodePath.sep));
  const text = open || !inside ? undefined : diskFileSystem.readFile(path);
  if (!open && kind && text !== undefined) {
    // Not kept: the next request reads the file again, changed or not.
    const workspace = workspaceFor(path);
    analysis = analyzeDocument(kind, TextDocument.create(uri, kind, 0, text), path, { workspace, config: configFor(path, workspace) });
  }
  return (analysis?.reports ?? []).map((r) => ({
    id: r.id,
    message: r.message,
    severity: r.severity,
    line: r.range.start.line,
    character: r.range.start.character,
    fixTitle: r.fix()?.title,
  }));
}
connection.onExecuteCommand(async ({ command, arguments: args }) => {
  const uri = args?.[0] as string | undefined;
  const document = uri ? documents.get(uri) : undefined;
  if (!document) return;
  const edits = dockerfiles.computeCommandEdits(document.getText(), command, args ?? []);
  if (edits.length > 0) await connection.workspace.applyEdit({ changes: { [document.uri]: edits } });
});

/** Everything dockerfile-language-service already does for Dockerfiles is served as it is. */
function onDockerfile<T>(uri: string, compute: (document: TextDocument) => T, none: T): T {
  const document = documents.get(uri);
  if (!document || documentKind(pathOf(uri) ?? uri, document.languageId) !== 'dockerfile') return none;
  return compute(document);
}
connection.onCompletion(({ textDocument, position }) => onDockerfile(textDocument.uri, (d) => dockerfiles.computeCompletionItems(d.getText(), position), []));
connection.onCompletionResolve((item) => dockerfiles.resolveCompletionItem(item));
connection.onHover(({ textDocument, position }) =>
  onDockerfile(textDocument.uri, (d) => {
    const model = analyze(d)?.model;
    return (model?.kind === 'dockerfile' && goHover(model, position)) || dockerfiles.computeHover(d.getText(), position);
  }, null));
connection.onDocumentFormatting(({ textDocument, options }) => onDockerfile(textDocument.uri, (d) => dockerfiles.format(d.getText(), options), []));
connection.onDocumentRangeFormatting(({ textDocument, range, options }) => onDockerfile(textDocument.uri, (d) => dockerfiles.formatRange(d.getText(), range, options), []));
connection.onDocumentOnTypeFormatting(({ textDocument, position, ch, options }) => onDockerfile(textDocument.uri, (d) => dockerfiles.formatOnType(d.getText(), position, ch, options), []));
connection.onDocumentSymbol(({ textDocument }) => onDockerfile(textDocument.uri, (d) => dockerfiles.computeSymbols(textDocument, d.getText()), []));
connection.onDocumentHighlight(({ textDocument, position }) => onDockerfile(textDocument.uri, (d) => dockerfiles.computeHighlightRanges(d.getText(), position), []));
connection.onDefinition(({ textDocument, position }) => onDockerfile(textDocument.uri, (d) => dockerfiles.computeDefinition(textDocument, d.getText(), position), null));
connection.onFoldingRanges(({ textDocument }) => onDockerfile(textDocument.uri, (d) => dockerfiles.computeFoldingRanges(d.getText()), []));
connection.onPrepareRename(({ textDocument, position }) => onDockerfile(textDocument.uri, (d) => dockerfiles.prepareRename(d.getText(), position), null));
connection.onRenameRequest(({ textDocument, position, newName }) =>
  onDockerfile(textDocument.uri, (d) => ({ changes: { [textDocument.uri]: dockerfiles.computeRename(textDocument, d.getText(), position, newName) } }), null));
connection.onDocumentLinks(({ textDocument }) => onDockerfile(textDocument.uri, (d) => dockerfiles.computeLinks(d.getText()), []));
connection.onDocumentLinkResolve((link) => dockerfiles.resolveLink(link));
connection.onSignatureHelp(({ textDocument, position }) => onDockerfile(textDocument.uri, (d) => dockerfiles.computeSignatureHelp(d.getText(), position), null));
connection.languages.semanticTokens.on(({ textDocument }) => onDockerfile(textDocument.uri, (d) => dockerfiles.computeSemanticTokens(d.getText()), { data: [] }));

documents.listen(connection);
connection.listen();
