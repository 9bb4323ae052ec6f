/**
 * Reads an image export (`GET /images/{name}/get`: docker-archive, or the OCI layout of newer engines) as a
 * stream and measures each layer: bytes, files, its largest paths, and the Go-specific paths it holds. Layers
 * are never buffered: each file of each layer is counted and skipped, so memory stays bounded whatever the
 * image size. Layers may be plain or gzip tar.
 */
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import * as tar from 'tar-stream';

/** What a path in a layer is, for the measured findings (DI…); undefined for anything else. */
export type Classify = (path: string) => { id: string; root: string } | undefined;

export interface PathSize {
  path: string;
  bytes: number;
}

export interface LayerContents {
  /** Bytes of the regular files the layer adds or replaces (what the engine counts as the layer's size). */
  bytes: number;
  files: number;
  /** Paths deleted by the layer (whiteouts). */
  deleted: number;
  /** The largest paths, files grouped under their first PATH_DEPTH folders, largest first. */
  largest: PathSize[];
  /** Per classified kind (DI id): the folder it lives in (largest one) and the bytes. */
  holds: { id: string; root: string; bytes: number; files: number }[];
}

export interface ImageArchive {
  /** The image configuration (history, rootfs.diff_ids, config.Env …). */
  config: ImageConfig;
  /** The layers in order, bottom first (as the manifest lists them). */
  layers: LayerContents[];
}

export interface ImageConfig {
  config?: { Env?: string[]; User?: string; WorkingDir?: string };
  history?: HistoryEntry[];
  rootfs?: { diff_ids?: string[] };
}

export interface HistoryEntry {
  created_by?: string;
  comment?: string;
  empty_layer?: boolean;
}

/** Folders kept per path when grouping a layer's files: /usr/local/go/src, /root/.cache/go-build/ab. */
const PATH_DEPTH = 4;
/** Distinct grouped paths kept per layer before the smallest are folded together (bounds memory). */
const MAX_GROUPS = 20_000;
const LARGEST = 12;
/** JSON members of an archive (manifest, config) are small; a larger one is not what we look for. */
const MAX_JSON = 16 * 1024 * 1024;

export class ArchiveError extends Error {}

/** Measures one layer tar (plain or gzip). */
export async function measureLayer(stream: Readable, classify: Classify): Promise<LayerContents> {
  const [head, whole] = await peek(stream);
  const extract = tar.extract();
  const groups = new Map<string, number>();
  const holds = new Map<string, { id: string; roots: Map<string, number>; bytes: number; files: number }>();
  let bytes = 0;
  let files = 0;
  let deleted = 0;
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, entry, next) => {
      const path = normalize(header.name);
      const base = path.slice(path.lastIndexOf('/') + 1);
      if (base.startsWith('.wh.')) deleted++;
      else if (header.type === 'file' || header.type === 'contiguous-file') {
        const size = header.size ?? 0;
        bytes += size;
        files++;
        const kind = classify(path);
        // A Go cache or toolchain is one path to the user, however many folders it has.
        const group = kind?.root ?? path.split('/').slice(0, PATH_DEPTH + 1).join('/');
        groups.set(group, (groups.get(group) ?? 0) + size);
        if (groups.size > MAX_GROUPS) fold(groups);
        if (kind) {
          const h = holds.get(kind.id) ?? { id: kind.id, roots: new Map<string, number>(), bytes: 0, files: 0 };
          h.bytes += size;
          h.files++;
          h.roots.set(kind.root, (h.roots.get(kind.root) ?? 0) + size);
          holds.set(kind.id, h);
        }
      }
      entry.on('end', next);
      entry.resume();
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
    whole.on('error', reject);
  });
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  if (gzip) {
    const gunzip = createGunzip();
    gunzip.on('error', (e) => extract.destroy(e));
    whole.pipe(gunzip).pipe(extract);
  } else whole.pipe(extract);
  await done;
  const largest = [...groups].map(([path, size]) => ({ path, bytes: size })).sort((a, b) => b.bytes - a.bytes).slice(0, LARGEST);
  return {
    bytes,
    files,
    deleted,
    largest,
    holds: [...holds.values()].map((h) => ({
      id: h.id,
      root: [...h.roots].sort((a, b) => b[1] - a[1])[0][0],
      bytes: h.bytes,
      files: h.files,
    })),
  };
}

/** Keeps the largest groups and folds the rest into their top folder, so a layer of a million folders stays small. */
function fold(groups: Map<string, number>): void {
  const sorted = [...groups].sort((a, b) => b[1] - a[1]);
  groups.clear();
  for (const [path, size] of sorted.slice(0, MAX_GROUPS / 2)) groups.set(path, size);
  for (const [path, size] of sorted.slice(MAX_GROUPS / 2)) {
    const top = path.split('/').slice(0, 2).join('/') || path;
    groups.set(top, (groups.get(top) ?? 0) + size);
  }
}

/** `./usr/bin/` → `/usr/bin`. */
function normalize(name: string): string {
  const trimmed = name.replace(/^\.?\/*/, '').replace(/\/+$/, '');
  return `/${trimmed}`;
}

/** The first chunk of a stream, and the whole stream again (that chunk included). */
async function peek(stream: AsyncIterable<Buffer>): Promise<[Buffer, Readable]> {
  const it = stream[Symbol.asyncIterator]();
  const first = await it.next();
  const head = first.done ? Buffer.alloc(0) : first.value;
  async function* all(): AsyncGenerator<Buffer> {
    if (!first.done) yield head;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  }
  return [head, Readable.from(all(), { objectMode: false })];
}

async function readJson(stream: Readable, size: number): Promise<unknown> {
  if (size > MAX_JSON) {
    stream.resume();
    return undefined;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

export interface ReadOptions {
  classify: Classify;
  /** Called now and then with the bytes of the archive read so far. */
  onBytes?: (bytes: number) => void;
}

/**
 * Reads an image archive stream. Members are told apart by content, not by name: JSON (the manifest, the
 * config), a gzip or plain tar (a layer), anything else is skipped.
 */
export async function readImageArchive(source: Readable, options: ReadOptions): Promise<ImageArchive> {
  const extract = tar.extract();
  const layers = new Map<string, LayerContents>();
  const json = new Map<string, unknown>();
  const links = new Map<string, string>();
  let read = 0;
  let reported = 0;
  source.on('data', (chunk: Buffer) => {
    read += chunk.length;
    if (read - reported >= 64 * 1024 * 1024) {
      reported = read;
      options.onBytes?.(read);
    }
  });
  await new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, entry, next) => {
      const name = normalize(header.name);
      let ended = false;
      entry.on('end', () => (ended = true));
      const member = async () => {
        if (header.type === 'symlink' && header.linkname) {
          links.set(name, normalize(resolveLink(name, header.linkname)));
          entry.resume();
          return;
        }
        if (header.type !== 'file' || !header.size) {
          entry.resume();
          return;
        }
        const [head, whole] = await peek(entry as AsyncIterable<Buffer>);
        const first = head.subarray(0, 1).toString();
        if (first === '{' || first === '[') json.set(name, await readJson(whole, header.size));
        else if ((head[0] === 0x1f && head[1] === 0x8b) || isTar(head)) layers.set(name, await measureLayer(whole, options.classify));
        else whole.resume();
      };
      member().then(
        () => (ended ? next() : entry.on('end', () => next())),
        (e) => {
          entry.destroy();
          reject(e instanceof Error ? e : new Error(String(e)));
        },
      );
    });
    extract.on('finish', resolve);
    extract.on('error', reject);
    source.on('error', reject);
    source.pipe(extract);
  });
  options.onBytes?.(read);

  const resolve = (p: string) => links.get(p) ?? p;
  const manifest = json.get('/manifest.json') as { Config?: string; Layers?: string[] }[] | undefined;
  const entry = Array.isArray(manifest) ? manifest[0] : undefined;
  if (!entry?.Config || !Array.isArray(entry.Layers)) throw new ArchiveError('the image export has no manifest.json naming its config and layers');
  const config = json.get(resolve(normalize(entry.Config))) as ImageConfig | undefined;
  if (!config) throw new ArchiveError(`the image export has no config ${entry.Config}`);
  const ordered = entry.Layers.map((path) => {
    const layer = layers.get(resolve(normalize(path)));
    if (!layer) throw new ArchiveError(`the image export has no layer ${path}`);
    return layer;
  });
  return { config, layers: ordered };
}

function resolveLink(from: string, target: string): string {
  if (target.startsWith('/')) return target;
  const parts = from.split('/').slice(0, -1);
  for (const part of target.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

function isTar(head: Buffer): boolean {
  return head.length >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar';
}
