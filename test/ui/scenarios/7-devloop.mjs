// Scenario 7: the dev loop in the editor. The dev container `godock init` writes, on the Docker Engine of the
// Docker tests (test/docker/engine.sh): the status bar shows the loop's state and opens its commands; Start Dev
// Loop builds and starts it; Show Dev Logs and Open Shell in Dev Container work; a save that breaks the build puts air's errors on the file (Problems panel and
// squiggle) and the status bar says "build failed"; the fix clears them; Stop Dev Loop stops it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { dockerEngine } from '../lib/docker.mjs';
import { scenario } from '../lib/scenario.mjs';

const freePort = () =>
  new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

// The workspace's folder name names the Compose project (devloop_devcontainer) and the mount (/workspaces/devloop).
const main = (body) => `// A small HTTP service for the dev loop scenario.
package main

import (
	"fmt"
	"net/http"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		${body}
	})
	http.ListenAndServe(":8080", nil)
}
`;

const goMinor = () => execFileSync('/usr/local/go/bin/go', ['env', 'GOVERSION'], { encoding: 'utf8' }).trim().replace(/^go(\d+\.\d+).*$/, '$1');

scenario('dev loop: the status bar starts it, and a broken save shows air\'s errors on the file until the fix', { workspace: 'test/ui/workspaces/devloop', timeout: 20 * 60_000 }, async (t) => {
  const { host } = await dockerEngine(t);
  const port = await freePort();
  // The machine's Go: the stand-in golang image carries it, and the pinned Delve and air fit it.
  fs.writeFileSync(t.path('go.mod'), `module example.com/devloop\n\ngo ${goMinor()}\n`);
  t.assert.equal(t.read('main.go'), main('fmt.Fprintln(w, "first")'));
  const init = t.init(['--topology', 'host']);
  t.assert.ok(init.files, `godock init: ${init.error}`);
  for (const [file, text] of Object.entries(init.files)) {
    fs.mkdirSync(path.dirname(t.path(file)), { recursive: true });
    fs.writeFileSync(t.path(file), text);
  }
  // The app and Delve on free host ports: no clash with another dev container on 8080 or 2345.
  const compose = t.read('.devcontainer/compose.yaml').replace('"127.0.0.1:8080:8080"', `"127.0.0.1:${port}:8080"`).replace('"127.0.0.1:2345:2345"', `"127.0.0.1:${await freePort()}:2345"`);
  t.assert.ok(compose.includes(`:${port}:8080`), compose);
  fs.writeFileSync(t.path('.devcontainer/compose.yaml'), compose);
  fs.mkdirSync(t.path('.vscode'), { recursive: true });
  fs.writeFileSync(t.path('.vscode/settings.json'), `${JSON.stringify({ 'godock.docker.host': host }, null, 2)}\n`);

  const status = t.page.locator('.statusbar-item', { hasText: 'Go dev:' }).first();
  const statusIs = (label, ms) => t.until(`the status bar says "Go dev: ${label}"`, async () => (await status.innerText()).includes(`Go dev: ${label}`) || (await status.innerText()), ms);
  // The project Godock gives a .devcontainer compose file: <folder>_devcontainer.
  const down = () => {
    try {
      execFileSync('docker-compose', ['-f', t.path('.devcontainer/compose.yaml'), '-p', 'devloop_devcontainer', 'down'], { env: { ...process.env, DOCKER_HOST: host }, stdio: 'pipe' });
    } catch {}
  };
  down(); // a container left by an interrupted run would mount a folder that is gone
  try {
    await t.wb.ready();
    await statusIs('stopped', 60_000);
    await t.step('a click on the status bar opens the dev loop commands', async () => {
      await status.click();
      await t.page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: 'Start Dev Loop' }).first().waitFor();
    });
    await t.wb.quickPick(/Start Dev Loop/); // case-sensitive: not "Restart Dev Loop"
    await statusIs('running', 12 * 60_000);
    await t.until('the service answers', async () => {
      const body = await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text(), (e) => String(e));
      return body === 'first\n' || body;
    }, 60_000);

    await t.wb.command('Godock: Show Dev Logs');
    await t.until("the Godock Dev Loop log shows air's output", async () => {
      const text = await t.page.locator('.part.panel .view-lines').first().innerText().catch(() => '');
      return text.includes('running...') || text.slice(-300);
    });
    await t.wb.command('Godock: Open Shell in Dev Container');
    await t.step('a terminal opens in the container, in the mounted workspace', async () => {
      await t.page.locator('.part.panel .terminal-tabs-entry, .part.panel .single-terminal-tab', { hasText: 'Godock: dev' }).first().waitFor();
      await t.page.locator('.part.panel .terminal-wrapper.active, .part.panel .terminal-wrapper').first().click();
      // The terminal draws on a canvas: the command leaves its answer in the bind mount instead (air ignores tmp/).
      await t.page.keyboard.type('pwd > tmp/shell.txt\n');
      await t.until('the shell wrote tmp/shell.txt', async () => {
        try {
          return t.read('tmp/shell.txt') === '/workspaces/devloop\n' || t.read('tmp/shell.txt');
        } catch {
          return 'not yet';
        }
      });
    }, 45_000);

    await t.open('main.go');
    fs.writeFileSync(t.path('main.go'), main('fmt.Fprintln(w, greeting)'));
    await statusIs('build failed', 120_000);
    await t.wb.showProblems();
    await t.until("air's error is on main.go in the Problems panel", async () => {
      const rows = (await t.wb.problems()).filter((r) => r.source.includes('go build'));
      return rows.some((r) => r.file.endsWith('main.go') && r.line === 11 && r.column === 19 && r.message === 'undefined: greeting' && r.severity === 'error') || rows;
    });
    await t.until('the editor underlines it', async () => (await t.page.locator('.part.editor .squiggly-error').count()) > 0);
    await t.screenshot('devloop-build-failed', { window: true });

    fs.writeFileSync(t.path('main.go'), main('fmt.Fprintln(w, "fixed")'));
    await statusIs('running', 120_000);
    await t.until('the error is gone', async () => {
      const rows = (await t.wb.problems()).filter((r) => r.source.includes('go build'));
      return rows.length === 0 || rows;
    });

    await t.wb.command('Godock: Stop Dev Loop');
    await statusIs('stopped', 120_000);
  } finally {
    down();
  }
});
