/** Lints text in memory: a Dockerfile or compose file plus the files around it (go.mod, …) in a fake folder. */
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { applyEdits, applyFileChanges, combineFixes, type Changes } from '../../server/src/engine/edits';
import { fixAll as engineFixAll, fixAllChanges } from '../../server/src/engine/fixAll';
import { lint, type Analysis } from '../../server/src/engine/lint';
import type { Config } from '../../server/src/engine/config';
import { documentKind, parseModel } from '../../server/src/model';
import { Workspace, type FileSystem } from '../../server/src/model/workspace';

export const ROOT = '/project';

/** A folder held in memory: paths relative to ROOT → text. */
export function memoryFileSystem(files: Record<string, string>): FileSystem {
  const absolute = new Map(Object.entries(files).map(([p, t]) => [nodePath.join(ROOT, p), t]));
  return {
    readFile: (path) => absolute.get(path),
    readDir(path) {
      const entries = new Map<string, boolean>();
      for (const file of absolute.keys()) {
        if (!file.startsWith(path + '/')) continue;
        const [name, ...rest] = file.slice(path.length + 1).split('/');
        entries.set(name, rest.length > 0);
      }
      return [...entries].map(([name, directory]) => ({ name, directory }));
    },
  };
}

export interface LintTextOptions {
  /** The file's path relative to ROOT (decides Dockerfile vs compose). */
  path?: string;
  /** Other files of the project. */
  files?: Record<string, string>;
  config?: Config;
}

export function lintText(text: string, options: LintTextOptions = {}): Analysis {
  const relative = options.path ?? 'Dockerfile';
  const path = nodePath.join(ROOT, relative);
  const kind = documentKind(path);
  if (!kind) throw new Error(`not a Dockerfile or compose path: ${relative}`);
  const fs = memoryFileSystem({ ...options.files, [relative]: text });
  const document = TextDocument.create(pathToFileURL(path).toString(), kind, 1, text);
  return lint(parseModel(kind, document, path), { workspace: new Workspace(fs, [ROOT]), config: options.config ?? { rules: {} } });
}

/** Findings of Godock rules as `line:col ID message` lines (1-based), the format of `*.diagnostics.txt`. */
export function describe(analysis: Analysis, ruleId?: string): string {
  return analysis.reports
    .filter((r) => r.source === 'godock' && (!ruleId || r.id === ruleId))
    .map((r) => `${r.range.start.line + 1}:${r.range.start.character + 1} ${r.id} ${r.message}`)
    .join('\n');
}

/**
 * The engine's fix-all (every preferred fix, pass after pass, as the editor and `--fix` apply it) on text in
 * memory. Changes to other files land in `options.files` (relative paths), so a test can check them too.
 */
export function fixAllText(text: string, options: LintTextOptions): { analysis: Analysis; changes: Changes } {
  const files = (options.files ??= {});
  const first = lintText(text, options);
  const base = memoryFileSystem(files);
  const relative = (path: string) => nodePath.relative(ROOT, path);
  const result = engineFixAll(first, base.readFile, (next, changed) =>
    lintText(next, { ...options, files: { ...files, ...Object.fromEntries([...changed].map(([p, t]) => [relative(p), t])) } }));
  const changes = fixAllChanges(first.model.document, result, base.readFile);
  for (const [path, content] of result.files) files[relative(path)] = content;
  return { analysis: result.analysis, changes };
}

/**
 * Applies the fixes of one rule until nothing changes ("Fix all DF004 problems", applied again while it is
 * offered), or without a rule the engine's fix-all.
 */
export function fixAll(text: string, options: LintTextOptions, ruleId?: string): string {
  if (!ruleId) return fixAllText(text, options).analysis.model.document.getText();
  const files = (options.files ??= {});
  for (let pass = 0; pass < 10; pass++) {
    const analysis = lintText(text, options);
    const fixes = analysis.reports.filter((r) => r.id === ruleId).map((r) => r.fix()).filter((f) => f !== undefined);
    if (fixes.length === 0) return text;
    const changes = combineFixes(analysis.model.document, fixes);
    const relative = (path: string) => nodePath.relative(ROOT, path);
    applyFileChanges(changes.files, (path) => files[relative(path)], (path, content) => (files[relative(path)] = content));
    const next = applyEdits(analysis.model.document, changes.edits);
    if (next === text && changes.files.length === 0) return text;
    text = next;
  }
  throw new Error('fixes did not converge in 10 passes');
}

/**
 * A project folder on disk as the in-memory map `lintText` takes. Of a `vendor/` folder only
 * `modules.txt` is read: it is all the rules look at, and vendored sources can be megabytes.
 */
export function readProject(dir: string, prefix = ''): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const relative = prefix + entry.name;
    const path = nodePath.join(dir, entry.name);
    if (entry.isDirectory() && entry.name === 'vendor') {
      if (fs.existsSync(nodePath.join(path, 'modules.txt'))) files[`${relative}/modules.txt`] = fs.readFileSync(nodePath.join(path, 'modules.txt'), 'utf8');
    } else if (entry.isDirectory()) Object.assign(files, readProject(path, relative + '/'));
    else files[relative] = fs.readFileSync(path, 'utf8');
  }
  return files;
}
