/**
 * The build context as the Docker CLI sends it: every file the .dockerignore keeps, plus the Dockerfile and the
 * .dockerignore themselves, which the CLI always sends. (dockerode's own packing drops a Dockerfile that the
 * .dockerignore lists, a common line, and the build then fails with "Dockerfile: no such file".)
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import dockerignore from '@balena/dockerignore';
import * as tar from 'tar-stream';

/** The files of the context, relative and `/`-separated; `dockerfile` is relative to the context too. */
export function contextFiles(dir: string, dockerfile: string): string[] {
  const all = listFiles(dir);
  const ignoreText = readText(nodePath.join(dir, '.dockerignore'));
  if (ignoreText === undefined) return all;
  const keep = dockerignore({ ignorecase: false }).add(ignoreText).createFilter();
  return all.filter((file) => keep(file) || file === dockerfile || file === '.dockerignore');
}

/** A gzipped tar of `files`, streamed one file at a time (a large context never sits in memory). */
export function packContext(dir: string, files: string[]): Readable {
  const pack = tar.pack();
  void (async () => {
    for (const name of files) {
      const path = nodePath.join(dir, name);
      const stat = await fs.promises.lstat(path);
      const header = { name, mode: stat.mode, mtime: stat.mtime };
      if (stat.isSymbolicLink()) {
        pack.entry({ ...header, type: 'symlink', linkname: await fs.promises.readlink(path) });
        continue;
      }
      await new Promise<void>((resolve, reject) => {
        const entry = pack.entry({ ...header, size: stat.size }, (error) => (error ? reject(error) : resolve()));
        fs.createReadStream(path).on('error', reject).pipe(entry);
      });
    }
    pack.finalize();
  })().catch((error: Error) => pack.destroy(error));
  return pack.pipe(createGzip());
}

function listFiles(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(nodePath.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(dir, rel));
    else if (entry.isFile() || entry.isSymbolicLink()) out.push(rel);
  }
  return out;
}

function readText(path: string): string | undefined {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
