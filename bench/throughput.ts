/** Batch lint throughput: `godock lint` over generated projects, and the dockerfile-utils validator alone. */
import { spawnSync } from 'node:child_process';
import * as nodePath from 'node:path';
import { cliWallTime } from './startup';
import { now } from './stats';

/** Files per project folder of the generated tree (writeTree): 4 Dockerfiles and 1 compose file. */
export const DOCKERFILES_PER_PROJECT = 4;
export const FILES_PER_PROJECT = 5;

/** Wall time of `godock lint` over the given project folders (relative to the tree root), start-up included. */
export function godockLint(root: string, projects: string[]): number {
  return cliWallTime(['lint', ...projects.map((p) => nodePath.relative(root, p))], root);
}

/** Wall time of the peer script (dockerfile-utils' validate over the same folders' Dockerfiles). */
export function peerValidate(root: string, projects: string[]): number {
  const begin = now();
  const result = spawnSync(process.execPath, [nodePath.join(__dirname, '../peerValidate.cjs'), ...projects], { cwd: root, encoding: 'utf8' });
  const elapsed = now() - begin;
  if (result.status !== 0) throw new Error(`peer validator failed: ${result.stderr}`);
  const files = Number(result.stdout.split(' ')[0]);
  if (files !== projects.length * DOCKERFILES_PER_PROJECT) throw new Error(`peer validator read ${files} Dockerfiles, expected ${projects.length * DOCKERFILES_PER_PROJECT}`);
  return elapsed;
}
