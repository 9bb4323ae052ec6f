/**
 * Edit latency: one character typed per didChange, 500 edits, timed until the matching publishDiagnostics
 * (push) or until the answer of textDocument/diagnostic sent right after the edit (pull).
 */
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LspSession } from '../test/helpers/lspClient';
import type { Typing } from './generate';
import { now, percentile } from './stats';
import { open, pull, start, type, typeAll, within, type ServerName } from './session';

export interface Input {
  name: string;
  file: string;
  text: string;
  languageId: string;
  typing: Typing;
}

export type Latency = {
  p50: number;
  p95: number;
  max: number;
  /** p95 of the first edits after start, into the copy: before V8 has compiled the server's hot code. */
  coldP95: number;
};

/**
 * Edits typed into a copy first, so that the timed run measures a user typing with the server's code
 * compiled, as it is after the first minutes of a session. A server is slower for its first hundreds of
 * edits while V8 compiles its hot code (the larger the server and the smaller the file, the longer: Godock
 * on the 40-line file needs ~1,500): the first COLD_EDITS of the copy are reported apart, for both servers.
 * The 4,000-line file's edits are too slow to repeat that often; its timing is the work, not the warm-up.
 */
const WARM_UP_EDITS = 1500;
const WARM_UP_EDITS_LARGE = 25;
/** Characters: the 4,000-line file has 110,000, the 400-line one 10,500. */
const LARGE_FILE = 100_000;
const COLD_EDITS = 100;

export async function editLatency(server: ServerName, dir: string, input: Input, mode: 'push' | 'pull'): Promise<Latency> {
  const session = await start(server, dir, { pull: mode === 'pull' });
  try {
    const warmUp = input.text.length > LARGE_FILE ? WARM_UP_EDITS_LARGE : WARM_UP_EDITS;
    const cold = await typeInto(session, nodePath.join(dir, `warm-${input.file}`), input, mode, repeatTo(input.typing.text, warmUp));
    const samples = await typeInto(session, nodePath.join(dir, input.file), input, mode, input.typing.text);
    return { p50: percentile(samples, 50), p95: percentile(samples, 95), max: Math.max(...samples), coldP95: percentile(cold.slice(0, COLD_EDITS), 95) };
  } finally {
    await session.close();
  }
}

const repeatTo = (text: string, length: number) => text.repeat(Math.ceil(length / text.length)).slice(0, length);

async function typeInto(session: LspSession, path: string, input: Input, mode: 'push' | 'pull', text: string): Promise<number[]> {
  const first = mode === 'push' ? session.diagnostics(pathToFileURL(path).toString()) : undefined;
  const doc = open(session, path, input.text, input.languageId);
  await within(session, first ?? pull(session, doc), `first diagnostics of ${input.file}`);
  const samples: number[] = [];
  await typeAll(text, input.typing.line, async (line, character, ch) => {
    const start = now();
    if (mode === 'push') {
      // The diagnostics of this version: a server that says which version it published for (Godock does) is
      // not credited with an answer to an earlier one; for one that does not, edits go one at a time.
      const version = doc.version + 1;
      const published = session.diagnostics(doc.uri, (_d, answered) => answered === undefined || answered === version);
      type(session, doc, line, character, ch);
      await within(session, published, `diagnostics after edit ${doc.version} of ${input.file}`);
    } else {
      type(session, doc, line, character, ch);
      await within(session, pull(session, doc), `pulled diagnostics after edit ${doc.version} of ${input.file}`);
    }
    samples.push(now() - start);
  });
  void session.connection.sendNotification('textDocument/didClose', { textDocument: { uri: doc.uri } });
  return samples;
}
