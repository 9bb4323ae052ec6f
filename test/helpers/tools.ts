/** Real tools the tests run, built from their Go modules into Godock's cache on first use (pinned versions). */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { toolVersions } from '../../server/src/scaffold/versions';

export const CACHE = process.env.GODOCK_CACHE ?? nodePath.join(os.homedir(), '.cache', 'godock');
export const GO = fs.existsSync('/usr/local/go/bin/go') ? '/usr/local/go/bin/go' : 'go';

export function goVersion(): string {
  return /go(\d+\.\d+(\.\d+)?)/.exec(execFileSync(GO, ['version'], { encoding: 'utf8' }))![1];
}

/** `go install module@version` into the cache once; returns the binary's path. */
export function goInstall(pkg: string, version: string, binary: string): string {
  const dir = nodePath.join(CACHE, 'tools', `${binary}-${version}`);
  const path = nodePath.join(dir, binary);
  if (!fs.existsSync(path)) execFileSync(GO, ['install', `${pkg}@${version}`], { env: { ...process.env, GOBIN: dir, GOFLAGS: '-mod=mod' }, stdio: 'inherit', timeout: 600_000 });
  return path;
}

/** The Delve the dev image pins for the machine's Go. */
export function delve(): string {
  return goInstall('github.com/go-delve/delve/cmd/dlv', toolVersions(goVersion()).delve, 'dlv');
}
