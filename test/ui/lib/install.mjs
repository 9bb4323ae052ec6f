// Installs what the UI tests need into a cache folder, once: Node 24 (code-server needs it), code-server,
// playwright-core, and Debian's chromium (apt, only when /usr/bin/chromium is missing).
// Every version is pinned here. Each npm install goes to a temporary folder that is renamed when it is
// complete, so a run that was stopped half-way never leaves a broken install behind.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const VERSIONS = {
  // code-server 4.139.1 is VS Code 1.139.1; its postinstall requires Node 24 exactly.
  codeServer: '4.139.1',
  // What the registry's `node@24` package installs for this platform: node-<platform>-<arch>@<version>.
  // We take the platform package itself, because it also ships the C headers (include/node) that
  // code-server's native modules build against; node@24 copies only bin/node.
  node: '24.21.0',
  playwrightCore: '1.65.1',
};

export const CHROMIUM = '/usr/bin/chromium';

/** Something we could not install: the UI tests are skipped (or fail under CI) with this reason. */
export class Unavailable extends Error {}

export function cacheRoot() {
  return path.join(process.env.GODOCK_CACHE || path.join(os.homedir(), '.cache', 'godock'), 'ui');
}

function run(cmd, args, { env, log, cwd } = {}) {
  return new Promise((resolve, reject) => {
    const out = log ? fs.openSync(log, 'a') : 'ignore';
    const child = spawn(cmd, args, { env: env ?? process.env, cwd, stdio: ['ignore', out, out] });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (log) fs.closeSync(out);
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code ?? signal}${log ? ` (log: ${log})` : ''}`));
    });
  });
}

function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * `npm install <spec>` into `<cache>/<name>`, through `<cache>/<name>.partial-<pid>`; skipped when the
 * folder exists. `check(dir)` tells whether an install is usable.
 */
async function npmInstall(root, name, specs, { env, log, check, say }) {
  const dir = path.join(root, name);
  if (fs.existsSync(dir) && check(dir)) return dir;
  const partial = `${dir}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(partial, { recursive: true });
  // A package.json of its own, so npm does not walk up into a project above the cache.
  fs.writeFileSync(path.join(partial, 'package.json'), '{ "private": true }\n');
  const started = Date.now();
  say(`installing ${specs.join(' ')} into ${dir}`);
  try {
    await run('npm', ['install', '--prefix', partial, '--no-audit', '--no-fund', '--no-save', '--foreground-scripts', ...specs], { env, log, cwd: partial });
  } catch (error) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw new Unavailable(`npm install ${specs.join(' ')} failed: ${error.message}\n${tail(log)}`);
  }
  if (!check(partial)) {
    fs.rmSync(partial, { recursive: true, force: true });
    throw new Unavailable(`npm install ${specs.join(' ')} left no usable install (log: ${log})`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(partial, dir);
  say(`installed ${specs.join(' ')} in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return dir;
}

/** Debian packages: chromium, plus what code-server's `kerberos` module needs to compile (no prebuild offline). */
async function aptPackages({ log, say, needCompiler }) {
  const missing = [];
  if (!fs.existsSync(CHROMIUM)) missing.push('chromium');
  if (needCompiler) {
    if (!fs.existsSync('/usr/include/gssapi/gssapi.h')) missing.push('libkrb5-dev');
    for (const [bin, pkg] of [['g++', 'g++'], ['make', 'make'], ['python3', 'python3']]) {
      if (spawnSync('sh', ['-c', `command -v ${bin}`]).status !== 0) missing.push(pkg);
    }
  }
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) throw new Unavailable(`${missing.join(', ')} missing and apt-get needs root`);
  if (spawnSync('sh', ['-c', 'command -v apt-get']).status !== 0) throw new Unavailable(`${missing.join(', ')} missing and there is no apt-get`);
  const started = Date.now();
  say(`apt-get install ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    await run('apt-get', ['update', '-qq'], { env, log });
    await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env, log });
  } catch (error) {
    throw new Unavailable(`apt-get install ${missing.join(' ')} failed: ${error.message}\n${tail(log)}`);
  }
  if (!fs.existsSync(CHROMIUM)) throw new Unavailable(`apt-get installed chromium but ${CHROMIUM} is missing`);
  say(`apt-get done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * Makes sure everything is installed; returns the paths and the environment to run code-server with.
 * Throws Unavailable when something cannot be installed here.
 */
export async function install({ say = console.log } = {}) {
  const root = cacheRoot();
  fs.mkdirSync(root, { recursive: true });
  const log = path.join(root, 'install.log');
  const nodePkg = `node-${process.platform}-${process.arch}`;
  const csDir = path.join(root, `code-server-${VERSIONS.codeServer}`);
  const csBin = (dir) => path.join(dir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const needCompiler = !fs.existsSync(csBin(csDir));

  await aptPackages({ log, say, needCompiler });

  const nodeDir = await npmInstall(root, `node-${VERSIONS.node}`, [`${nodePkg}@${VERSIONS.node}`], {
    log, say, check: (dir) => fs.existsSync(path.join(dir, 'node_modules', nodePkg, 'bin', 'node')),
  });
  const nodeHome = path.join(nodeDir, 'node_modules', nodePkg);
  const node = path.join(nodeHome, 'bin', 'node');
  const version = spawnSync(node, ['-v'], { encoding: 'utf8' }).stdout?.trim();
  if (version !== `v${VERSIONS.node}`) throw new Unavailable(`${node} does not run (got ${JSON.stringify(version)})`);

  // code-server and the tools it runs write to $XDG_* and the Node compile cache: keep them in the cache folder.
  const env = {
    ...process.env,
    PATH: `${path.join(nodeHome, 'bin')}${path.delimiter}${process.env.PATH}`,
    npm_config_nodedir: nodeHome, // node-gyp builds against Node 24's headers, not the machine's /usr (Node 20)
    XDG_CONFIG_HOME: path.join(root, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(root, 'xdg', 'data'),
    XDG_CACHE_HOME: path.join(root, 'xdg', 'cache'),
    NODE_COMPILE_CACHE: path.join(root, 'node-compile-cache'),
  };
  // npm (run by Node 24 through PATH) says Node 24 in $npm_config_user_agent, which code-server's postinstall checks.
  // Its postinstall compiles native modules with node-gyp: JOBS=max runs make on every core.
  await npmInstall(root, `code-server-${VERSIONS.codeServer}`, [`code-server@${VERSIONS.codeServer}`], {
    env: { ...env, JOBS: 'max' }, log, say, check: (dir) => fs.existsSync(csBin(dir)) && fs.existsSync(path.join(dir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules')),
  });

  const toolsDir = await npmInstall(root, `tools-playwright-core-${VERSIONS.playwrightCore}`, [`playwright-core@${VERSIONS.playwrightCore}`], {
    log, say, check: (dir) => fs.existsSync(path.join(dir, 'node_modules', 'playwright-core', 'package.json')),
  });

  return {
    root,
    node,
    env,
    codeServer: csBin(csDir),
    playwrightCore: path.join(toolsDir, 'node_modules', 'playwright-core'),
    chromium: CHROMIUM,
  };
}
