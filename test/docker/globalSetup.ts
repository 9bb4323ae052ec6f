/**
 * vitest global setup for the Docker tests: starts the engine and builds the stand-in images once per run
 * (test/docker/engine.sh start + images), hands the result to the test workers, and at the end removes this
 * run's containers and stops the private dockerd if a test run started it and no other run still uses it.
 * GODOCK_DOCKER_KEEP=1 keeps it running.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as nodePath from 'node:path';
import {
  ENV_RUN,
  cacheDir,
  exportStatus,
  removeRunContainers,
  runEngineScript,
  startEngine,
} from './harness';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  const began = Date.now();
  process.env[ENV_RUN] ??= `run-${process.pid}-${randomBytes(4).toString('hex')}`;
  const status = await startEngine();
  exportStatus(status);
  const seconds = ((Date.now() - began) / 1000).toFixed(1);
  if (!status.ok) {
    console.warn(`[godock docker] Docker unavailable (${seconds} s): ${status.reason}`);
    return undefined;
  }
  console.log(
    `[godock docker] engine ${status.host} (${status.engine}${status.started ? ', started now' : ''}) and images ready in ${seconds} s`,
  );
  // Leases: each run using the engine holds one; the last run to leave stops a dockerd a test run started.
  const leases = nodePath.join(cacheDir(), 'leases');
  const marker = nodePath.join(cacheDir(), 'autostarted');
  mkdirSync(leases, { recursive: true });
  const lease = nodePath.join(leases, String(process.pid));
  writeFileSync(lease, `${new Date().toISOString()}\n`);
  if (status.started) writeFileSync(marker, `${process.pid}\n`);

  return async () => {
    try {
      const removed = await removeRunContainers();
      if (removed > 0) console.log(`[godock docker] removed ${removed} leftover container(s)`);
    } catch (e) {
      console.warn(`[godock docker] could not remove this run's containers: ${String(e)}`);
    }
    rmSync(lease, { force: true });
    const others = readdirSync(leases).filter((name) => {
      const pid = Number(name);
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) return true;
      rmSync(nodePath.join(leases, name), { force: true });
      return false;
    });
    if (status.engine !== 'private' || !existsSync(marker) || process.env.GODOCK_DOCKER_KEEP === '1') return;
    if (others.length > 0) {
      console.log(`[godock docker] dockerd kept running: still used by run(s) ${others.join(', ')}`);
      return;
    }
    const stop = await runEngineScript(['stop'], { quiet: true });
    rmSync(marker, { force: true });
    console.log(`[godock docker] ${stop.code === 0 ? 'stopped the private dockerd' : `engine.sh stop failed: ${stop.stderr.trim()}`}`);
  };
}
