// Starts code-server (VS Code's server + web workbench) for one test run, in its own process group, with its
// own user data, extensions, temp and XDG folders, on 127.0.0.1 and a port the OS picks.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** User settings that keep an offline VS Code quiet and make the screenshots the same from run to run. */
export const SETTINGS = {
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.colorTheme': 'Default Dark Modern',
  'chat.disableAIFeatures': true, // keeps the agent host and the Copilot runtime from starting
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'editor.cursorBlinking': 'solid',
  'editor.minimap.enabled': false,
  'editor.hover.above': false, // hovers below the line: the screenshots keep the squiggles above in view
  'files.autoSave': 'off',
};

function runSync(tools, args, what) {
  const result = spawnSync(tools.node, [tools.codeServer, ...args], { env: tools.env, encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0) throw new Error(`${what} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/**
 * @param tools what install() returned
 * @param dir   an empty folder for this run (kept short: VS Code puts IPC sockets in its tmp/)
 * @param vsix  the extension to install
 */
export async function startCodeServer({ tools, dir, vsix, say = console.log }) {
  const userData = path.join(dir, 'ud');
  const extensions = path.join(dir, 'ext');
  const tmp = path.join(dir, 't');
  const log = path.join(dir, 'code-server.log');
  for (const d of [path.join(userData, 'User'), extensions, tmp]) fs.mkdirSync(d, { recursive: true });
  fs.writeFileSync(path.join(userData, 'User', 'settings.json'), JSON.stringify(SETTINGS, null, 2));
  // code-server and VS Code put sockets and caches in $TMPDIR: keep them in this run's folder.
  const env = { ...tools.env, TMPDIR: tmp };
  const dirs = ['--user-data-dir', userData, '--extensions-dir', extensions];

  runSync({ ...tools, env }, [...dirs, '--install-extension', vsix], 'code-server --install-extension');
  const installed = fs.readdirSync(extensions).find((name) => name.startsWith('godock.godock-'));
  if (!installed) throw new Error(`code-server --install-extension ${vsix} installed no godock.godock-* folder in ${extensions}`);
  say(`installed ${path.basename(vsix)} as ${installed}`);

  const out = fs.openSync(log, 'a');
  // detached: the server leads a new process group, so stop() reaches the extension host, the language
  // server and the file watchers it forks, not only its own pid.
  const child = spawn(
    tools.node,
    [
      tools.codeServer,
      '--bind-addr', '127.0.0.1:0',
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      // Lets a page URL carry extensionDevelopmentPath/extensionTestsPath (`payload=`): the integration tests.
      '--vscode-option', 'enable-smoke-test-driver',
      ...dirs,
    ],
    { env, detached: true, stdio: ['ignore', out, out] },
  );
  fs.closeSync(out);
  let exited = null;
  child.on('exit', (code, signal) => (exited = code ?? signal));

  const server = {
    pid: child.pid,
    log,
    userData,
    extensionPath: path.join(extensions, installed),
    url: '',
    async stop() {
      await killGroup(child.pid, () => exited !== null);
      process.removeListener('exit', lastResort);
    },
    logText() {
      try {
        return fs.readFileSync(log, 'utf8');
      } catch {
        return '';
      }
    },
  };
  // Whatever happens to this process, the server's group goes with it.
  const lastResort = () => {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {}
  };
  process.on('exit', lastResort);

  const deadline = Date.now() + 60_000;
  for (;;) {
    const match = /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//.exec(server.logText());
    if (match) {
      server.url = match[1];
      break;
    }
    if (exited !== null || Date.now() > deadline) {
      await server.stop();
      throw new Error(`code-server did not start (${exited !== null ? `exited with ${exited}` : 'no port after 60 s'}):\n${server.logText().slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // /healthz answers once the server takes requests.
  for (;;) {
    const ok = await fetch(`${server.url}/healthz`).then((r) => r.ok, () => false);
    if (ok) break;
    if (exited !== null || Date.now() > deadline) {
      await server.stop();
      throw new Error(`code-server at ${server.url} never answered /healthz:\n${server.logText().slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return server;
}

function groupAlive(pgid) {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM to the process group, SIGKILL after 5 s if anything in it is still there. */
export async function killGroup(pgid, leaderGone = () => true) {
  if (!groupAlive(pgid)) return;
  try {
    process.kill(-pgid, 'SIGTERM');
  } catch {}
  const deadline = Date.now() + 5_000;
  while ((groupAlive(pgid) || !leaderGone()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
  if (groupAlive(pgid)) {
    try {
      process.kill(-pgid, 'SIGKILL');
    } catch {}
  }
}
