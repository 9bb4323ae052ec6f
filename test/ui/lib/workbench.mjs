// What a user does in the VS Code workbench, as Playwright steps: open a file, read the Problems panel and the
// squiggles, hover, pick a quick fix, save. Every helper is a named step with a timeout, and every wait is on
// a condition of the page (never a fixed sleep).

const EDITOR = '.part.editor .editor-group-container.active .editor-instance .monaco-editor';
const PROBLEMS = '.markers-panel';

/** "Warning"/"Error"/"Info" marker classes and squiggle classes by the CLI's severity names. */
const SQUIGGLE = { error: 'squiggly-error', warning: 'squiggly-warning', info: 'squiggly-info', hint: 'squiggly-hint' };

const normalize = (text) => text.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ').trim();

export class Workbench {
  /** `url` opens the workbench on the scenario's folder; it loads on the first action that needs it. */
  constructor(page, t, url) {
    this.page = page;
    this.t = t;
    this.url = url;
    this.loaded = undefined;
  }

  /** Loads the workbench (once) and waits for the Explorer to list the folder. */
  async ready() {
    this.loaded ??= this.t.step('workbench loads', async () => {
      await this.page.goto(this.url, { waitUntil: 'domcontentloaded' });
      await this.page.locator('.monaco-workbench .explorer-folders-view .monaco-list-row').first().waitFor({ timeout: 110_000 });
    }, 120_000);
    await this.loaded;
  }

  /**
   * Opens a file as a user would: a click in the Explorer for a file at the top of the folder, Quick Open
   * (Ctrl+P, the path, Enter) for one further down. Resolves with its editor.
   */
  async open(file) {
    await this.ready();
    const name = file.split('/').pop();
    await this.t.step(`open ${file}`, async () => {
      if (!file.includes('/')) {
        const label = this.page.locator('.explorer-folders-view .monaco-list-row .label-name').filter({ hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
        await label.first().dblclick(); // opens it pinned, with the keyboard in the editor
      } else {
        await this.page.keyboard.press('Control+P');
        const input = this.page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible' });
        await input.fill(file);
        await this.page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
        await this.page.keyboard.press('Enter');
      }
      await this.page.locator('.part.editor .tab.active', { hasText: name }).waitFor();
      // The keyboard must be in the editor, as after a click into its text: editor context keys such as
      // editorLangId are only set there. Ctrl+1 (Focus First Editor Group) until it is.
      await this.t.until('the editor has the keyboard', async () => {
        if (await this.page.locator(`${EDITOR}.focused`).count()) return true;
        await this.page.keyboard.press('Control+1');
        return 'not focused';
      });
      await this.t.until(`${file} shows in the editor`, () => this.editor().text().then((text) => text.length > 0));
    });
    return this.editor();
  }

  editor() {
    return new Editor(this.page, this.t);
  }

  /**
   * Runs a command from the Command Palette (Ctrl+Shift+P) by its title, as the palette lists it. The palette
   * lists an extension's commands once the extension host has registered them, a few seconds after the
   * workbench shows, and a palette opened before then never updates: it is opened again until the command is there.
   */
  async command(title) {
    await this.ready();
    const input = this.page.locator('.quick-input-widget input');
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await this.t.until(`the Command Palette offers "${title}"`, async () => {
      await this.page.keyboard.press('Control+Shift+P');
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${title}`);
      if (await row.waitFor({ timeout: 3000 }).then(() => true, () => false)) return true;
      const rows = await this.page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
      await this.page.keyboard.press('Escape');
      return { rows };
    }, 60_000);
    await this.t.step(`command "${title}"`, async () => {
      await this.page.keyboard.press('Enter');
      // The palette closes, or the command's own quick pick replaces it.
      await this.t.until('the Command Palette closes', async () => !(await input.isVisible()) || !(await input.inputValue()).startsWith('>'));
    });
  }

  /** Picks the item `label` (string or RegExp) of the quick pick that is open. */
  async quickPick(label) {
    await this.t.step(`quick pick "${label}"`, async () => {
      const row = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: label }).first();
      await row.click();
      await row.waitFor({ state: 'hidden' });
    });
  }

  /** Opens the Problems panel (Ctrl+Shift+M) unless it is open, then gives the keyboard back to the editor. */
  async showProblems() {
    await this.ready();
    if (await this.page.locator(PROBLEMS).isVisible()) return;
    await this.t.step('open the Problems panel', async () => {
      await this.page.keyboard.press('Control+Shift+M');
      await this.page.locator(PROBLEMS).waitFor({ state: 'visible' });
      await this.page.keyboard.press('Control+1'); // focus the editor again
      await this.page.locator(`${EDITOR}.focused`).waitFor();
    });
  }

  /** The rows of the Problems panel: [{ file, severity, message, source, code, href, line, column }]. */
  async problems() {
    return this.page.evaluate((selector) => {
      const rows = [];
      let file = '';
      for (const row of document.querySelectorAll(`${selector} .monaco-list-row`)) {
        if (row.getAttribute('aria-level') === '1') {
          file = row.querySelector('.monaco-icon-label')?.getAttribute('aria-label') ?? row.innerText.trim();
          continue;
        }
        const icon = row.querySelector('.marker-icon');
        const severity = ['error', 'warning', 'info'].find((s) => icon?.classList.contains(s)) ?? 'unknown';
        const where = /Ln (\d+), Col (\d+)/.exec(row.querySelector('.marker-line')?.textContent ?? '');
        rows.push({
          file,
          severity,
          message: [...row.querySelectorAll('.marker-message')].map((m) => m.textContent).join('\n'),
          source: row.querySelector('.marker-source')?.textContent ?? '',
          code: row.querySelector('.marker-code')?.textContent ?? '',
          href: row.querySelector('a.monaco-link')?.getAttribute('href') ?? '',
          line: where ? Number(where[1]) : 0,
          column: where ? Number(where[2]) : 0,
        });
      }
      return rows;
    }, PROBLEMS);
  }

  /**
   * Waits until the Problems panel shows exactly `expected` (CLI findings; hints are never listed there) for
   * the godock source of `file`, then returns the rows.
   */
  async expectProblems(file, expected, { timeout = 45_000 } = {}) {
    await this.showProblems();
    const want = expected
      .filter((f) => f.severity !== 'hint')
      .map((f) => `${f.id} ${f.severity} ${f.line}:${f.column} ${normalize(f.message)}`)
      .sort();
    let rows = [];
    await this.t.until(
      `Problems panel shows ${want.length ? want.map((w) => w.split(' ').slice(0, 3).join(' ')).join(', ') : 'no godock problem'} for ${file}`,
      async () => {
        rows = (await this.problems()).filter((r) => r.source === 'godock' && r.file.endsWith(`/${file}`));
        const got = rows.map((r) => `${r.code} ${r.severity} ${r.line}:${r.column} ${normalize(r.message)}`).sort();
        return JSON.stringify(got) === JSON.stringify(want) || { got, want };
      },
      timeout,
    );
    return rows;
  }

  /** The error and warning counts of the status bar's Problems item. */
  async statusCounts() {
    const text = await this.page.locator('#status\\.problems').innerText();
    const [errors = 0, warnings = 0, infos = 0] = (text.match(/\d+/g) ?? []).map(Number);
    return { errors, warnings, infos };
  }

  /** A PNG of the editor area (editor plus the panel under it, when it is open). */
  async screenshotEditorArea(file) {
    const boxes = [];
    for (const part of ['.part.editor', '.part.panel']) {
      const locator = this.page.locator(part).first();
      if (await locator.isVisible()) boxes.push(await locator.boundingBox());
    }
    const x = Math.min(...boxes.map((b) => b.x));
    const y = Math.min(...boxes.map((b) => b.y));
    const width = Math.max(...boxes.map((b) => b.x + b.width)) - x;
    let bottom = Math.max(...boxes.map((b) => b.y + b.height));
    // Down to the last row of the Problems panel, not the empty space under it.
    const lastRow = await this.page
      .evaluate((selector) => Math.max(0, ...[...document.querySelectorAll(`${selector} .monaco-list-row`)].map((r) => r.getBoundingClientRect().bottom)), PROBLEMS)
      .catch(() => 0);
    if (lastRow > 0) bottom = Math.min(bottom, lastRow + 12);
    const height = bottom - y;
    await this.page.screenshot({ path: file, clip: { x, y, width, height } });
  }
}

export class Editor {
  constructor(page, t) {
    this.page = page;
    this.t = t;
    this.root = page.locator(EDITOR).first();
  }

  /** The text the editor shows (the whole file, for the short files these tests open). */
  async text() {
    const lines = await this.root.evaluate((editor) =>
      [...editor.querySelectorAll('.view-lines .view-line')]
        .map((line) => ({ top: parseFloat(line.style.top) || 0, text: line.textContent ?? '' }))
        .sort((a, b) => a.top - b.top)
        .map((line) => line.text.replace(/\u00a0/g, ' ')),
    ).catch(() => []);
    return lines.join('\n');
  }

  /** The squiggles: [{ severity, line }], line 1-based, read from where they are drawn next to the line numbers. */
  async squiggles() {
    return this.root.evaluate((editor, classes) => {
      const numbers = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')].map((n) => ({ rect: n.getBoundingClientRect(), line: Number(n.textContent) }));
      const found = [];
      for (const [severity, cls] of Object.entries(classes)) {
        for (const squiggle of editor.querySelectorAll(`.${cls}`)) {
          const r = squiggle.getBoundingClientRect();
          const middle = r.top + r.height / 2;
          const line = numbers.find((n) => n.rect.top <= middle && middle <= n.rect.bottom)?.line ?? 0;
          found.push({ severity, line, x: r.left, y: r.top, width: r.width, height: r.height });
        }
      }
      return found;
    }, SQUIGGLE);
  }

  /** Waits until every finding has a squiggle of its severity on its line. */
  async expectSquiggles(expected, { timeout = 30_000 } = {}) {
    const want = expected.map((f) => `${f.severity}@${f.line}`).sort();
    await this.t.until(`squiggles ${want.join(', ') || 'none'}`, async () => {
      const got = (await this.squiggles()).map((s) => `${s.severity}@${s.line}`).sort();
      return want.every((w) => got.includes(w)) && (want.length > 0 || got.length === 0) ? true : { got, want };
    }, timeout);
  }

  /**
   * Moves the mouse onto the squiggle of `finding` and waits for the hover that shows its message.
   * Returns { text, links: [{ text, href }] }.
   */
  async hover(finding) {
    return this.t.step(`hover ${finding.id}`, async () => {
      const squiggle = (await this.squiggles()).find((s) => s.severity === finding.severity && s.line === finding.line);
      if (!squiggle) throw new Error(`no ${finding.severity} squiggle on line ${finding.line}`);
      await this.page.mouse.move(0, 0);
      await this.page.mouse.move(squiggle.x + Math.min(squiggle.width / 2, 40), squiggle.y + squiggle.height / 2, { steps: 4 });
      const hover = this.page.locator('.monaco-hover', { hasText: finding.message.slice(0, 40) }).first();
      await hover.waitFor({ state: 'visible' });
      return hover.evaluate((el) => ({
        text: el.innerText,
        links: [...el.querySelectorAll('a')].map((a) => ({ text: a.textContent, href: a.getAttribute('href') ?? a.getAttribute('data-href') })),
      }));
    });
  }

  /** Ctrl+G to a 1-based line and column. */
  async goTo(line, column = 1) {
    await this.t.step(`go to ${line}:${column}`, async () => {
      await this.page.keyboard.press('Escape');
      await this.page.keyboard.press('Control+G');
      const input = this.page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible' });
      await input.fill(`:${line}:${column}`); // Ctrl+G opens Quick Open with ':' (go to line)
      await this.page.keyboard.press('Enter');
      await input.waitFor({ state: 'hidden' });
      await this.page.locator('#status\\.editor\\.selection', { hasText: `Ln ${line}, Col ${column}` }).waitFor();
    });
  }

  /**
   * Puts the cursor on the finding, opens the light bulb menu (Ctrl+.) and waits for `title` (string or RegExp).
   * Returns the titles in the menu; the menu stays open until pick() (or Escape).
   */
  async openQuickFix(finding, title) {
    await this.goTo(finding.line, finding.column);
    let offered = [];
    await this.t.until(`light bulb menu on ${finding.id} offers ${title}`, async () => {
      const menu = this.page.locator('.action-widget').first();
      if (!(await menu.isVisible())) {
        await this.page.keyboard.press('Control+.');
        await menu.waitFor({ state: 'visible', timeout: 5_000 }).catch(() => undefined);
      }
      if (!(await menu.isVisible())) return 'the menu did not open';
      offered = await menu.locator('.monaco-list-row').allInnerTexts();
      if (await menu.locator('.monaco-list-row.action').filter({ hasText: title }).count()) return true;
      return { offered };
    });
    return offered;
  }

  /** Picks `title` in the open light bulb menu. */
  async pick(title) {
    await this.t.step(`pick "${title}"`, async () => {
      const menu = this.page.locator('.action-widget').first();
      await menu.locator('.monaco-list-row.action').filter({ hasText: title }).first().click();
      await menu.waitFor({ state: 'hidden' });
    });
  }

  /** Ctrl+. on the finding, then the item `title`. */
  async quickFix(finding, title) {
    await this.openQuickFix(finding, title);
    await this.pick(title);
  }

  /** Waits until the editor shows text that `predicate` accepts; returns the text. */
  async expectText(what, predicate, { timeout = 30_000 } = {}) {
    let text = '';
    await this.t.until(what, async () => predicate((text = await this.text())) || { text }, timeout);
    return text;
  }

  /** Ctrl+S, and waits until the tab is no longer dirty. */
  async save() {
    await this.t.step('save', async () => {
      await this.page.keyboard.press('Control+S');
      await this.page.locator('.part.editor .tab.active:not(.dirty)').waitFor();
    });
  }
}
