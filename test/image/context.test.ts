import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar-stream';
import { afterEach, describe, expect, it } from 'vitest';
import { contextFiles, packContext } from '../../server/src/image/context';

let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function project(files: Record<string, string>): string {
  dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'godock-context-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(nodePath.dirname(nodePath.join(dir, name)), { recursive: true });
    fs.writeFileSync(nodePath.join(dir, name), text);
  }
  return dir;
}

async function unpack(stream: NodeJS.ReadableStream): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  const extract = tar.extract();
  for await (const entry of stream.pipe(createGunzip()).pipe(extract)) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(chunk as Buffer);
    files[entry.header.name] = Buffer.concat(chunks).toString('utf8');
  }
  return files;
}

describe('the build context Godock sends', () => {
  it('leaves out what .dockerignore lists, keeps its exceptions, and always sends the Dockerfile and .dockerignore, as the Docker CLI does', () => {
    const root = project({
      'Dockerfile': 'FROM scratch\n',
      'build/Dockerfile.dev': 'FROM scratch\n',
      '.dockerignore': 'Dockerfile\nbuild\n.dockerignore\n*.md\n!KEEP.md\n',
      'README.md': 'x',
      'KEEP.md': 'x',
      'main.go': 'package main\n',
    });
    expect(contextFiles(root, 'Dockerfile').sort()).toEqual(['.dockerignore', 'Dockerfile', 'KEEP.md', 'main.go']);
    expect(contextFiles(root, 'build/Dockerfile.dev').sort()).toEqual(['.dockerignore', 'KEEP.md', 'build/Dockerfile.dev', 'main.go']);
  });

  it('sends every file when there is no .dockerignore', () => {
    const root = project({ 'Dockerfile': 'FROM scratch\n', 'a/b/c.txt': 'c' });
    expect(contextFiles(root, 'Dockerfile').sort()).toEqual(['Dockerfile', 'a/b/c.txt']);
  });

  it('packs the files with their contents into a gzipped tar', async () => {
    const root = project({ 'Dockerfile': 'FROM scratch\nCOPY a /\n', 'a/b.txt': 'hello\n' });
    fs.symlinkSync('b.txt', nodePath.join(root, 'a/link'));
    const files = await unpack(packContext(root, contextFiles(root, 'Dockerfile')));
    expect(files).toEqual({ 'Dockerfile': 'FROM scratch\nCOPY a /\n', 'a/b.txt': 'hello\n', 'a/link': '' });
  });
});
