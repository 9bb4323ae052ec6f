/** The bundled server over stdio, driven as an editor drives it: open, diagnostics, code actions, edits. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CodeAction, Diagnostic, DocumentDiagnosticReport, Hover, TextEdit } from 'vscode-languageserver/node';
import { startServer, type LspSession } from './helpers/lspClient';

const DOCKERFILE = 'FROM golang:1.22.5-bookworm\nWORKDIR /src\nRUN go env -w GOPROXY=https://goproxy.cn,direct\nCOPY . .\nRUN go build -o /app .\n';

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'godock-lsp-'));
  fs.writeFileSync(nodePath.join(root, 'go.mod'), 'module example.com/app\n\ngo 1.22.5\n');
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function open(session: LspSession, name: string, text: string, languageId = 'dockerfile', version = 1) {
  const uri = pathToFileURL(nodePath.join(root, name)).toString();
  void session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  return uri;
}

function applyAction(text: string, uri: string, action: CodeAction): string {
  return TextDocument.applyEdits(TextDocument.create(uri, 'dockerfile', 1, text), action.edit!.changes![uri]);
}

describe('language server over stdio (push diagnostics)', () => {
  let session: LspSession;
  beforeAll(async () => {
    session = await startServer({ rootPath: root });
  });
  afterAll(() => session.close());

  it('publishes DF004 with a docs link and fixes it to ENV with a quick-fix', async () => {
    const uri = pathToFileURL(nodePath.join(root, 'Dockerfile')).toString();
    const published = session.diagnostics(uri);
    open(session, 'Dockerfile', DOCKERFILE);
    const diagnostics = await published;
    const df004 = diagnostics.find((d) => d.code === 'DF004')!;
    expect(df004).toMatchObject({ source: 'godock', severity: 2, range: { start: { line: 2, character: 4 } } });
    expect(df004.codeDescription?.href).toMatch(/docs\/rules\/DF004\.md$/);

    const actions: CodeAction[] = await session.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: df004.range,
      context: { diagnostics: [df004] },
    });
    expect(actions.map((a) => a.title)).toEqual([
      'Replace with ENV GOPROXY=https://goproxy.cn,direct',
      'Ignore DF004 for this line',
      'Ignore DF004 for this file',
      'Convert to multi-stage build',
    ]);
    const [fix, ignoreLine] = actions;
    expect(fix.isPreferred).toBe(true);
    const fixed = applyAction(DOCKERFILE, uri, fix);
    expect(fixed.split('\n')[2]).toBe('ENV GOPROXY=https://goproxy.cn,direct');
    expect(applyAction(DOCKERFILE, uri, ignoreLine).split('\n')[2]).toBe('# godock-ignore DF004');

    const after = session.diagnostics(uri);
    void session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    expect((await after).filter((d) => d.code === 'DF004')).toEqual([]);
  });

  it('reports DC001 in a compose file and fixes it without touching other lines', async () => {
    const text = 'services:\n  api:\n    build: .\n    volumes:\n      - .:/src   # source\n      - ~/go:/go\n';
    const uri = pathToFileURL(nodePath.join(root, 'compose.yaml')).toString();
    const published = session.diagnostics(uri);
    open(session, 'compose.yaml', text, 'yaml');
    const [dc001] = (await published).filter((d) => d.code === 'DC001');
    expect(dc001.range.start).toEqual({ line: 5, character: 8 });
    const [fix]: CodeAction[] = await session.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: dc001.range, context: { diagnostics: [dc001] } });
    expect(applyAction(text, uri, fix)).toBe(
      'services:\n  api:\n    build: .\n    volumes:\n      - .:/src   # source\n      - gomod:/go/pkg/mod\n      - gobuild:/root/.cache/go-build\n\nvolumes:\n  gomod:\n  gobuild:\n',
    );
  });

  it('updates the diagnostics of an open Dockerfile when go.mod changes', async () => {
    const uri = open(session, 'api.Dockerfile', 'FROM golang:alpine\nRUN go build .\n');
    const askFix = async () => {
      const [diagnostic] = (await session.diagnostics(uri, (d) => d.some((x) => x.code === 'DF001'))).filter((d) => d.code === 'DF001');
      const actions: CodeAction[] = await session.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } });
      return actions[0].title;
    };
    expect(await askFix()).toBe('Pin to golang:1.22.5-alpine (go.mod)');
    fs.writeFileSync(nodePath.join(root, 'go.mod'), 'module example.com/app\n\ngo 1.23.4\n');
    const next = askFix();
    void session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(nodePath.join(root, 'go.mod')).toString(), type: 2 }] });
    expect(await next).toBe('Pin to golang:1.23.4-alpine (go.mod)');
    fs.writeFileSync(nodePath.join(root, 'go.mod'), 'module example.com/app\n\ngo 1.22.5\n');
    void session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(nodePath.join(root, 'go.mod')).toString(), type: 2 }] });
  });

  it('offers "Convert to multi-stage build" as a refactoring and through the godock/convertToMultiStage request', async () => {
    const uri = open(session, 'single.Dockerfile', 'FROM golang:1.22.5-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n');
    const actions: CodeAction[] = await session.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['refactor'] },
    });
    const [convert] = actions;
    expect(convert).toMatchObject({ title: 'Convert to multi-stage build', kind: 'refactor.rewrite' });
    const converted = applyAction('FROM golang:1.22.5-bookworm\nWORKDIR /src\nCOPY . .\nRUN go build -o /app .\nCMD ["/app"]\n', uri, convert);
    expect(converted).toContain('FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]\n');
    const result = await session.connection.sendRequest('godock/convertToMultiStage', { uri, runtime: 'scratch' });
    expect(JSON.stringify(result)).toContain('FROM scratch');
  });

  it("answers godock/lintFile with a file's findings: an open file's unsaved text, else the file on disk", async () => {
    const path = nodePath.join(root, 'checked.Dockerfile');
    fs.writeFileSync(path, DOCKERFILE);
    const ids = async () => (await session.connection.sendRequest<{ id: string; line: number; fixTitle?: string }[]>('godock/lintFile', { path })).map((f) => f.id);
    expect(await ids()).toContain('DF004');
    const published = session.diagnostics(pathToFileURL(path).toString());
    open(session, 'checked.Dockerfile', DOCKERFILE.replace('RUN go env -w GOPROXY=https://goproxy.cn,direct', 'ENV GOPROXY=https://goproxy.cn,direct'));
    await published;
    expect(await ids()).not.toContain('DF004');
    expect(await session.connection.sendRequest('godock/lintFile', { path: nodePath.join(root, 'missing.Dockerfile') })).toEqual([]);
    // Outside the workspace folders the server reads nothing.
    const outside = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'godock-outside-'));
    fs.writeFileSync(nodePath.join(outside, 'Dockerfile'), DOCKERFILE);
    expect(await session.connection.sendRequest('godock/lintFile', { path: nodePath.join(outside, 'Dockerfile') })).toEqual([]);
    fs.rmSync(outside, { recursive: true, force: true });
  });

  it('fixes everything in one fix-all action, including the fixes that wait for another fix', async () => {
    // DF004's fix rewrites the RUN that DF006 wants a cache mount on: one action does both, in two passes.
    const text = '# the API\nFROM golang:1.22.5-bookworm\nWORKDIR /src\nCOPY . .\nRUN go env -w GOFLAGS=-mod=mod && go build -o /app .\n';
    const uri = open(session, 'fixall.Dockerfile', text);
    await session.diagnostics(uri);
    const fixAll = (): Promise<CodeAction[]> => session.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    const [action, ...others] = await fixAll();
    expect(others).toEqual([]);
    expect(action.kind).toBe('source.fixAll.godock');
    const edits = action.edit!.documentChanges!.flatMap((c) => ('textDocument' in c && c.textDocument.uri === uri ? c.edits : [])) as TextEdit[];
    // Only the lines that change are replaced: the comment, FROM, WORKDIR and COPY lines are in no edit.
    expect(Math.min(...edits.map((e) => e.range.start.line))).toBe(4);
    const fixed = TextDocument.applyEdits(TextDocument.create(uri, 'dockerfile', 1, text), edits);
    expect(fixed).toBe('# the API\nFROM golang:1.22.5-bookworm\nWORKDIR /src\nCOPY . .\nENV GOFLAGS=-mod=mod\nRUN --mount=type=cache,target=/root/.cache/go-build go build -o /app .\n');
    // The other files the action creates (a .dockerignore), as the editor would write them.
    const created = action.edit!.documentChanges!.flatMap((c) => ('kind' in c && c.kind === 'create' ? [c.uri] : []));
    for (const file of created) {
      const [content] = action.edit!.documentChanges!.flatMap((c) => ('textDocument' in c && c.textDocument.uri === file ? c.edits : [])) as TextEdit[];
      fs.writeFileSync(new URL(file), content.newText);
    }
    void session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: created.map((file) => ({ uri: file, type: 1 })) });
    const after = session.diagnostics(uri);
    void session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    await after;
    expect(await fixAll()).toEqual([]);
    for (const file of created) fs.rmSync(new URL(file));
    void session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: created.map((file) => ({ uri: file, type: 3 })) });
  });

  it('publishes once per document version, saying which version', async () => {
    const uri = pathToFileURL(nodePath.join(root, 'versions.Dockerfile')).toString();
    const versions: (number | undefined)[] = [];
    const third = session.diagnostics(uri, (_d, version) => versions.push(version) > 0 && version === 3);
    open(session, 'versions.Dockerfile', DOCKERFILE);
    for (const version of [2, 3]) {
      void session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text: `# v${version}\n${DOCKERFILE}` }] });
    }
    await third;
    expect(versions).toEqual([1, 2, 3]);
  });

  it('serves what dockerfile-language-service provides (hover, symbols, formatting)', async () => {
    const uri = open(session, 'Dockerfile.svc', DOCKERFILE);
    const hover: Hover = await session.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 2 } });
    expect(JSON.stringify(hover.contents)).toMatch(/working directory/i);
    const symbols: unknown[] = await session.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
    expect(symbols.length).toBe(5);
  });
});

describe('language server over stdio (pull diagnostics)', () => {
  it('answers textDocument/diagnostic and does not push', async () => {
    const session = await startServer({ rootPath: root, capabilities: { textDocument: { diagnostic: { dynamicRegistration: false } }, workspace: { configuration: true } } });
    let pushed = 0;
    session.connection.onNotification('textDocument/publishDiagnostics', () => {
      pushed++;
    });
    const uri = open(session, 'Dockerfile', DOCKERFILE);
    const report: DocumentDiagnosticReport = await session.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    expect(report.kind).toBe('full');
    expect((report as { items: Diagnostic[] }).items.map((d) => d.code)).toContain('DF004');
    expect(pushed).toBe(0);
    await session.close();
  });

  it('takes severities from the godock.rules setting', async () => {
    const session = await startServer({ rootPath: root, settings: { rules: { DF004: 'error' } } });
    const uri = pathToFileURL(nodePath.join(root, 'Dockerfile')).toString();
    const published = session.diagnostics(uri, (d) => d.some((x) => x.code === 'DF004' && x.severity === 1));
    open(session, 'Dockerfile', DOCKERFILE);
    expect((await published).find((d) => d.code === 'DF004')?.severity).toBe(1);
    await session.close();
  });
});
