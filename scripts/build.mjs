// Bundles the extension client, the language server and the CLI into one file each (esbuild).
import * as esbuild from 'esbuild';

const watch = process.argv.includes('--watch');
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: true,
  minify: !watch,
  logLevel: 'warning',
  // Prefer ES modules: UMD builds (jsonc-parser's) load their parts with require calls esbuild cannot follow.
  mainFields: ['module', 'main'],
  // dockerode's ssh transport loads these optional native modules in a try/catch; leave them out of the bundle.
  external: ['cpu-features', 'ssh2/lib/protocol/crypto/build/Release/sshcrypto.node'],
};

const builds = [
  { entryPoints: ['client/src/extension.ts'], outfile: 'client/out/extension.js', external: [...common.external, 'vscode'] },
  { entryPoints: ['server/src/server.ts'], outfile: 'server/out/server.js' },
  { entryPoints: ['server/src/cli/main.ts'], outfile: 'server/out/cli.js' },
];

for (const build of builds) {
  const options = { ...common, ...build, external: build.external ?? common.external };
  if (watch) await (await esbuild.context(options)).watch();
  else await esbuild.build(options);
}
