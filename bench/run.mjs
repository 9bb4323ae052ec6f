#!/usr/bin/env node
// `npm run bench` / `npm run bench:loop`: bundles the benchmark (TypeScript, like the tests) with esbuild
// into bench/out and runs it with the given arguments. The servers and the CLI are built by `npm run build`.
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const [entry, ...args] = process.argv.slice(2);
const outfile = path.join(here, 'out', `${entry}.js`);
await esbuild.build({
  entryPoints: [path.join(here, `${entry}.ts`)],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'inline',
  logLevel: 'warning',
  mainFields: ['module', 'main'],
  // The Docker harness's client loads these optional native modules in a try/catch.
  external: ['cpu-features', '*.node'],
  plugins: [sourceUrls()],
});
const result = spawnSync(process.execPath, ['--enable-source-maps', outfile, ...args], { stdio: 'inherit' });
process.exit(result.status ?? 1);

/** The Docker harness finds engine.sh next to its source through import.meta.url: keep each file's own URL. */
function sourceUrls() {
  return {
    name: 'import-meta-url',
    setup(build) {
      build.onLoad({ filter: /\.ts$/ }, async (args) => {
        const text = await fs.promises.readFile(args.path, 'utf8');
        if (!text.includes('import.meta.url')) return undefined;
        return { contents: text.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
      });
    },
  };
}
