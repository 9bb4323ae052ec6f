// Bundles the extension client, the language server and the CLI into one file each (esbuild).
import * as fs from 'node:fs';
import * as esbuild from 'esbuild';
import { fileURLToPath } from 'node:url';

const watch = process.argv.includes('--watch');
/** Shared by the bundles below and by the test that loads a bundled Docker connection (test/dockerLayer/bundle.test.ts). */
export const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: !watch,
  logLevel: 'warning',
  // Prefer ES modules: UMD builds (jsonc-parser's) load their parts with require calls esbuild cannot follow.
  mainFields: ['module', 'main'],
  // dockerode's ssh transport (ssh2) loads optional native modules in a try/catch and falls back to JavaScript:
  // leave them out. ssh2 requires its binding by a relative path, which only a `*.node` pattern matches.
  external: ['cpu-features', '*.node'],
};

const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: [...common.external, 'vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'server/out/server.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'server/out/cli.js' },
];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const build of builds) {
    const options = { ...common, ...build, external: build.external ?? common.external };
    if (watch) await (await esbuild.context(options)).watch();
    else await esbuild.build(options);
  }
}

// dockerode's BuildKit session reads its .proto files at run time from next to the code: ship them with the
// bundles that build images (the extension and the CLI).
for (const out of ['client/out', 'server/out']) {
  fs.cpSync('node_modules/dockerode/lib/proto', `${out}/proto`, { recursive: true });
}
