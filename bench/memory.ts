/**
 * Memory: a server with 200 open documents takes 5,000 edits; after a full GC its RSS and heap are read.
 * Then every document is closed, reopened and edited 5,000 times again, and read after another full GC:
 * a leak (a cache that keeps closed documents or old versions) shows as growth between the two rounds.
 */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LspSession } from '../test/helpers/lspClient';
import { open, start, type, within, type OpenDocument, type ServerName } from './session';

const GC_HOOK = nodePath.join(__dirname, '../gcHook.cjs');
export const DOCUMENTS = 200;
export const EDITS = 5000;

export type Memory = {
  /** The server right after start-up, before any document: what the Node runtime and the code take. */
  idleRssMB: number;
  rssMB: number;
  heapMB: number;
  rssGrowthMB: number;
  heapGrowthMB: number;
};

/** Documents from the generated tree: Dockerfiles and compose files (Dockerfiles only for the peer). */
export async function memoryRun(server: ServerName, root: string, files: string[]): Promise<Memory> {
  const session = await start(server, root, { nodeArgs: ['--expose-gc', '--require', GC_HOOK] });
  try {
    const idle = await collect(session);
    const first = await round(session, files);
    const second = await round(session, files);
    return {
      idleRssMB: idle.rss / 2 ** 20,
      rssMB: second.rss / 2 ** 20,
      heapMB: second.heapUsed / 2 ** 20,
      rssGrowthMB: (second.rss - first.rss) / 2 ** 20,
      heapGrowthMB: (second.heapUsed - first.heapUsed) / 2 ** 20,
    };
  } finally {
    await session.close();
  }
}

async function round(session: LspSession, files: string[]): Promise<NodeJS.MemoryUsage> {
  const docs: OpenDocument[] = [];
  for (const file of files.slice(0, DOCUMENTS)) {
    const published = session.diagnostics(pathToFileURL(file).toString());
    docs.push(open(session, file, fs.readFileSync(file, 'utf8'), file.endsWith('.yaml') ? 'dockercompose' : 'dockerfile'));
    await within(session, published, `diagnostics of ${file}`);
  }
  // A comment typed at the top of each document in turn: every edit is linted and published.
  for (let edit = 0; edit < EDITS; edit++) {
    const doc = docs[edit % docs.length];
    const column = Math.floor(edit / docs.length);
    const version = doc.version + 1;
    const published = session.diagnostics(doc.uri, (_d, answered) => answered === undefined || answered === version);
    type(session, doc, 0, column, column === 0 ? '#' : 'x');
    await within(session, published, `diagnostics after edit ${edit}`);
  }
  const usage = await collect(session);
  // Both servers clear a closed document's diagnostics: waiting for that keeps the next round in step.
  const cleared = docs.map((doc) => session.diagnostics(doc.uri));
  for (const doc of docs) void session.connection.sendNotification('textDocument/didClose', { textDocument: { uri: doc.uri } });
  await within(session, Promise.all(cleared), 'diagnostics cleared on close');
  return usage;
}

/** Signals the preloaded hook (gcHook.cjs), which collects garbage and prints the memory usage on stderr. */
async function collect(session: LspSession): Promise<NodeJS.MemoryUsage> {
  const before = session.stderr().length;
  session.process.kill('SIGUSR2');
  for (let waited = 0; waited < 10_000; waited += 20) {
    const line = /GODOCK_BENCH_MEMORY (.*)\n/.exec(session.stderr().slice(before));
    if (line) return JSON.parse(line[1]) as NodeJS.MemoryUsage;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`the server did not report its memory after SIGUSR2:\n${session.stderr().slice(-2000)}`);
}
