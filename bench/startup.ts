/** Start-up: a server answering initialize, its first diagnostics, and the CLI's --version and single-file lint. */
import { spawnSync } from 'node:child_process';
import * as nodePath from 'node:path';
import { pathToFileURL } from 'node:url';
import { now } from './stats';
import { REPO, open, start, within, type ServerName } from './session';

export const CLI = nodePath.join(REPO, 'bin/godock.js');

/** From spawning the server to initialize answered, and to the first diagnostics of a file opened right after. */
export async function serverStartup(server: ServerName, dir: string, file: string, text: string): Promise<{ ready: number; firstDiagnostics: number }> {
  const begin = now();
  const session = await start(server, dir);
  const ready = now() - begin;
  const path = nodePath.join(dir, file);
  const published = session.diagnostics(pathToFileURL(path).toString());
  open(session, path, text, 'dockerfile');
  await within(session, published, 'first diagnostics');
  const firstDiagnostics = now() - begin;
  await session.close();
  return { ready, firstDiagnostics };
}

/** Wall time of one CLI run, start-up included, as a shell or CI runs it. */
export function cliWallTime(args: string[], cwd: string): number {
  const begin = now();
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, stdio: 'ignore' });
  const elapsed = now() - begin;
  if (result.status === null || result.status > 1) throw new Error(`godock ${args.join(' ')} exited with ${result.status ?? result.signal}`);
  return elapsed;
}
