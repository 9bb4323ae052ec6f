#!/usr/bin/env node
// Godock in a real VS Code: code-server + Debian's Chromium driven by playwright-core.
//
//   npm run test:ui [-- --grep <regex>] [--media] [--keep]
//
//   --grep   run only the scenarios whose name matches
//   --media  also write the README pictures (media/*.png)
//   --keep   keep the temporary run folder (workspaces, code-server's user data and logs)
//
// The first run installs Node 24, code-server and playwright-core into ${GODOCK_CACHE:-~/.cache/godock}/ui
// (and chromium with apt when /usr/bin/chromium is missing). It packages the extension (`npm run package`
// into a temporary folder), installs the VSIX into a fresh code-server, runs every scenario of
// test/ui/scenarios/, and stops the code-server process group at the end, whatever happened.
// Artifacts (screenshots, logs of failures) go to test/ui/artifacts/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REPO, useExtension } from './lib/cli.mjs';
import { startCodeServer } from './lib/codeServer.mjs';
import { install, Unavailable } from './lib/install.mjs';
import { context, makeWorkspace, scenarios, Skip, slug } from './lib/scenario.mjs';
import { Workbench } from './lib/workbench.mjs';

const HERE = path.join(REPO, 'test', 'ui');
const ARTIFACTS = path.join(HERE, 'artifacts');
const CI = process.env.CI === 'true';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCENARIO_TIMEOUT = 180_000;
/** The browser of the running scenario: Ctrl+C closes it (Playwright's own signal handlers are off). */
let currentBrowser;

const { values: opts } = parseArgs({
  options: {
    grep: { type: 'string' },
    media: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
  },
});

const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(1)} s`;
const say = (line) => console.log(line);

/** Cannot run here at all: one line, and a failure only under CI. */
function unavailable(reason) {
  const [first, ...rest] = String(reason).split('\n');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.writeFileSync(path.join(ARTIFACTS, 'unavailable.txt'), `${reason}\n`);
  if (CI) {
    console.error(`ui: FAILED: the UI tests cannot run here (CI=true): ${first}${rest.length ? ` (details: ${path.relative(REPO, ARTIFACTS)}/unavailable.txt)` : ''}`);
    process.exit(1);
  }
  console.log(`ui: skipped: the UI tests cannot run here: ${first}`);
  process.exit(0);
}

function packageVsix(dir) {
  const vsix = path.join(dir, 'godock.vsix');
  const log = path.join(ARTIFACTS, 'package.log');
  // `npm run package` builds and runs vsce; the last --out wins, so the VSIX lands in our folder, not the repo.
  const result = spawnSync('npm', ['run', 'package', '--', '--out', vsix], { cwd: REPO, encoding: 'utf8', timeout: 300_000 });
  fs.writeFileSync(log, `${result.stdout}\n${result.stderr}`);
  if (result.status !== 0 || !fs.existsSync(vsix)) {
    throw new Error(`npm run package failed (${result.status ?? result.signal}), see ${path.relative(REPO, log)}:\n${result.stderr.slice(-2000)}`);
  }
  return vsix;
}

function copyLogs(server, into) {
  try {
    fs.copyFileSync(server.log, path.join(into, 'code-server.log'));
    fs.cpSync(path.join(server.userData, 'logs'), path.join(into, 'vscode-logs'), { recursive: true });
  } catch {}
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Runs one scenario in a fresh browser profile; returns [{ name, status, reason? }]. */
async function runScenario(s, { chromium, tools, server, runDir }) {
  const id = slug(s.name);
  const artifacts = path.join(ARTIFACTS, id);
  fs.mkdirSync(artifacts, { recursive: true });
  const ws = makeWorkspace(s.options.workspace, path.join(runDir, 'ws', id));
  const browser = await chromium.launchPersistentContext(path.join(runDir, 'chrome', id), {
    executablePath: tools.chromium,
    headless: true,
    args: CHROMIUM_FLAGS,
    env: tools.env, // keeps crashpad's $XDG_CONFIG_HOME/chromium in the cache folder
    viewport: { width: 1360, height: 800 },
    // Ours stop code-server and clean up; Playwright's would exit the process first.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  currentBrowser = browser;
  const page = browser.pages()[0] ?? (await browser.newPage());
  // Below the steps' own 30 s, so a stuck Playwright call fails with its call log rather than the step's timer.
  page.setDefaultTimeout(25_000);
  const consoleLines = [];
  page.on('console', (message) => consoleLines.push(`[${message.type()}] ${message.text()}`));
  page.on('pageerror', (error) => consoleLines.push(`[pageerror] ${error.stack ?? error}`));
  const scenarioStarted = Date.now();
  say(`▶ ${s.name}`);
  try {
    if (s.kind === 'exthost') return await runExthost(s, { page, server, ws, artifacts, consoleLines });
    const wb = new Workbench(page, null, `${server.url}/?folder=${encodeURIComponent(ws)}`);
    const t = context({ ws, wb, page, artifacts, media: opts.media, say });
    wb.t = t;
    await withTimeout(s.fn(t), s.options.timeout ?? SCENARIO_TIMEOUT, 'scenario');
    say(`  ✔ passed (${seconds(scenarioStarted)})`);
    return [{ name: s.name, status: 'passed' }];
  } catch (error) {
    if (error instanceof Skip) {
      say(`  - skipped: ${error.message}`);
      return [{ name: s.name, status: 'skipped', reason: error.message }];
    }
    await page.screenshot({ path: path.join(artifacts, 'failure.png'), timeout: 10_000 }).catch(() => undefined);
    fs.writeFileSync(path.join(artifacts, 'error.txt'), `${error.stack ?? error}\n`);
    copyLogs(server, artifacts);
    say(`  ✘ failed (${seconds(scenarioStarted)}): ${error.message}`);
    say(`    artifacts: ${path.relative(REPO, artifacts)}/ (failure.png, error.txt, code-server.log, vscode-logs/, console.log)`);
    return [{ name: s.name, status: 'failed', reason: error.message }];
  } finally {
    fs.writeFileSync(path.join(artifacts, 'console.log'), consoleLines.join('\n'));
    await browser.close().catch(() => undefined);
  }
}

/**
 * Integration tests: the page URL's `payload` makes the workbench load the installed extension as the
 * development extension and run `tests` (extensionTestsPath) in the extension host; the result comes back
 * through window.codeAutomationExit (code-server runs with `--vscode-option enable-smoke-test-driver`).
 */
async function runExthost(s, { page, server, ws, artifacts, consoleLines }) {
  const remote = (p) => `vscode-remote://${new URL(server.url).host}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(server.extensionPath)],
    ['extensionTestsPath', remote(path.join(REPO, s.options.tests))],
  ];
  const results = [];
  const hostLog = [];
  let exit;
  const exited = new Promise((resolve) => (exit = resolve));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = (Array.isArray(args) ? args : [args]).map(String).join(' ');
    hostLog.push(`[${type}] ${line}`);
    const match = /GODOCK-EXTHOST (\{.*\})/.exec(line);
    if (!match) return;
    const result = JSON.parse(match[1]);
    results.push(result);
    say(`    ${result.status === 'passed' ? '✓' : '✗'} ${result.name} (${(result.ms / 1000).toFixed(1)} s)`);
    if (result.error) say(result.error.split('\n').map((l) => `      ${l}`).join('\n'));
  });
  await page.exposeFunction('codeAutomationExit', (code) => exit(code));
  const started = Date.now();
  try {
    await page.goto(`${server.url}/?folder=${encodeURIComponent(ws)}&payload=${encodeURIComponent(JSON.stringify(payload))}`, { waitUntil: 'domcontentloaded' });
    const code = await withTimeout(exited, s.options.timeout ?? SCENARIO_TIMEOUT, 'the extension host tests');
    const failed = results.filter((r) => r.status !== 'passed');
    if (code !== 0 && failed.length === 0) throw new Error(`the extension host test run exited with ${code} before reporting a failing test`);
    if (code === 0 && results.length === 0) throw new Error('the extension host ran no test');
    if (failed.length) {
      copyLogs(server, artifacts);
      await page.screenshot({ path: path.join(artifacts, 'failure.png'), timeout: 10_000 }).catch(() => undefined);
      say(`  ✘ ${failed.length} failed (${seconds(started)}); artifacts: ${path.relative(REPO, artifacts)}/`);
    } else say(`  ✔ ${results.length} passed (${seconds(started)})`);
    return results.map((r) => ({ name: `${s.name} › ${r.name}`, status: r.status, reason: r.error?.split('\n')[0] }));
  } catch (error) {
    await page.screenshot({ path: path.join(artifacts, 'failure.png'), timeout: 10_000 }).catch(() => undefined);
    fs.writeFileSync(path.join(artifacts, 'error.txt'), `${error.stack ?? error}\n`);
    copyLogs(server, artifacts);
    say(`  ✘ failed (${seconds(started)}): ${error.message}`);
    say(`    artifacts: ${path.relative(REPO, artifacts)}/`);
    return [...results.map((r) => ({ name: `${s.name} › ${r.name}`, status: r.status })), { name: s.name, status: 'failed', reason: error.message }];
  } finally {
    fs.writeFileSync(path.join(artifacts, 'exthost.log'), hostLog.join('\n'));
    consoleLines.push(...hostLog.map((l) => `[exthost] ${l}`));
  }
}

async function main() {
  for (const file of fs.readdirSync(path.join(HERE, 'scenarios')).filter((f) => f.endsWith('.mjs')).sort()) {
    await import(path.join(HERE, 'scenarios', file));
  }
  const grep = opts.grep ? new RegExp(opts.grep, 'i') : undefined;
  const selected = scenarios().filter((s) => !grep || grep.test(s.name));
  if (selected.length === 0) throw new Error(`no scenario matches --grep ${opts.grep}`);

  let tools;
  try {
    tools = await install({ say: (line) => say(`ui: ${line}`) });
  } catch (error) {
    if (error instanceof Unavailable) unavailable(error.message);
    throw error;
  }
  say(`ui: tools ready (${seconds(started)}): code-server on Node ${path.basename(path.dirname(path.dirname(tools.node)))}, ${tools.chromium}`);
  let chromium;
  try {
    ({ chromium } = createRequire(import.meta.url)(tools.playwrightCore));
  } catch (error) {
    unavailable(`playwright-core does not load: ${error.message}`);
  }
  try {
    // Chromium that is installed but cannot start here (missing libraries, no /dev/shm…) cannot run them either.
    const probe = await chromium.launch({ executablePath: tools.chromium, headless: true, args: CHROMIUM_FLAGS, env: tools.env, timeout: 60_000, handleSIGINT: false });
    await probe.close();
  } catch (error) {
    unavailable(`${tools.chromium} does not start: ${error.message}`);
  }

  // Only this run's: the folders of the selected scenarios (a --grep run keeps the others').
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  fs.rmSync(path.join(ARTIFACTS, 'unavailable.txt'), { force: true });
  for (const s of selected) fs.rmSync(path.join(ARTIFACTS, slug(s.name)), { recursive: true, force: true });
  // Short: VS Code puts its IPC sockets in <runDir>/t (a socket path has at most 107 characters).
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'godock-ui-'));

  const results = [];
  let server;
  // Ctrl+C: close the browser and stop code-server now; the running scenario then fails fast and the cleanup
  // below runs as after any failure. A second Ctrl+C exits at once.
  let interrupted;
  const onSignal = (signal) => {
    if (interrupted) process.exit(130);
    interrupted = signal;
    say(`ui: ${signal}: stopping the browser and code-server`);
    void currentBrowser?.close().catch(() => undefined);
    void server?.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const packaged = Date.now();
    const vsix = packageVsix(runDir);
    say(`ui: packaged the extension (${seconds(packaged)})`);
    const serverStarted = Date.now();
    server = await startCodeServer({ tools, dir: path.join(runDir, 'cs'), vsix, say: (line) => say(`ui: ${line}`) });
    say(`ui: code-server ${server.url} (pid ${server.pid}) up in ${seconds(serverStarted)}`);
    useExtension(server.extensionPath);
    for (const s of selected) {
      if (interrupted) break;
      results.push(...(await runScenario(s, { chromium, tools, server, runDir })));
    }
  } finally {
    await server?.stop();
    if (server) fs.copyFileSync(server.log, path.join(ARTIFACTS, 'code-server.log'));
    if (opts.keep) say(`ui: kept ${runDir}`);
    else fs.rmSync(runDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  }

  const count = (status) => results.filter((r) => r.status === status).length;
  for (const r of results.filter((r) => r.status === 'skipped')) say(`ui: skipped: ${r.name}: ${r.reason}`);
  for (const r of results.filter((r) => r.status === 'failed')) say(`ui: FAILED: ${r.name}: ${r.reason?.split('\n')[0]}`);
  say(`ui: finished in ${seconds(started)}; artifacts in ${path.relative(REPO, ARTIFACTS)}/`);
  say(`ui: ${count('passed')} passed, ${count('failed')} failed, ${count('skipped')} skipped`);
  process.exitCode = interrupted ? 130 : count('failed') > 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(`ui: error: ${error.stack ?? error}`);
  process.exitCode = 1;
});
