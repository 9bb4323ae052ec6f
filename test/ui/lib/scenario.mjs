// The scenario API. A scenario file in test/ui/scenarios/ registers its scenarios:
//
//   scenario('what a user sees', { workspace: 'examples/hello-api' }, async ({ open, lint, wb, step, screenshot }) => {
//     const expected = lint('Dockerfile');          // the CLI's findings for the copy of the file
//     const editor = await open('Dockerfile');       // Quick Open, waits for the editor
//     await wb.expectProblems('Dockerfile', expected);
//   });
//
//   exthost('extension host: …', { workspace: {...}, tests: 'test/ui/exthost/index.cjs' });
//
// `workspace` is a folder of the repository, copied into a temporary folder for the scenario, or an object
// { 'name-in-workspace': 'repo/folder' | { 'file': 'content' } } to combine several.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as cli from './cli.mjs';

const registry = [];

/** A UI scenario: `fn(t)` drives the workbench opened on the scenario's workspace. */
export function scenario(name, options, fn) {
  registry.push({ kind: 'ui', name, options, fn });
}

/** Integration tests run inside the real extension host (`tests` exports run(): Promise). */
export function exthost(name, options) {
  registry.push({ kind: 'exthost', name, options });
}

export function scenarios() {
  return registry;
}

/** Thrown by t.skip(): the scenario is reported as skipped with this reason. */
export class Skip extends Error {}

export function slug(name) {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

/** Files of a repository folder that git would keep (tracked or not ignored), or all of them without git. */
function filesOf(dir) {
  try {
    const out = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '.'], { cwd: dir, encoding: 'utf8' });
    const files = out.split('\0').filter((f) => f && fs.existsSync(path.join(dir, f)));
    if (files.length) return files;
  } catch {}
  return fs.readdirSync(dir, { recursive: true }).filter((f) => fs.statSync(path.join(dir, f)).isFile());
}

/** Copies the scenario's workspace into `into`; returns the folder to open. */
export function makeWorkspace(spec, into) {
  const copyFolder = (src, dest) => {
    const from = path.resolve(cli.REPO, src);
    if (!fs.statSync(from).isDirectory()) throw new Error(`workspace ${src} is not a folder`);
    for (const file of filesOf(from)) {
      fs.mkdirSync(path.dirname(path.join(dest, file)), { recursive: true });
      fs.copyFileSync(path.join(from, file), path.join(dest, file));
    }
  };
  if (typeof spec === 'string') {
    const dest = path.join(into, path.basename(spec));
    copyFolder(spec, dest);
    return dest;
  }
  const dest = path.join(into, 'workspace');
  fs.mkdirSync(dest, { recursive: true });
  for (const [name, what] of Object.entries(spec)) {
    if (typeof what === 'string') copyFolder(what, path.join(dest, name));
    else {
      for (const [file, content] of Object.entries(what)) {
        fs.mkdirSync(path.dirname(path.join(dest, name, file)), { recursive: true });
        fs.writeFileSync(path.join(dest, name, file), content);
      }
    }
  }
  return dest;
}

/**
 * The object a scenario function gets. `say` prints a line of the report; `artifacts` is the scenario's
 * folder for screenshots and logs.
 */
export function context({ ws, wb, page, artifacts, media, say }) {
  const t = {
    ws,
    wb,
    page,
    assert,
    artifacts,
    /** Absolute path of a file of the workspace. */
    path: (file) => path.join(ws, file),
    /** Reads a file of the workspace. */
    read: (file) => fs.readFileSync(path.join(ws, file), 'utf8'),
    /** The CLI's findings for a file of the workspace. */
    lint: (file) => cli.lint(path.join(ws, file)),
    /** `godock convert --write [args]` on a copy of the workspace: { text } or { error }. */
    convert: (file, args) => cli.convert(ws, file, args),
    /** `godock init [args]` on a copy of the workspace: { files: { path: text } } it writes, or { error }. */
    init: (args) => cli.init(ws, args),
    /** The package.json of the installed extension. */
    manifest: () => cli.manifest(),
    /** The rule catalog. */
    rules: () => cli.rules(),
    /** The catalog entry of rule `id` when it has a quick fix; otherwise the scenario is skipped, saying so. */
    requireFix(id) {
      const rule = cli.rules().find((r) => r.id === id);
      if (!rule) t.skip(`${id} is not in the rule catalog yet (godock rules --format json)`);
      if (!rule.fix) t.skip(`${id} has no quick fix in the rule catalog yet (godock rules --format json: fix false)`);
      return rule;
    },
    skip(reason) {
      throw new Skip(reason);
    },
    /** Runs `fn` as a named step that fails after `timeout` ms. */
    async step(name, fn, timeout = 30_000) {
      const started = Date.now();
      let timer;
      try {
        const result = await Promise.race([
          fn(),
          new Promise((_, reject) => {
            timer = setTimeout(() => reject(new Error(`step "${name}" timed out after ${timeout / 1000} s`)), timeout);
          }),
        ]);
        say(`    ✓ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        return result;
      } catch (error) {
        say(`    ✗ ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        if (error instanceof Skip) throw error;
        if (!String(error.message).includes(`step "${name}"`)) error.message = `step "${name}": ${error.message}`;
        throw error;
      } finally {
        clearTimeout(timer);
      }
    },
    /**
     * Waits until `check()` returns true (anything else is what was seen, shown when it times out).
     * Polls a condition of the page; it is never a fixed sleep.
     */
    async until(what, check, timeout = 30_000) {
      return t.step(what, async () => {
        let seen;
        const deadline = Date.now() + timeout - 250;
        for (;;) {
          seen = await check();
          if (seen === true) return;
          if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}\nlast seen: ${JSON.stringify(seen, null, 2)}`);
          await new Promise((resolve) => setTimeout(resolve, 150));
        }
      }, timeout);
    },
    /** Quick Open a file, waiting for its editor. */
    open: (file) => wb.open(file),
    /**
     * Saves a PNG of the editor area (the whole window with `{ window: true }`, a part of it with
     * `{ clip: { x, y, width, height } }`) as artifacts/<name>.png, and as media/<name>.png when the run was
     * started with --media (pictures for the README and the walkthrough).
     */
    async screenshot(name, { window = false, clip } = {}) {
      const file = path.join(artifacts, `${name}.png`);
      if (window || clip) await page.screenshot({ path: file, clip });
      else await wb.screenshotEditorArea(file);
      if (media) {
        fs.mkdirSync(path.join(cli.REPO, 'media'), { recursive: true });
        fs.copyFileSync(file, path.join(cli.REPO, 'media', `${name}.png`));
        say(`    media/${name}.png written`);
      }
      return file;
    },
  };
  return t;
}
