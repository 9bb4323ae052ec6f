/** Finds the files `godock lint` checks and turns unusable input into a clear message instead of a crash. */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { documentKind, type DocumentKind } from '../model';

/** Folders a walk never enters: history, dependencies and vendored code are not the user's Dockerfiles. */
const SKIPPED = new Set(['.git', 'node_modules', 'vendor']);

export interface Input {
  path: string;
  kind: DocumentKind;
  text: string;
}

export class InputError extends Error {}

/** Expands paths (files and folders) into lintable files; problems are collected, not thrown. */
export function collectInputs(paths: string[], cwd: string): { inputs: Input[]; problems: string[] } {
  const inputs: Input[] = [];
  const problems: string[] = [];
  for (const given of paths) {
    const path = nodePath.resolve(cwd, given);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(path);
    } catch {
      problems.push(`${given}: no such file or directory`);
      continue;
    }
    const found = stat.isDirectory() ? walk(path) : [path];
    if (stat.isDirectory() && found.length === 0) problems.push(`${given}: no Dockerfile or compose file found in this folder`);
    for (const file of found) {
      try {
        inputs.push(readInput(file, !stat.isDirectory()));
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        problems.push(`${nodePath.relative(cwd, file) || given}: ${error.message}`);
      }
    }
  }
  return { inputs, problems };
}

function walk(dir: string): string[] {
  const files: string[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return files;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = nodePath.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED.has(entry.name)) files.push(...walk(path));
    } else if (entry.isFile() && documentKind(path)) files.push(path);
  }
  return files;
}

/** Reads one file; a file given by name may be any Dockerfile or compose file, whatever it is called. */
export function readInput(path: string, explicit: boolean): Input {
  let buffer: Buffer;
  try {
    buffer = fs.readFileSync(path);
  } catch (error) {
    throw new InputError(`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (buffer.includes(0)) throw new InputError(`is a binary file, not a Dockerfile or compose file`);
  const text = buffer.toString('utf8');
  if (text.trim() === '') throw new InputError(`is empty; there is nothing to lint`);
  const kind = documentKind(path) ?? (explicit ? guessKind(path, text) : undefined);
  if (!kind) throw new InputError(`is neither a Dockerfile nor a compose file (name it Dockerfile, *.Dockerfile or compose.yaml)`);
  return { path, kind, text };
}

function guessKind(path: string, text: string): DocumentKind | undefined {
  if (/\.ya?ml$/i.test(path)) return 'compose';
  const firstInstruction = text.split('\n').map((l) => l.trim()).find((l) => l && !l.startsWith('#'));
  return firstInstruction && /^(FROM|ARG)\s/i.test(firstInstruction) ? 'dockerfile' : undefined;
}
