/**
 * `npm run bench:loop`: the dev loop `godock init` sets up, timed on a real Docker Engine (the Docker tests'
 * harness: a private dockerd when none answers), with real air and Delve. Reports only, no budgets:
 * - container start to the first HTTP response, with the Go cache volumes warm and without the volumes;
 * - source save on the host to the new response, with and without the volumes (what DC007 is worth);
 * - Delve listening again after air's rebuild to the debugger attached again (Godock's Reattacher).
 *
 *   npm run bench:loop [-- --runs 3]
 */
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { parseArgs } from 'node:util';
import { composeMount, resolveAttach } from '../client/src/debug/core';
import { containerLogLines } from '../client/src/debug/container';
import { Reattacher, waitForDelve } from '../client/src/debug/reattach';
import { DockerConnection } from '../server/src/docker/connection';
import { findServiceContainer } from '../server/src/docker/containers';
import { EditorSession } from '../test/debug/editorSession';
import { get, mainGo } from '../test/debug/program';
import { dockerAvailable, dockerCli, freePort } from '../test/docker/harness';
import { goVersion } from '../test/helpers/tools';
import { median, now, round } from './stats';
import { CLI } from './startup';
import { REPO } from './session';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);
const work = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'godock-bench-loop-'));
const mainFile = nodePath.join(work, 'main.go');
let saves = 0;

type Compose = (...args: string[]) => string;

/** Polls the app until it answers with `body` (an old binary keeps answering until air swaps it). */
async function responds(port: number, body: string, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const answer = await get(port, '/?name=bench', 5_000).catch(() => undefined);
    if (answer === `${body} bench\n`) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`the app did not answer "${body} bench" within ${timeoutMs / 1000} s`);
}

/** Saves a new greeting in main.go, as an editor does, and times until the app answers with it. */
async function saveToResponse(port: number): Promise<number> {
  const greeting = `save${++saves}`;
  const begin = now();
  fs.writeFileSync(mainFile, mainGo(greeting, port));
  await responds(port, greeting);
  return now() - begin;
}

/** Starts the service in a new container (the volumes, when it has them, stay) and times the first answer. */
async function startToResponse(compose: Compose, port: number): Promise<number> {
  compose('rm', '--force', '--stop');
  const greeting = `start${++saves}`;
  fs.writeFileSync(mainFile, mainGo(greeting, port));
  const begin = now();
  compose('up', '-d');
  await responds(port, greeting);
  return now() - begin;
}

/** One save with the debugger attached: air restarts Delve, Godock's Reattacher attaches again. */
async function reattach(conn: DockerConnection, project: string, composeFile: string, composeText: string, delvePort: number, appPort: number): Promise<number> {
  const container = (await findServiceContainer(conn, { project, service: 'dev' }))!;
  const config = resolveAttach({ port: delvePort }, composeMount(composeText, composeFile, work));
  const sessions: EditorSession[] = [];
  try {
    const reattacher = new Reattacher(config, {
      async start() {
        const { session } = await EditorSession.start(config, new Map());
        sessions.push(session);
        return true;
      },
      waitForDelve: (signal) => waitForDelve({ host: config.host, port: config.port, timeoutMs: 120_000, signal, logLines: containerLogLines(conn, container.id) }),
      log: () => undefined,
    });
    const first = await EditorSession.start(config, new Map());
    sessions.push(first.session);
    reattacher.sessionStarted();
    fs.writeFileSync(mainFile, mainGo(`debug${++saves}`, appPort));
    const outcome = await reattacher.sessionEnded(await first.session.ended);
    if (outcome.kind !== 'reattached') throw new Error(`the debugger did not attach again: ${JSON.stringify(outcome)}`);
    return outcome.attachedAt - outcome.delveListeningAt;
  } finally {
    for (const session of sessions) session.dispose();
  }
}

async function main() {
  const status = await dockerAvailable();
  if (!status.ok) throw new Error(`bench:loop needs a Docker Engine: ${status.reason}`);
  const cli = (await dockerCli())!;
  const env = { ...cli.env, DOCKER_BUILDKIT: '1', COMPOSE_DOCKER_CLI_BUILD: '1' };
  const appPort = await freePort();
  const delvePort = await freePort();
  const go = goVersion().split('.').slice(0, 2).join('.');
  fs.writeFileSync(nodePath.join(work, 'go.mod'), `module example.com/benchloop\n\ngo ${go}\n`);
  fs.writeFileSync(mainFile, mainGo('hello', appPort));
  const init = spawnSync(process.execPath, [CLI, 'init', '--topology', 'host', '--port', String(appPort)], { cwd: work, encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`godock init failed: ${init.stderr}`);

  // The generated compose file (named Go cache volumes, DC007 satisfied) and the same without the volumes.
  const withVolumes = nodePath.join(work, '.devcontainer/compose.yaml');
  const withText = fs.readFileSync(withVolumes, 'utf8').replace('"127.0.0.1:2345:2345"', `"127.0.0.1:${delvePort}:2345"`);
  fs.writeFileSync(withVolumes, withText);
  const withoutVolumes = nodePath.join(work, '.devcontainer/compose.no-cache.yaml');
  const withoutText = withText.replace(/^ {6}- go(mod|build):.*\n/gm, '').replace(/\nvolumes:\n(  \w+:\n)+/, '\n');
  if (withoutText === withText || /gomod|gobuild/.test(withoutText)) throw new Error('could not remove the cache volumes from the generated compose file');
  fs.writeFileSync(withoutVolumes, withoutText);

  const figures: Record<string, unknown> = {};
  for (const [variant, file, text] of [['with cache volumes', withVolumes, withText], ['without cache volumes', withoutVolumes, withoutText]] as const) {
    const project = `godock-bench-loop-${process.pid}-${file === withVolumes ? 'cache' : 'nocache'}`;
    const compose: Compose = (...args) => execFileSync('docker-compose', ['-f', file, '-p', project, ...args], { env, encoding: 'utf8', stdio: 'pipe', timeout: 900_000 });
    try {
      console.log(`[bench:loop] ${variant}: building the dev image`);
      compose('build');
      const cold = await startToResponse(compose, appPort);
      const starts: number[] = [];
      const savesMs: number[] = [];
      for (let run = 0; run < runs; run++) {
        starts.push(await startToResponse(compose, appPort));
        savesMs.push(await saveToResponse(appPort));
      }
      const result: Record<string, number> = { firstStartMs: cold, startToResponseMs: median(starts), saveToResponseMs: median(savesMs) };
      if (file === withVolumes) {
        const conn = new DockerConnection({ env: { ...process.env, DOCKER_HOST: status.host } });
        const reattachMs: number[] = [];
        for (let run = 0; run < runs; run++) reattachMs.push(await reattach(conn, project, file, text, delvePort, appPort));
        result.delveListeningToReattachedMs = median(reattachMs);
      }
      figures[variant] = result;
      console.log(`[bench:loop] ${variant}: ${JSON.stringify(result)}`);
    } finally {
      try {
        compose('down', '--volumes', '--rmi', 'local', '--timeout', '1');
      } catch (error) {
        console.warn(`[bench:loop] could not remove ${project}: ${(error as Error).message}`);
      }
    }
  }

  const withFigures = figures['with cache volumes'] as Record<string, number>;
  const withoutFigures = figures['without cache volumes'] as Record<string, number>;
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`\nDev loop (median of ${runs} runs; a new container each start)`);
  console.log(`container start → first response   ${s(withFigures.startToResponseMs)} with warm cache volumes, ${s(withoutFigures.startToResponseMs)} without (${(withoutFigures.startToResponseMs / withFigures.startToResponseMs).toFixed(1)}×)`);
  console.log(`first start (empty volumes)         ${s(withFigures.firstStartMs)} with volumes, ${s(withoutFigures.firstStartMs)} without`);
  console.log(`source save → new response          ${s(withFigures.saveToResponseMs)} with warm cache volumes, ${s(withoutFigures.saveToResponseMs)} without (${(withoutFigures.saveToResponseMs / withFigures.saveToResponseMs).toFixed(1)}×)`);
  console.log(`Delve listening → debugger attached ${withFigures.delveListeningToReattachedMs.toFixed(0)} ms`);
  const out = { date: new Date().toISOString(), machine: { os: os.type(), cores: os.cpus().length, node: process.version, loadAverage: os.loadavg().map((l) => round(l)) }, runs, ...figures };
  fs.writeFileSync(nodePath.join(REPO, 'bench/loop-results.json'), `${JSON.stringify(out, (_, v) => (typeof v === 'number' ? round(v, 1) : v), 2)}\n`);
  console.log('\nWrote bench/loop-results.json');
}

main()
  .catch((error) => {
    console.error(`[bench:loop] ${error instanceof Error ? error.message : error}`);
    process.exitCode = 1;
  })
  .finally(() => fs.rmSync(work, { recursive: true, force: true }));
