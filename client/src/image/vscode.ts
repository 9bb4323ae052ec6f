/**
 * "Godock: Build and Analyze Image" in VS Code: the build with its BuildKit steps in a cancellable
 * notification and an output channel, then per line lenses (`+95.5 MB`, the image total on FROM), the Image
 * Layers view and the measured findings. The build and the analysis live in server/src/image; the
 * decisions about what to show in ./core.
 */
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DockerConnection, DockerError } from '../../../server/src/docker/connection';
import { docsUrl } from '../../../server/src/engine/docs';
import { AnalyzeError, analysisTag, buildAndAnalyze } from '../../../server/src/image/analyze';
import { parseDockerfile } from '../../../server/src/model/dockerfile';
import { analyzeLenses, buildableReason, formatBytes, IMAGE_SOURCE, imageDiagnostics, layerTree, ResultStore, resultLenses, type Result, type TreeItem } from './core';

const VIEW = 'godock.imageLayers';

class ImageInsight implements vscode.Disposable {
  private readonly store = new ResultStore();
  private readonly connection = new DockerConnection({ setting: () => vscode.workspace.getConfiguration('godock').get<string>('docker.host') });
  private readonly channel = vscode.window.createOutputChannel('Godock Image Build');
  private readonly diagnostics = vscode.languages.createDiagnosticCollection(IMAGE_SOURCE);
  private readonly lensesChanged = new vscode.EventEmitter<void>();
  private readonly treeChanged = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  private running = false;
  /** The Dockerfile the Image Layers view shows. */
  private shown: vscode.Uri | undefined;
  /** Set while this provider asks VS Code for the static rules' fixes (which calls it back). */
  private askingForFixes = false;

  constructor() {
    const selector: vscode.DocumentSelector = { language: 'dockerfile' };
    const tree = vscode.window.createTreeView(VIEW, { treeDataProvider: this.treeProvider(), showCollapseAll: true });
    this.disposables.push(
      this.channel,
      this.diagnostics,
      this.lensesChanged,
      this.treeChanged,
      tree,
      vscode.languages.registerCodeLensProvider(selector, { onDidChangeCodeLenses: this.lensesChanged.event, provideCodeLenses: (d) => this.lenses(d) }),
      vscode.languages.registerCodeActionsProvider(selector, { provideCodeActions: (d, _r, c) => this.fixes(d, c) }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.store.forUri(e.document.uri.toString()).length === 0) return;
        this.publish(e.document);
        if (this.shown?.toString() === e.document.uri.toString()) this.treeChanged.fire();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.lensesChanged.fire()),
    );
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  async analyze(uriArg?: unknown, targetArg?: unknown): Promise<void> {
    const document = await this.dockerfile(uriArg);
    if (!document) return;
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    const reason = buildableReason({ scheme: document.uri.scheme, inWorkspace: folder !== undefined, trusted: vscode.workspace.isTrusted });
    if (reason) {
      void vscode.window.showWarningMessage(`Godock: ${reason}`);
      return;
    }
    if (this.running) {
      void vscode.window.showInformationMessage('Godock: an image is already being built; wait for it or cancel it.');
      return;
    }
    // The build reads the file from disk: what the user sees is what gets built.
    if (document.isDirty && !(await document.save())) return;
    const target = typeof targetArg === 'string' ? targetArg : undefined;
    const path = document.uri.fsPath;
    const contextDir = nodePath.dirname(path);
    const text = document.getText();
    const model = parseDockerfile(TextDocument.create(document.uri.toString(), 'dockerfile', document.version, text), path);
    const name = vscode.workspace.asRelativePath(document.uri);

    this.running = true;
    this.channel.clear();
    this.channel.appendLine(`Building ${name}${target ? ` (target ${target})` : ''} in ${contextDir} with BuildKit`);
    try {
      const result = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Godock: building ${name}`, cancellable: true },
        async (progress, token) => {
          const abort = new AbortController();
          token.onCancellationRequested(() => abort.abort());
          const docker = await this.connection.docker();
          return buildAndAnalyze(docker, {
            model,
            dockerfile: path,
            contextDir,
            target,
            tag: analysisTag(contextDir, target),
            signal: abort.signal,
            onLine: (line) => this.channel.appendLine(line),
            onStep: (step) => {
              if (!step.done) progress.report({ message: step.name });
            },
            onProgress: (message) => {
              this.channel.appendLine(message);
              progress.report({ message });
            },
            cached: (imageId) => this.store.analysisOf(imageId),
          });
        },
      );
      const { analysis } = result;
      this.store.add({ uri: document.uri.toString(), target, text, analysis, engineSize: result.engineSize });
      this.shown = document.uri;
      this.diagnostics.delete(document.uri);
      this.publish(document);
      this.lensesChanged.fire();
      this.treeChanged.fire();
      const summary = `${name}: image ${formatBytes(result.engineSize)}, ${analysis.findings.length === 0 ? 'nothing Go-specific left in its layers' : `${analysis.findings.length} finding${analysis.findings.length === 1 ? '' : 's'} in its layers`}${result.reused ? ' (same image as before)' : ''}.`;
      this.channel.appendLine(summary);
      void vscode.window.showInformationMessage(`Godock: ${summary}`, 'Show Image Layers').then((pick) => {
        if (pick) void vscode.commands.executeCommand(`${VIEW}.focus`);
      });
    } catch (error) {
      this.failed(document, error);
    } finally {
      this.running = false;
    }
  }

  private failed(document: vscode.TextDocument, error: unknown): void {
    const message = error instanceof AnalyzeError || error instanceof DockerError ? error.message : `Unexpected error: ${String(error)}`;
    this.channel.appendLine(message);
    if (error instanceof AnalyzeError && error.cancelled) {
      void vscode.window.showInformationMessage(`Godock: ${message}`);
      return;
    }
    if (error instanceof AnalyzeError && error.line !== undefined) {
      const range = document.lineAt(Math.min(error.line, document.lineCount - 1)).range;
      const diagnostic = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Error);
      diagnostic.source = IMAGE_SOURCE;
      diagnostic.code = 'build';
      this.diagnostics.set(document.uri, [diagnostic]);
    }
    const actions = error instanceof DockerError && error.actions.includes('Open Settings') ? ['Show Output', 'Open Settings'] : ['Show Output'];
    void vscode.window.showErrorMessage(`Godock: ${message}`, ...actions).then((pick) => {
      if (pick === 'Show Output') this.channel.show(true);
      if (pick === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'godock.docker.host');
    });
  }

  private async dockerfile(uriArg: unknown): Promise<vscode.TextDocument | undefined> {
    const uri = uriArg instanceof vscode.Uri ? uriArg : typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : undefined;
    const document = uri ? await vscode.workspace.openTextDocument(uri) : vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'dockerfile') {
      void vscode.window.showInformationMessage('Godock: open a Dockerfile to build and analyze its image.');
      return undefined;
    }
    return document;
  }

  private publish(document: vscode.TextDocument): void {
    const text = document.getText();
    const diagnostics = this.store.forUri(document.uri.toString()).flatMap(({ latest }) =>
      imageDiagnostics(latest, text).map((d) => {
        const diagnostic = new vscode.Diagnostic(document.lineAt(d.line).range, d.message, vscode.DiagnosticSeverity.Warning);
        diagnostic.source = IMAGE_SOURCE;
        diagnostic.code = { value: d.id, target: vscode.Uri.parse(docsUrl(d.id)) };
        if (d.related) {
          diagnostic.relatedInformation = [new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.parse(docsUrl(d.related)), new vscode.Position(0, 0)), `${d.related} explains the cause`)];
        }
        return diagnostic;
      }),
    );
    this.diagnostics.set(document.uri, diagnostics);
  }

  private lenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const lenses: vscode.CodeLens[] = [];
    const text = document.getText();
    if (vscode.workspace.isTrusted) {
      const model = parseDockerfile(TextDocument.create(document.uri.toString(), 'dockerfile', document.version, text));
      const stages = model.stages.map((s, i) => ({ line: s.from.getRange().start.line, name: s.name, index: s.index, last: i === model.stages.length - 1 }));
      for (const lens of analyzeLenses(stages)) {
        lenses.push(new vscode.CodeLens(document.lineAt(lens.line).range, { title: lens.title, command: 'godock.analyzeImage', arguments: [document.uri, lens.target] }));
      }
    }
    for (const { latest, previous } of this.store.forUri(document.uri.toString())) {
      for (const lens of resultLenses(latest, previous, text)) {
        if (lens.line >= document.lineCount) continue;
        lenses.push(new vscode.CodeLens(document.lineAt(lens.line).range, { title: lens.title, tooltip: lens.tooltip, command: 'godock.showImageLayers', arguments: [document.uri] }));
      }
    }
    return lenses;
  }

  showLayers(uriArg?: unknown): void {
    if (uriArg instanceof vscode.Uri) this.shown = uriArg;
    this.treeChanged.fire();
    void vscode.commands.executeCommand(`${VIEW}.focus`);
  }

  private treeProvider(): vscode.TreeDataProvider<TreeItem> {
    return {
      onDidChangeTreeData: this.treeChanged.event,
      getChildren: async (item) => {
        if (item) return item.children;
        const uri = this.shown;
        if (!uri) return [];
        const results = this.store.forUri(uri.toString());
        if (results.length === 0) return [];
        const current = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.getText() ?? results[0].latest.text;
        return results.flatMap(({ latest }) => layerTree(latest, current));
      },
      getTreeItem: (item) => {
        const node = new vscode.TreeItem(item.label, item.children.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
        node.description = item.description;
        node.tooltip = item.tooltip;
        if (this.shown && item.line !== undefined) {
          const position = new vscode.Position(item.line, 0);
          node.command = { title: 'Open', command: 'vscode.open', arguments: [this.shown, { selection: new vscode.Range(position, position) }] };
        }
        return node;
      },
    };
  }

  /** The measured findings offer the fix of the static rule that explains them, or the multi-stage conversion. */
  private async fixes(document: vscode.TextDocument, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    if (this.askingForFixes) return [];
    const actions: vscode.CodeAction[] = [];
    const text = document.getText();
    const findings = this.store.forUri(document.uri.toString()).flatMap(({ latest }) => imageDiagnostics(latest, text));
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== IMAGE_SOURCE) continue;
      const id = typeof diagnostic.code === 'object' ? diagnostic.code.value : diagnostic.code;
      const fix = findings.find((f) => f.id === id && f.line === diagnostic.range.start.line)?.fix;
      if (fix === 'convert-to-multi-stage') {
        const action = new vscode.CodeAction('Convert to multi-stage build (keeps the Go caches and toolchain in the build stage)', vscode.CodeActionKind.QuickFix);
        action.command = { title: action.title, command: 'godock.convertToMultiStage' };
        action.diagnostics = [diagnostic];
        actions.push(action);
      } else if (fix) {
        // The static rule's own diagnostic on this line already offers its fix: do not list it twice.
        if (context.diagnostics.some((d) => (typeof d.code === 'object' ? d.code.value : d.code) === fix)) continue;
        this.askingForFixes = true;
        try {
          const found = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
          for (const action of found) {
            const fromRule = action.diagnostics?.some((d) => (typeof d.code === 'object' ? d.code.value : d.code) === fix);
            if (fromRule && action.edit && !/^(Ignore|Fix all)/.test(action.title)) {
              action.diagnostics = [diagnostic];
              actions.push(action);
            }
          }
        } finally {
          this.askingForFixes = false;
        }
      }
    }
    return actions;
  }
}

let insight: ImageInsight | undefined;

export function registerImageInsight(): vscode.Disposable {
  insight = new ImageInsight();
  return { dispose: () => (insight?.dispose(), (insight = undefined)) };
}

/** The command handlers (client/src/commands.ts registers them). */
export const imageCommands = {
  analyze: (uri?: unknown, target?: unknown) => insight?.analyze(uri, target),
  showLayers: (uri?: unknown) => insight?.showLayers(uri),
};
