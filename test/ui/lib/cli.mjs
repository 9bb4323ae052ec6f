// The godock CLI as the source of truth for what the editor must show: `lint --format json` for the findings
// of a file, `rules --format json` for the catalog. It is what `node bin/godock.js` runs (server/out/cli.js),
// taken from the installed VSIX once the run has one: the same build as the extension under test, which
// other engineers rebuilding server/out/ in this working tree cannot change half-way through a run.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
let EXTENSION = REPO;
let CLI = path.join(REPO, 'server', 'out', 'cli.js');

/** Use the CLI (and package.json) of an installed extension folder. */
export function useExtension(extensionPath) {
  EXTENSION = extensionPath;
  CLI = path.join(extensionPath, 'server', 'out', 'cli.js');
}

/** The package.json of the extension under test. */
export function manifest() {
  return JSON.parse(fs.readFileSync(path.join(EXTENSION, 'package.json'), 'utf8'));
}

function run(args) {
  // As bin/godock.js does: require the bundle and call main(), with argv as if run as `godock <args>`.
  const script = `process.argv.splice(1, 0, 'godock'); require(${JSON.stringify(CLI)}).main();`;
  return spawnSync(process.execPath, ['-e', script, ...args], { cwd: REPO, encoding: 'utf8', timeout: 60_000 });
}

function godock(args) {
  const result = run(args);
  // Exit 1 means "some finding is an error", which is a normal answer here; 2 is bad usage or input.
  if (result.status !== 0 && result.status !== 1) {
    throw new Error(`godock ${args.join(' ')} exited with ${result.status ?? result.signal}:\n${result.stderr}`);
  }
  try {
    return JSON.parse(result.stdout);
  } catch (error) {
    throw new Error(`godock ${args.join(' ')} printed no JSON (${error.message}):\n${result.stdout.slice(0, 2000)}`);
  }
}

/**
 * The findings for one file: [{ id, severity, message, line, column, endLine, endColumn, fix?: {title, preferred},
 * docs }], lines and columns 1-based as the CLI prints them.
 */
export function lint(file) {
  const report = godock(['lint', '--format', 'json', path.resolve(file)]);
  const entry = report.files.find((f) => path.resolve(REPO, f.path) === path.resolve(file)) ?? report.files[0];
  return (entry?.findings ?? []).map((f) => ({
    id: f.id,
    severity: f.severity,
    message: f.message,
    line: f.range.start.line,
    column: f.range.start.column,
    endLine: f.range.end.line,
    endColumn: f.range.end.column,
    fix: f.fixable ? f.fix : undefined,
    docs: f.docs,
  }));
}

/** The rule catalog: [{ id, name, title, severity, appliesTo, fix }]. */
export function rules() {
  return godock(['rules', '--format', 'json']);
}

/**
 * What `godock convert <file> --write [args]` makes of a file: its text, converted in a copy of `folder` (the
 * conversion reads go.mod and the sources around it). { error } when the CLI refuses or has no `convert`.
 */
export function convert(folder, file, args = []) {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'godock-convert-'));
  try {
    fs.cpSync(folder, copy, { recursive: true });
    const result = run(['convert', path.join(copy, file), '--write', ...args]);
    if (result.status !== 0) return { error: `godock convert exited with ${result.status ?? result.signal}: ${(result.stderr || result.stdout).trim().split('\n')[0]}` };
    return { text: fs.readFileSync(path.join(copy, file), 'utf8') };
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

/**
 * What `godock init [args]` writes into a copy of `folder` (same folder name: it names the mount target):
 * { files: { path: text } } of the files it created or changed, or { error } when the CLI refuses.
 */
export function init(folder, args = []) {
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'godock-init-')), path.basename(folder));
  try {
    fs.cpSync(folder, copy, { recursive: true });
    const before = snapshot(copy);
    const result = run(['init', copy, ...args]);
    if (result.status !== 0) return { error: `godock init exited with ${result.status ?? result.signal}: ${(result.stderr || result.stdout).trim().split('\n')[0]}` };
    const files = Object.fromEntries(Object.entries(snapshot(copy)).filter(([file, text]) => before[file] !== text));
    return { files };
  } finally {
    fs.rmSync(path.dirname(copy), { recursive: true, force: true });
  }
}

function snapshot(dir) {
  const files = fs.readdirSync(dir, { recursive: true }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
  return Object.fromEntries(files.map((f) => [f.split(path.sep).join('/'), fs.readFileSync(path.join(dir, f), 'utf8')]));
}
