/** Sizes: the bundles the extension ships, and the .vsix packaged as `npm run package` does. */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import { REPO } from './session';

export function sizes(): Record<string, number> {
  const mb = (path: string) => fs.statSync(nodePath.join(REPO, path)).size / 2 ** 20;
  const dir = fs.mkdtempSync(nodePath.join(os.tmpdir(), 'godock-bench-vsix-'));
  try {
    const vsix = nodePath.join(dir, 'godock.vsix');
    const vsce = spawnSync(process.execPath, [nodePath.join(REPO, 'node_modules/@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', vsix], { cwd: REPO, encoding: 'utf8' });
    if (vsce.status !== 0) throw new Error(`vsce package failed:\n${vsce.stderr}${vsce.stdout}`);
    return {
      serverMB: mb('server/out/server.js'),
      clientMB: mb('client/out/extension.js'),
      cliMB: mb('server/out/cli.js'),
      vsixMB: fs.statSync(vsix).size / 2 ** 20,
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
