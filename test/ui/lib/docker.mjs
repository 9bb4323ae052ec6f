// The Docker Engine for scenarios that build or run containers: the Docker tests' test/docker/engine.sh (an
// engine that answers, else a private dockerd, plus the stand-in base images; no registry is reachable here),
// started once per run. Scenarios hand the engine to the extension with the `godock.docker.host` setting.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { REPO } from './cli.mjs';
import { Skip } from './scenario.mjs';

const ENGINE = path.join(REPO, 'test', 'docker', 'engine.sh');
let engine;

function script(args) {
  return new Promise((resolve) => {
    const child = spawn('bash', [ENGINE, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (error) => resolve({ code: -1, stdout, stderr: `${stderr}${error}` }));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const value = (text, key) => new RegExp(`^${key}=(.*)$`, 'm').exec(text)?.[1]?.trim();

async function start() {
  if (process.platform !== 'linux') return { reason: `the Docker scenarios need Linux (this is ${process.platform})` };
  const started = await script(['start']);
  const host = value(started.stdout, 'DOCKER_HOST');
  if (started.code !== 0 || !host) return { reason: value(started.stdout, 'GODOCK_UNAVAILABLE') ?? `engine.sh start failed: ${started.stderr.trim().split('\n').slice(-3).join(' | ')}` };
  const images = await script(['images']);
  if (images.code !== 0) return { reason: `engine.sh images failed: ${images.stderr.trim().split('\n').slice(-3).join(' | ')}` };
  return { host };
}

/**
 * `{ host }` (unix://…) of an engine with the stand-in images. When Docker cannot run here the scenario is
 * skipped with the reason, except under CI=true, where it fails.
 */
export async function dockerEngine(t) {
  engine ??= t.step('Docker engine and stand-in images (test/docker/engine.sh)', start, 10 * 60_000);
  const result = await engine;
  if (result.host) return result;
  if (process.env.CI === 'true') throw new Error(`Docker cannot run here (CI=true, so this fails): ${result.reason}`);
  throw new Skip(`Docker cannot run here: ${result.reason}`);
}

/** `.vscode/settings.json` text pointing Godock at the engine. */
export const dockerSettings = (host) => `${JSON.stringify({ 'godock.docker.host': host }, null, 2)}\n`;
