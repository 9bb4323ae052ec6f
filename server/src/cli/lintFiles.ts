/**
 * `godock lint` over many files. Linting is CPU-bound and files are independent, so a large run is split
 * into contiguous shards (whole projects stay together, and each shard's workspace reads its go.mod and
 * sources once) linted by worker threads, one per core; the findings come back as plain data, in order.
 */
import * as nodePath from 'node:path';
import * as os from 'node:os';
import { pathToFileURL } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ConfigError, findConfigFile, type Config } from '../engine/config';
import { analyzeDocument, type Analysis, type Report } from '../engine/lint';
import type { Severity } from '../engine/rule';
import { parseModel } from '../model';
import { diskFileSystem } from '../model/diskFileSystem';
import type { Range } from '../model/types';
import { Workspace } from '../model/workspace';
import type { Input } from './inputs';

/** One finding as the formats print it: plain data, so that it can come from a worker thread. */
export interface Finding {
  id: string;
  source: Report['source'];
  severity: Severity;
  range: Range;
  message: string;
  /** The rule's id, for a rule's finding (not for a syntax error). */
  rule?: string;
  fix?: { title: string; preferred: boolean };
}

export interface LintedFile {
  path: string;
  text: string;
  findings: Finding[];
}

export interface Linted {
  files: LintedFile[];
  /** Inputs that turned out not to be lintable (YAML without `services:`). */
  problems: { path: string; message: string }[];
}

/** Fewer files than this per thread, and a thread costs more to start (loading Godock) than it saves. */
const FILES_PER_THREAD = 200;
const WORKER = 'godock-lint-worker';

/** The `.godock.json` of each folder, looked up once per workspace, that is per run (files of one folder share it). */
const configs = new WeakMap<Workspace, Map<string, Config>>();

function configFor(path: string, workspace: Workspace): Config {
  const dir = nodePath.dirname(path);
  let folders = configs.get(workspace);
  if (!folders) configs.set(workspace, (folders = new Map()));
  let config = folders.get(dir);
  if (!config) folders.set(dir, (config = findConfigFile(dir)?.config ?? { rules: {} }));
  return config;
}

export function analyze(input: Input, text: string, workspace: Workspace): Analysis {
  const document = TextDocument.create(pathToFileURL(input.path).toString(), input.kind, 1, text);
  const config = configFor(input.path, workspace);
  return analyzeDocument(input.kind, document, input.path, { workspace, config }, (kind, doc, path) =>
    (path && kind !== 'air' ? workspace.parsedAt(kind, path, doc.getText()) : undefined) ?? workspace.adopt(parseModel(kind, doc, path)));
}

export function findingsOf(analysis: Analysis): Finding[] {
  return analysis.reports.map((r) => {
    const fix = r.fix();
    return {
      id: r.id,
      source: r.source,
      severity: r.severity,
      range: r.range,
      message: r.message,
      rule: r.rule?.id,
      fix: fix && { title: fix.title, preferred: fix.preferred ?? false },
    };
  });
}

/** A YAML file that parses but has no `services:` is somebody else's YAML: it is named, not linted. */
function notCompose(analysis: Analysis): boolean {
  const model = analysis.model;
  return model.kind === 'compose' && model.syntaxErrors.length === 0 && !model.isCompose;
}

/** Lints inputs one after the other in this thread. */
export function lintHere(inputs: Input[], root: string, lint = analyze): Linted {
  const workspace = new Workspace(diskFileSystem, [root]);
  const linted: Linted = { files: [], problems: [] };
  for (const input of inputs) {
    const analysis = lint(input, input.text, workspace);
    if (notCompose(analysis)) linted.problems.push({ path: input.path, message: 'is YAML but not a compose file (it has no top-level "services:" key)' });
    else linted.files.push({ path: input.path, text: analysis.model.document.getText(), findings: findingsOf(analysis) });
  }
  return linted;
}

/**
 * Lints inputs on worker threads when there are enough of them (`GODOCK_THREADS` sets the number; 1 keeps
 * everything in this thread). The worker threads run this same file: the bundled CLI.
 */
export async function lintInThreads(inputs: Input[], root: string): Promise<Linted> {
  const threads = threadCount(inputs.length);
  if (threads <= 1) return lintHere(inputs, root);
  const shards = shard(inputs, threads);
  const results = await Promise.all(shards.map((part) => runWorker(part, root)));
  return { files: results.flatMap((r) => r.files), problems: results.flatMap((r) => r.problems) };
}

function threadCount(files: number): number {
  const asked = Number(process.env.GODOCK_THREADS);
  if (Number.isInteger(asked) && asked > 0) return Math.min(asked, Math.max(1, files));
  // A bundle is needed to start one (a worker cannot load TypeScript sources).
  if (!__filename.endsWith('.js')) return 1;
  return Math.max(1, Math.min(os.availableParallelism(), Math.floor(files / FILES_PER_THREAD)));
}

/** Contiguous parts of about equal size, cut between folders where one is near: a project stays in one part. */
function shard(inputs: Input[], parts: number): Input[][] {
  const size = Math.ceil(inputs.length / parts);
  const shards: Input[][] = [];
  let start = 0;
  while (start < inputs.length) {
    let end = Math.min(inputs.length, start + size);
    const folder = (i: number) => nodePath.dirname(inputs[i].path);
    for (let moved = 0; end < inputs.length && moved < size / 4 && folder(end) === folder(end - 1); moved++) end++;
    shards.push(inputs.slice(start, end));
    start = end;
  }
  return shards;
}

function runWorker(inputs: Input[], root: string): Promise<Linted> {
  return new Promise((resolve, reject) => {
    // A larger young generation: a batch lint allocates a lot of short-lived objects, and scavenges cost less.
    const worker = new Worker(__filename, { workerData: { [WORKER]: { inputs, root } }, resourceLimits: { maxYoungGenerationSizeMb: 48 } });
    // A broken .godock.json is the user's to mend: it comes back as the same error it is in one thread.
    worker.once('message', (linted: Linted | { configError: string }) => ('configError' in linted ? reject(new ConfigError(linted.configError)) : resolve(linted)));
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`a lint thread stopped with exit code ${code}`))));
  });
}

/** In a worker thread started by lintInThreads: lint the shard and send the findings back. */
export function isLintWorker(): boolean {
  return !isMainThread && (workerData as Record<string, unknown> | null)?.[WORKER] !== undefined;
}

export function runLintWorker(): void {
  const { inputs, root } = (workerData as Record<string, { inputs: Input[]; root: string }>)[WORKER];
  try {
    parentPort!.postMessage(lintHere(inputs, root));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    parentPort!.postMessage({ configError: error.message });
  }
}
