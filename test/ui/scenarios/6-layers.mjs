// Scenario 6: layer insight. "Godock: Build and Analyze Image" builds the single-stage Go Dockerfile with
// `go env -w` and `go build` on the Docker Engine (test/docker/engine.sh, as the Docker tests), and the
// Dockerfile then shows what each line adds to the image, the total on FROM, and the Image Layers view; after
// the multi-stage conversion and a rebuild, the total shows before → after.
import fs from 'node:fs';
import path from 'node:path';
import { REPO } from '../lib/cli.mjs';
import { dockerEngine, dockerSettings } from '../lib/docker.mjs';
import { scenario } from '../lib/scenario.mjs';

const FIXTURE = path.join(REPO, 'test/refactors/convert-to-multi-stage/go-env-w');
const fixture = (file) => fs.readFileSync(path.join(FIXTURE, file), 'utf8');

const workspace = {
  '.': {
    Dockerfile: fixture('before.Dockerfile'),
    'go.mod': fixture('go.mod'),
    'main.go': fixture('main.go'),
    // The build context is then the same as the Docker tests' (BuildKit reuses their layers).
    '.dockerignore': '.vscode\n.dockerignore\n',
  },
};

/** The CodeLens titles the Dockerfile's editor shows. */
const lenses = (page) =>
  page.locator('.part.editor .editor-instance .monaco-editor .codelens-decoration a').evaluateAll((links) => links.map((a) => (a.textContent ?? '').replace(/\u00a0/g, ' ').trim()));

const megabytes = (title) => {
  const m = /^\+([\d.]+) (kB|MB|GB)$/.exec(title);
  return m ? Number(m[1]) * { kB: 1e-3, MB: 1, GB: 1e3 }[m[2]] : undefined;
};

scenario('Dockerfile: Build and Analyze Image shows what each line adds to the image', { workspace, timeout: 15 * 60_000 }, async (t) => {
  const { host } = await dockerEngine(t);
  fs.mkdirSync(t.path('.vscode'), { recursive: true });
  fs.writeFileSync(t.path('.vscode/settings.json'), dockerSettings(host));

  await t.open('Dockerfile');
  await t.until('the "Analyze image" lens shows on FROM', async () => {
    const seen = await lenses(t.page);
    return seen.includes('Analyze image') || seen;
  }, 60_000);

  await t.wb.command('Godock: Build and Analyze Image');
  await t.until('the lenses show the size each line adds and the image total', async () => {
    const seen = await lenses(t.page);
    const total = seen.find((l) => /^image [\d.]+ (MB|GB)$/.test(l));
    // The `go build` line adds the program and the Go build cache: tens of MB.
    const build = seen.map(megabytes).filter((mb) => mb !== undefined && mb > 10);
    return (total !== undefined && build.length > 0) || seen;
  }, 10 * 60_000);

  await t.wb.command('Godock: Show Image Layers');
  const view = t.page.locator('.pane', { hasText: 'Image Layers' });
  await t.until('the Image Layers view lists the layers by line', async () => {
    const rows = await view.locator('.monaco-list-row').allTextContents();
    return rows.some((r) => r.includes('RUN go build') && /\+[\d.]+ MB/.test(r)) || rows;
  });
  await t.step('open the go build layer: its largest paths, the build cache first', async () => {
    await view.locator('.monaco-list-row', { hasText: 'RUN go build' }).first().locator('.monaco-tl-twistie').click();
    await t.until('the build cache is listed under the layer', async () => {
      const rows = await view.locator('.monaco-list-row').allTextContents();
      return rows.some((r) => r.startsWith('/root/.cache/go-build')) || rows;
    });
  });
  await t.screenshot('layers', { window: true });

  // The measured findings are problems on their lines, linked to their pages.
  await t.wb.showProblems();
  const text = t.read('Dockerfile').split('\n');
  const lineOf = (start) => text.findIndex((l) => l.startsWith(start)) + 1;
  const expected = [
    ['DI001', lineOf('RUN go build')],
    ['DI004', lineOf('RUN go env -w')],
  ];
  await t.until('the Problems panel lists the build cache and the Go env file on their lines', async () => {
    const rows = (await t.wb.problems()).filter((r) => r.code.startsWith('DI'));
    const found = expected.every(([code, line]) => rows.some((r) => r.code === code && r.line === line && /docs\/rules\/DI\d{3}\.md$/.test(r.href)));
    return found || rows;
  });

  // The build cache's quick fix is the multi-stage conversion; after it and a rebuild, the total on the
  // runtime stage's FROM shows before → after.
  const editor = t.wb.editor();
  await editor.quickFix({ id: 'DI001', line: lineOf('RUN go build'), column: 1 }, 'Convert to multi-stage build (keeps');
  await t.wb.quickPick('Distroless');
  await editor.expectText('the Dockerfile has a distroless runtime stage', (text) => text.includes('FROM gcr.io/distroless/static-debian12:nonroot'));
  await editor.save();
  await t.wb.command('Godock: Build and Analyze Image');
  await t.until('the image total shows before → after, at least 10 times smaller', async () => {
    const seen = await lenses(t.page);
    const change = seen.map((l) => /^image ([\d.]+) (MB|GB) → ([\d.]+) (MB|GB)$/.exec(l)).find(Boolean);
    if (!change) return seen;
    const mb = (n, unit) => Number(n) * (unit === 'GB' ? 1000 : 1);
    return mb(change[1], change[2]) / mb(change[3], change[4]) >= 10 || seen;
  }, 10 * 60_000);
});
