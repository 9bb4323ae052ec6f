/**
 * The server caches what it reads around a Dockerfile (go.mod, .dockerignore, the Go sources) and reads it
 * again when the editor reports a change (workspace/didChangeWatchedFiles): every open Dockerfile of the
 * project gets new diagnostics, without being edited itself.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnostic } from 'vscode-languageserver/node';
import { startServer, type LspSession } from './helpers/lspClient';

const DOCKERFILE = 'FROM golang:1.22.5-bookworm AS build\nWORKDIR /src\nCOPY . .\nRUN CGO_ENABLED=0 go build -o /out/app .\n\nFROM scratch\nCOPY --from=build /out/app /app\nUSER 65532:65532\nENTRYPOINT ["/app"]\n';
const CREATED = 1;
const CHANGED = 2;

let root: string;
let session: LspSession;

beforeAll(async () => {
  root = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'godock-lsp-workspace-'));
  fs.writeFileSync(nodePath.join(root, 'go.mod'), 'module example.com/app\n\ngo 1.22.5\n');
  fs.writeFileSync(nodePath.join(root, 'main.go'), 'package main\n\nfunc main() {}\n');
  fs.mkdirSync(nodePath.join(root, '.git'));
  session = await startServer({ rootPath: root });
});
afterAll(async () => {
  await session.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const uriOf = (name: string) => pathToFileURL(nodePath.join(root, name)).toString();
const codes = (diagnostics: Diagnostic[]) => diagnostics.map((d) => d.code);

/** Writes a file as the user would, tells the server as the editor's file watcher does, and waits for both Dockerfiles. */
async function change(name: string, text: string, type: number, until: (d: Diagnostic[]) => boolean): Promise<Diagnostic[][]> {
  fs.writeFileSync(nodePath.join(root, name), text);
  const published = ['api.Dockerfile', 'worker.Dockerfile'].map((file) => session.diagnostics(uriOf(file), until));
  void session.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(name), type }] });
  return Promise.all(published);
}

describe('workspace facts read by open Dockerfiles', () => {
  it('are read once and read again when go.mod, .dockerignore or a Go source changes', async () => {
    const opened = ['api.Dockerfile', 'worker.Dockerfile'].map((file) => session.diagnostics(uriOf(file)));
    for (const file of ['api.Dockerfile', 'worker.Dockerfile']) {
      void session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uriOf(file), languageId: 'dockerfile', version: 1, text: DOCKERFILE } });
    }
    for (const diagnostics of await Promise.all(opened)) {
      expect(codes(diagnostics)).toContain('DF022');
      expect(codes(diagnostics)).not.toContain('DF002');
      expect(codes(diagnostics)).not.toContain('DF008');
    }

    // go.mod asks for a newer Go than the image has.
    for (const diagnostics of await change('go.mod', 'module example.com/app\n\ngo 1.23.4\n', CHANGED, (d) => codes(d).includes('DF002'))) {
      expect(diagnostics.find((d) => d.code === 'DF002')?.message).toContain('older than `go 1.23.4` in go.mod');
    }
    // A new .dockerignore keeps .git out of the build context.
    for (const diagnostics of await change('.dockerignore', '.git\n', CREATED, (d) => !codes(d).includes('DF022'))) {
      expect(codes(diagnostics)).toContain('DF002');
    }
    // A new Go source needs cgo, which CGO_ENABLED=0 turns off.
    for (const diagnostics of await change('sqlite.go', 'package main\n\n// #include <stdlib.h>\nimport "C"\n', CREATED, (d) => codes(d).includes('DF008'))) {
      expect(codes(diagnostics)).toContain('DF002');
      expect(codes(diagnostics)).not.toContain('DF022');
    }
    // The rule settings are read once per folder too: a new .godock.json turns DF002 off, and emptied, back on.
    for (const diagnostics of await change('.godock.json', '{"rules": {"DF002": "off"}}', CREATED, (d) => !codes(d).includes('DF002'))) {
      expect(codes(diagnostics)).toContain('DF008');
    }
    for (const diagnostics of await change('.godock.json', '{}', CHANGED, (d) => codes(d).includes('DF002'))) {
      expect(codes(diagnostics)).toContain('DF008');
    }
  });
});
