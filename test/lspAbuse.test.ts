/**
 * The bundled server over stdio under abuse: malformed JSON-RPC, unknown methods, wrong parameter types,
 * versions that skip, edits out of range, a burst of edits with cancelled requests. It answers with errors
 * and keeps serving: after each, a normal request still gets its normal answer.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, ResponseError } from 'vscode-languageserver/node';
import type { CodeAction, Diagnostic } from 'vscode-languageserver/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type LspSession } from './helpers/lspClient';

const BAD = 'FROM golang:1.22.5 AS build\nRUN go env -w GOPROXY=direct\n';
const GOOD = 'FROM golang:1.22.5 AS build\nENV GOPROXY=direct\n';

let root: string;
let session: LspSession;
let uri: string;
let version = 1;

const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code);

/** The proof the server still serves: it answers a code-action request, and its process is alive. */
async function stillServes(): Promise<void> {
  const range = { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } };
  const actions = (await session.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } })) as CodeAction[];
  expect(Array.isArray(actions)).toBe(true);
  expect(session.process.exitCode).toBeNull();
}

async function setText(text: string): Promise<Diagnostic[]> {
  const published = session.diagnostics(uri, () => true);
  await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: ++version }, contentChanges: [{ text }] });
  return published;
}

beforeAll(async () => {
  root = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'godock-abuse-'));
  fs.writeFileSync(nodePath.join(root, 'go.mod'), 'module example.com/app\n\ngo 1.22\n');
  const path = nodePath.join(root, 'Dockerfile');
  fs.writeFileSync(path, BAD);
  uri = pathToFileURL(path).toString();
  session = await startServer({ rootPath: root });
  const opened = session.diagnostics(uri, (d) => codes(d).includes('DF004'));
  await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'dockerfile', version, text: BAD } });
  await opened;
});

afterAll(async () => {
  await session?.close();
  fs.rmSync(root, { recursive: true, force: true });
});

describe('language server under abuse', () => {
  it('answers an unknown request with MethodNotFound and ignores an unknown notification', async () => {
    const error = await session.connection.sendRequest('godock/noSuchMethod', { a: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect((error as ResponseError<unknown>).code).toBe(-32601);
    await session.connection.sendNotification('godock/noSuchNotification', { a: 1 });
    await stillServes();
  });

  it('answers requests with parameters of the wrong type, and keeps serving', async () => {
    const wrong: [string, unknown][] = [
      ['textDocument/codeAction', { textDocument: 5, range: 'everywhere', context: null }],
      ['textDocument/hover', { textDocument: { uri }, position: { line: 'one', character: [] } }],
      ['textDocument/completion', { textDocument: { uri: 42 }, position: null }],
      ['textDocument/diagnostic', { textDocument: null }],
      ['textDocument/formatting', { textDocument: { uri }, options: 'tabs' }],
      ['godock/convertToMultiStage', { uri: { not: 'a string' }, runtime: 7 }],
      ['workspace/executeCommand', { command: 12, arguments: 'x' }],
    ];
    for (const [method, params] of wrong) {
      // An error or an empty answer are both fine; what matters is an answer.
      await session.connection.sendRequest(method, params).catch((e: unknown) => expect(e).toBeInstanceOf(ResponseError));
    }
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: 7, text: null } });
    await session.connection.sendNotification('textDocument/didChange', { textDocument: null, contentChanges: 'all' });
    await session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: 'not a uri', type: 9 }] });
    await stillServes();
    expect(codes(await setText(BAD))).toContain('DF004');
  });

  it('survives malformed JSON-RPC on its input', async () => {
    const stdin = session.process.stdin!;
    const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    stdin.write(frame('{"jsonrpc": "2.0", "id": 9001, "method": '));
    stdin.write(frame('[1, 2, 3]'));
    stdin.write(frame('"just a string"'));
    stdin.write(frame('{"jsonrpc": "2.0", "id": {"nested": true}, "method": "textDocument/hover", "params": 1}'));
    stdin.write(frame('{"jsonrpc": "1.0", "method": "textDocument/didChange"}'));
    await stillServes();
    expect(codes(await setText(BAD))).toContain('DF004');
  });

  it('takes a didChange that skips versions, and edits out of range, and lints the result', async () => {
    version += 41;
    expect(codes(await setText(GOOD))).not.toContain('DF004');
    const published = session.diagnostics(uri, () => true);
    await session.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: ++version },
      contentChanges: [
        // Far past the end: the document clamps it to its end, as VS Code's own documents do.
        { range: { start: { line: 1000, character: 0 }, end: { line: 2000, character: 5 } }, text: 'RUN go env -w GOFLAGS=-mod=mod\n' },
        { range: { start: { line: -3, character: -1 }, end: { line: 0, character: 0 } }, text: '# top\n' },
      ],
    });
    const diagnostics = await published;
    expect(codes(diagnostics)).toContain('DF004');
    await stillServes();
  });

  it('takes 1,000 rapid edits with cancelled requests and ends on the last text', async () => {
    const pending: Promise<unknown>[] = [];
    for (let i = 0; i < 1000; i++) {
      void session.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: ++version },
        contentChanges: [{ text: i % 2 === 0 ? BAD : GOOD + `# edit ${i}\n` }],
      });
      if (i % 10 === 0) {
        const source = new CancellationTokenSource();
        pending.push(session.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 1, character: 0 }, end: { line: 1, character: 1 } }, context: { diagnostics: [] } }, source.token).catch((e: unknown) => e));
        source.cancel();
      }
    }
    // Every cancelled request is answered (with a result or a cancellation error), none is left hanging.
    expect(await Promise.all(pending)).toHaveLength(100);
    // The last edit wins (GOOD, without DF004): the server handles messages in order, so a pull after the burst sees it.
    const report = (await session.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { items: Diagnostic[] };
    expect(codes(report.items)).toEqual([]);
    expect(codes(await setText(BAD))).toContain('DF004');
    await stillServes();
  });

  it('skips a 5 MB Dockerfile with one info diagnostic, and a file that is not text', async () => {
    const big = pathToFileURL(nodePath.join(root, 'big.Dockerfile')).toString();
    const skipped = session.diagnostics(big, () => true);
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: big, languageId: 'dockerfile', version: 1, text: 'FROM golang\n' + 'RUN true\n'.repeat(600_000) } });
    expect((await skipped).map((d) => [d.code, d.severity])).toEqual([['file-skipped', 3]]);
    const binary = pathToFileURL(nodePath.join(root, 'compose.yaml')).toString();
    const notText = session.diagnostics(binary, () => true);
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: binary, languageId: 'yaml', version: 1, text: 'services:\0\0\x01' } });
    expect((await notText)[0].message).toMatch(/not a UTF-8 text file/);
    await stillServes();
  });

  it('still answers a normal request at the end, with nothing on stderr but its own log', async () => {
    await stillServes();
    expect(session.stderr()).not.toMatch(/\n\s+at .*\.js:\d+/);
  });
});
