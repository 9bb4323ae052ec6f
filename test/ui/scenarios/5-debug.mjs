// Scenario 5: the debugger in the editor, on the Docker Engine of the Docker tests (test/docker/engine.sh). The
// dev container `godock init` writes; Start Dev Loop from the status bar; F5 with the Godock configuration; a
// breakpoint in the handler is hit by an HTTP request: the editor shows the paused line and the Variables view
// the handler's local; Continue lets the response through; a save makes air rebuild and the session attaches
// again by itself, so the next request stops there too with the new code; Stop; Stop Dev Loop.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { dockerEngine, dockerSettings } from '../lib/docker.mjs';
import { scenario } from '../lib/scenario.mjs';

const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const goMinor = () => execFileSync('/usr/local/go/bin/go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim().replace(/^go(\d+\.\d+).*$/, '$1');

scenario('debugger in the dev container: F5 attaches to Delve in the dev container, a request stops at the breakpoint, locals in the Variables view', { workspace: 'test/ui/workspaces/debug', timeout: 20 * 60_000 }, async (t) => {
  const { host } = await dockerEngine(t);
  const [appPort, delvePort] = [await freePort(), await freePort()];
  fs.writeFileSync(t.path('go.mod'), `module example.com/debug\n\ngo ${goMinor()}\n`);
  const init = t.init(['--topology', 'host']);
  t.assert.ok(init.files, `godock init: ${init.error}`);
  for (const [file, text] of Object.entries(init.files)) {
    fs.mkdirSync(path.dirname(t.path(file)), { recursive: true });
    fs.writeFileSync(t.path(file), text);
  }
  // The app and Delve on free host ports (no clash with another dev container), and launch.json's port with them.
  const compose = t.read('.devcontainer/compose.yaml').replace('"127.0.0.1:8080:8080"', `"127.0.0.1:${appPort}:8080"`).replace('"127.0.0.1:2345:2345"', `"127.0.0.1:${delvePort}:2345"`);
  t.assert.ok(compose.includes(`:${delvePort}:2345`), compose);
  fs.writeFileSync(t.path('.devcontainer/compose.yaml'), compose);
  fs.writeFileSync(t.path('.vscode/launch.json'), t.read('.vscode/launch.json').replace(/"port": 2345/g, `"port": ${delvePort}`));
  fs.writeFileSync(t.path('.vscode/settings.json'), dockerSettings(host));

  const status = t.page.locator('.statusbar-item', { hasText: 'Go dev:' }).first();
  const statusIs = (label, ms) => t.until(`the status bar says "Go dev: ${label}"`, async () => (await status.innerText()).includes(`Go dev: ${label}`) || (await status.innerText()), ms);
  const down = () => {
    try {
      execFileSync('docker-compose', ['-f', t.path('.devcontainer/compose.yaml'), '-p', 'debug_devcontainer', 'down'], { env: { ...process.env, DOCKER_HOST: host }, stdio: 'pipe' });
    } catch {}
  };
  let response;
  try {
    await t.wb.ready();
    await statusIs('stopped', 60_000);
    await status.click();
    await t.wb.quickPick('Start Dev Loop');
    await statusIs('running', 12 * 60_000);
    await t.until('the service answers', async () => {
      const body = await fetch(`http://127.0.0.1:${appPort}/?name=up`).then((r) => r.text(), (e) => String(e));
      return body === 'hello up\n' || body;
    }, 60_000);

    const editor = await t.open('main.go');
    await editor.goTo(12);
    await t.step('F9 sets a breakpoint on line 12', async () => {
      await t.page.keyboard.press('F9');
      await t.page.locator('.part.editor .codicon-debug-breakpoint').first().waitFor();
    });
    await t.step('F5 starts the Godock configuration and attaches', async () => {
      await t.page.keyboard.press('F5');
      await t.page.locator('.debug-toolbar').first().waitFor({ timeout: 60_000 });
    }, 90_000);
    await t.until('Delve accepted the breakpoint (a filled dot, not a hollow one)', async () => (await t.page.locator('.part.editor .codicon-debug-breakpoint-unverified').count()) === 0, 30_000);

    response = fetch(`http://127.0.0.1:${appPort}/?name=gopher`).then((r) => r.text(), (e) => String(e));
    await t.until('the editor shows the paused line 12', async () => {
      const paused = t.page.locator('.part.editor .debug-top-stack-frame-line');
      return (await paused.count()) > 0 || 'no paused line yet';
    }, 60_000);
    await t.step('the Variables view shows the local "greeting"', async () => {
      await t.page.keyboard.press('Control+Shift+D');
      const locals = t.page.locator('.debug-view-content .monaco-list-row', { hasText: 'Locals' }).first();
      await locals.waitFor();
      if ((await locals.getAttribute('aria-expanded')) !== 'true') await locals.click();
      await t.until('Variables lists greeting = "hello gopher"', async () => {
        const rows = await t.page.locator('.debug-view-content .monaco-list-row').allInnerTexts();
        return rows.some((r) => /greeting\s*[:=]\s*"hello gopher"/.test(r.replace(/\n/g, ' '))) || rows.join(' | ');
      }, 30_000);
    }, 60_000);
    await t.screenshot('debugging', { window: true });

    await t.step('F5 continues and the response comes through', async () => {
      await t.page.keyboard.press('F5');
      t.assert.equal(await response, 'hello gopher\n');
      response = undefined;
    }, 30_000);
    // A save: air rebuilds, Delve restarts, and the session attaches again by itself with the breakpoint.
    fs.writeFileSync(t.path('main.go'), t.read('main.go').replace('"hello "', '"hi "'));
    const greeting = async () => {
      const locals = t.page.locator('.debug-view-content .monaco-list-row', { hasText: 'Locals' }).first();
      if ((await locals.count()) > 0 && (await locals.getAttribute('aria-expanded')) !== 'true') await locals.click();
      const rows = await t.page.locator('.debug-view-content .monaco-list-row').allInnerTexts();
      return rows.map((r) => /greeting\s*[:=]\s*"([^"]*)"/.exec(r.replace(/\n/g, ' '))?.[1]).find(Boolean);
    };
    await t.until('the re-attached session stops the new program at the breakpoint (greeting = "hi again")', async () => {
      const paused = (await t.page.locator('.part.editor .debug-top-stack-frame-line').count()) > 0;
      if (paused) {
        const seen = await greeting();
        if (seen === 'hi again') return true;
        // The old program, before air replaced it: let it go and ask again.
        if (seen === 'hello again') {
          await t.page.keyboard.press('F5');
          response = undefined;
        }
        return `paused with greeting ${JSON.stringify(seen)}`;
      }
      response ??= fetch(`http://127.0.0.1:${appPort}/?name=again`).then((r) => r.text(), (e) => String(e));
      const body = await Promise.race([response, new Promise((r) => setTimeout(() => r(undefined), 500))]);
      if (body !== undefined) response = undefined;
      return body ? `answered ${JSON.stringify(body)} without stopping` : 'not paused yet';
    }, 180_000);
    await t.step('F5 continues and the new response comes through', async () => {
      await t.page.keyboard.press('F5');
      t.assert.equal(await response, 'hi again\n');
    }, 30_000);
    await t.step('Shift+F5 stops debugging; the service keeps answering', async () => {
      await t.page.keyboard.press('Shift+F5');
      await t.page.locator('.debug-toolbar').first().waitFor({ state: 'hidden', timeout: 30_000 });
      const body = await fetch(`http://127.0.0.1:${appPort}/?name=after`).then((r) => r.text(), (e) => String(e));
      t.assert.equal(body, 'hi after\n');
    }, 60_000);
    await t.wb.command('Godock: Stop Dev Loop');
    await statusIs('stopped', 120_000);
  } finally {
    down();
  }
});
