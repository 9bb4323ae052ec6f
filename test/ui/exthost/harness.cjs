// The extension-host side of the integration tests: a tiny test API and helpers over the vscode API.
// Loaded inside the real VS Code extension host (code-server's Node), so `require('vscode')` works here.
const vscode = require('vscode');
const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const REPO = path.resolve(__dirname, '..', '..', '..');
const tests = [];

/** Registers a test; `fn` fails the test by throwing, and after `timeout` ms. */
function test(name, fn, timeout = 60_000) {
  tests.push({ name, fn, timeout });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true; anything else is what it saw, shown when it times out. */
async function waitFor(what, check, timeout = 30_000) {
  let seen;
  for (const deadline = Date.now() + timeout; ; await sleep(100)) {
    seen = await check();
    if (seen === true) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(seen, null, 2)}`);
  }
}

const workspace = () => vscode.workspace.workspaceFolders[0].uri;
const uriOf = (file) => vscode.Uri.joinPath(workspace(), file);

/** Opens a file of the workspace in an editor. */
async function open(file) {
  const document = await vscode.workspace.openTextDocument(uriOf(file));
  await vscode.window.showTextDocument(document);
  return document;
}

/**
 * `godock lint --format json` for a file: the findings, 1-based lines and columns. The CLI is the one bundled in
 * the extension under test (what bin/godock.js runs), so both come from the same build.
 */
function lint(uri) {
  const cli = path.join(vscode.extensions.getExtension('godock.godock').extensionPath, 'server', 'out', 'cli.js');
  const script = `process.argv.splice(1, 0, 'godock'); require(${JSON.stringify(cli)}).main();`;
  const result = spawnSync(process.execPath, ['-e', script, 'lint', '--format', 'json', uri.fsPath], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  if (result.status !== 0 && result.status !== 1) throw new Error(`godock lint ${uri.fsPath}: exit ${result.status}\n${result.stderr}`);
  const report = JSON.parse(result.stdout);
  return (report.files[0]?.findings ?? []).map((f) => ({
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

const SEVERITY = ['error', 'warning', 'info', 'hint'];

/** Godock's diagnostics of a document, in the CLI's shape. */
function diagnostics(uri) {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((d) => d.source === 'godock')
    .map((d) => ({
      id: String(typeof d.code === 'object' ? d.code.value : d.code),
      severity: SEVERITY[d.severity],
      message: d.message,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      docs: typeof d.code === 'object' && d.code.target ? d.code.target : undefined,
      diagnostic: d,
    }));
}

const key = (f) => `${f.id} ${f.severity} ${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.message}`;

/** Waits until the editor's diagnostics for `uri` equal `expected` (CLI findings); returns them. */
async function expectDiagnostics(uri, expected, timeout = 30_000) {
  const want = expected.map(key).sort();
  await waitFor(`diagnostics of ${path.basename(uri.fsPath)} = ${JSON.stringify(want)}`, () => {
    const got = diagnostics(uri).map(key).sort();
    return JSON.stringify(got) === JSON.stringify(want) || got;
  }, timeout);
  return diagnostics(uri);
}

/** A 0-based vscode.Range of a CLI finding. */
const rangeOf = (f) => new vscode.Range(f.line - 1, f.column - 1, f.endLine - 1, f.endColumn - 1);

module.exports = { vscode, assert, tests, test, waitFor, sleep, open, uriOf, workspace, lint, diagnostics, expectDiagnostics, rangeOf, REPO };
