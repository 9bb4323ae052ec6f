// Scenario: "Godock: Set Up Go Dev Container" on a small Go HTTP module, every question answered with its
// default. What must appear is what `godock init` writes into a copy of the same folder (the CLI of the
// installed VSIX), so the test stays true as the planner changes.
import { parse as parseJsonc } from 'jsonc-parser';
import { scenario } from '../lib/scenario.mjs';

const EXPLORER_ROW = '.explorer-folders-view .monaco-list-row';

/** The box of `locator` grown by `margin` pixels and kept inside the window: walkthrough pictures show only what the step is about. */
async function around(t, locator, margin = 16) {
  const box = await locator.first().boundingBox();
  const { width, height } = t.page.viewportSize();
  const x = Math.max(0, box.x - margin);
  const y = Math.max(0, box.y - margin);
  return { x, y, width: Math.min(width - x, box.width + 2 * margin), height: Math.min(height - y, box.height + 2 * margin) };
}

scenario('dev container: "Set Up Go Dev Container" writes the files and the Godock attach configuration', { workspace: 'test/ui/workspaces/hello-http' }, async (t) => {
  const command = t.manifest().contributes.commands.find((c) => c.command === 'godock.setUpDevContainer');
  t.assert.ok(command, 'the extension contributes godock.setUpDevContainer');
  const expected = t.init();
  t.assert.ok(expected.files, `godock init sets up test/ui/workspaces/hello-http: ${expected.error}`);
  const paths = Object.keys(expected.files).sort();
  for (const file of ['.devcontainer/Dockerfile', '.devcontainer/compose.yaml', '.devcontainer/devcontainer.json', '.air.toml', '.vscode/launch.json']) {
    t.assert.ok(paths.includes(file), `godock init writes ${file}: ${paths.join(', ')}`);
  }

  const title = `${command.category}: ${command.title}`;
  await t.wb.command(title);
  // The one question this module leaves open (one main package, one port): where VS Code runs.
  await t.step('the command asks where VS Code runs', () => t.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').first().waitFor());
  await t.screenshot('walkthrough-setup', { clip: await around(t, t.page.locator('.quick-input-widget')) });
  await t.until('every question is answered with its default, and the editor writes what godock init writes', async () => {
    const pick = t.page.locator('.quick-input-widget');
    if (await pick.isVisible()) await t.page.keyboard.press('Enter'); // the first item is the default
    const differing = paths.filter((file) => {
      try {
        return t.read(file) !== expected.files[file];
      } catch {
        return true;
      }
    });
    return differing.length === 0 || { differing };
  });
  await t.step('Godock says which files it wrote (in the notifications)', async () => {
    const center = t.page.locator('.notifications-center');
    await t.page.locator('[id="status.notifications"]').click();
    const message = center.locator('.notification-list-item', { hasText: 'Godock wrote' }).first();
    await message.waitFor();
    const text = await message.innerText();
    for (const file of paths) t.assert.ok(text.includes(file), `the notification names ${file}: ${text}`);
    await t.page.locator('[id="status.notifications"]').click();
    await center.waitFor({ state: 'hidden' });
  });

  await t.step('the files appear in the Explorer', async () => {
    const names = () => t.page.locator(`${EXPLORER_ROW} .label-name`).allInnerTexts();
    for (const folder of ['.devcontainer', '.vscode']) {
      const row = t.page.locator(EXPLORER_ROW).filter({ has: t.page.locator('.label-name', { hasText: new RegExp(`^\\${folder}$`) }) }).first();
      await row.waitFor();
      if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
      await t.page.locator(`${EXPLORER_ROW}[aria-expanded="true"] .label-name`, { hasText: folder }).first().waitFor();
    }
    const wanted = [...new Set(paths.map((file) => file.split('/').pop()))];
    await t.until(`the Explorer lists ${wanted.join(', ')}`, async () => {
      const shown = await names();
      return wanted.every((name) => shown.includes(name)) || { shown, wanted };
    });
  });

  // The generated compose file is clean: the Problems panel shows exactly what the CLI reports (nothing).
  await t.open('.devcontainer/compose.yaml');
  await t.wb.expectProblems('.devcontainer/compose.yaml', t.lint('.devcontainer/compose.yaml'));
  await t.page.keyboard.press('Control+J'); // close the panel again: the picture shows the Explorer and the file
  await t.page.locator('.part.panel').waitFor({ state: 'hidden' });
  await t.screenshot('devcontainer-setup', { window: true });

  await t.open('.air.toml');
  await t.screenshot('walkthrough-devloop', { clip: await around(t, t.page.locator('.part.editor .view-lines'), 8).then((box) => ({ ...box, height: Math.min(box.height, 330) })) });

  // Run and Debug lists the Godock attach configuration from launch.json.
  const launch = parseJsonc(t.read('.vscode/launch.json'));
  const godock = launch.configurations.filter((c) => c.type === 'godock').map((c) => c.name);
  t.assert.ok(godock.includes('Godock: Attach to the dev container'), `launch.json has the Godock attach configuration: ${godock.join(', ')}`);
  await t.open('.vscode/launch.json');
  await t.step('open Run and Debug', async () => {
    await t.page.keyboard.press('Control+Shift+D');
    await t.page.locator('.debug-viewlet, .part.sidebar [id="workbench.view.debug"]').first().waitFor();
  });
  // A wider side bar, so that the picture shows the configuration names whole.
  const sash = await t.page.locator('.part.sidebar').first().boundingBox();
  await t.page.mouse.move(sash.x + sash.width + 1, sash.y + sash.height / 2);
  await t.page.mouse.down();
  await t.page.mouse.move(sash.x + sash.width + 160, sash.y + sash.height / 2, { steps: 5 });
  await t.page.mouse.up();
  // The configuration picker at the top of Run and Debug: a drop-down list of launch.json's configurations.
  const picker = t.page.locator('.context-view .action-widget-dropdown');
  await t.until(`Run and Debug lists ${godock.join(', ')}`, async () => {
    if (!(await picker.isVisible())) await t.page.locator('.part.sidebar .start-debug-action-item-dropdown-label').first().click();
    const options = await picker.locator('.monaco-list-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('aria-label'))).catch(() => []);
    return godock.every((name) => options.includes(name)) || { options };
  });
  const sidebar = await t.page.locator('.part.sidebar').first().boundingBox();
  const list = await picker.first().boundingBox();
  await t.screenshot('walkthrough-debug', { clip: { x: 0, y: 0, width: Math.max(sidebar.x + sidebar.width, list.x + list.width) + 12, height: list.y + list.height + 24 } });
  await t.page.keyboard.press('Escape');
});

scenario('dev container: the walkthrough leads through setup, hot reload and the debugger, with its pictures', { workspace: 'test/ui/workspaces/hello-http' }, async (t) => {
  const [walkthrough] = t.manifest().contributes.walkthroughs;
  t.assert.ok(walkthrough, 'the extension contributes a walkthrough');
  await t.wb.ready();
  // As for any command, the walkthrough is listed once the extension host has registered the extension.
  await t.until(`"Welcome: Open Walkthrough..." offers "${walkthrough.title}"`, async () => {
    await t.page.keyboard.press('Control+Shift+P');
    const input = t.page.locator('.quick-input-widget input');
    await input.fill('>Welcome: Open Walkthrough...');
    await t.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Open Walkthrough' }).first().waitFor();
    await t.page.keyboard.press('Enter');
    const row = t.page.locator('.quick-input-list .monaco-list-row', { hasText: walkthrough.title }).first();
    if (await row.waitFor({ timeout: 3_000 }).then(() => true, () => false)) {
      await row.click();
      return true;
    }
    const rows = await t.page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    await t.page.keyboard.press('Escape');
    return { rows };
  }, 60_000);

  for (const step of walkthrough.steps) {
    await t.step(`step "${step.title}" shows ${step.media.image} and its link`, async () => {
      const button = t.page.locator(`.getting-started-step[data-step-id$="#${step.id}"]`);
      await button.waitFor();
      if (!(await button.getAttribute('class')).includes('expanded')) await button.click();
      await t.page.locator(`.getting-started-step.expanded[data-step-id$="#${step.id}"]`).waitFor();
      // The picture is loaded from the installed extension, and is not a broken image.
      const file = step.media.image.split('/').pop();
      await t.until(`${file} is loaded`, () =>
        t.page.evaluate(
          ({ name, alt }) => [...document.querySelectorAll('.getting-started-media img')].some((img) => decodeURIComponent(img.currentSrc).includes(`/media/${name}`) && img.alt === alt && img.complete && img.naturalWidth > 0),
          { name: file, alt: step.media.altText },
        ),
      );
      const link = /\[([^\]]+)\]\(command:([\w.]+)\)/.exec(step.description);
      t.assert.ok(link, `the step's description links a command: ${step.description}`);
      await button.locator('.monaco-button, a', { hasText: link[1] }).first().waitFor();
    });
  }
});
