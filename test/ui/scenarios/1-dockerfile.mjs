// Scenarios 1–3: the single-stage Go Dockerfile of examples/hello-api (FROM golang:latest, RUN go env -w).
// What the editor must show comes from `godock lint --format json`, so these stay true as rules land.
import fs from 'node:fs';
import { scenario } from '../lib/scenario.mjs';

/** `docs/rules/DF004.md` of a docs URL, whatever folder the rule pages are in. */
const docsPage = (url) => /docs\/rules\/[^/]+\.md$/.exec(url)?.[0];

scenario('Dockerfile: squiggles, Problems panel and hover show what the CLI finds', { workspace: 'examples/hello-api' }, async (t) => {
  const expected = t.lint('Dockerfile');
  for (const id of ['DF001', 'DF004']) t.assert.ok(expected.some((f) => f.id === id), `the CLI reports ${id} for examples/hello-api/Dockerfile`);

  const editor = await t.open('Dockerfile');
  const rows = await t.wb.expectProblems('Dockerfile', expected);
  for (const row of rows) {
    t.assert.equal(docsPage(row.href), `docs/rules/${row.code}.md`, `the Problems panel links ${row.code} to its rule page`);
  }
  await editor.expectSquiggles(expected);
  const warnings = expected.filter((f) => f.severity === 'warning').length;
  await t.until(`the status bar counts at least ${warnings} warnings`, async () => {
    const counts = await t.wb.statusCounts();
    return counts.warnings >= warnings || counts;
  });

  const finding = expected.find((f) => f.id === 'DF004');
  const hover = await editor.hover(finding);
  t.assert.ok(hover.text.includes(finding.message), `the hover shows the message:\n${hover.text}`);
  const link = hover.links.find((l) => l.text === finding.id);
  t.assert.ok(link, `the hover links ${finding.id}: ${JSON.stringify(hover.links)}`);
  t.assert.equal(docsPage(link.href), docsPage(finding.docs), 'the hover links the rule page the CLI names');
  // The link points into the installed extension: the page must have been packaged.
  t.assert.ok(fs.existsSync(decodeURIComponent(new URL(link.href).pathname)), `${link.href} exists in the installed extension`);
  await t.screenshot('diagnostics');
});

scenario('Dockerfile: the DF004 quick fix turns `RUN go env -w` into ENV', { workspace: 'examples/hello-api' }, async (t) => {
  const expected = t.lint('Dockerfile');
  const finding = expected.find((f) => f.id === 'DF004');
  t.assert.ok(finding?.fix, 'the CLI reports DF004 with a fix');
  const line = t.read('Dockerfile').split('\n')[finding.line - 1];
  const setting = /go env -w\s+(\S+=\S+)/.exec(line)?.[1];
  t.assert.ok(setting, `line ${finding.line} sets a Go setting: ${line}`);

  const editor = await t.open('Dockerfile');
  await t.wb.expectProblems('Dockerfile', expected);
  await editor.quickFix(finding, finding.fix.title);
  await editor.expectText(`line ${finding.line} becomes ENV ${setting}`, (text) => text.split('\n')[finding.line - 1] === `ENV ${setting}`);
  await editor.save();
  t.assert.equal(t.read('Dockerfile').split('\n')[finding.line - 1], `ENV ${setting}`);

  const after = t.lint('Dockerfile');
  t.assert.ok(!after.some((f) => f.id === 'DF004'), 'the CLI no longer reports DF004 on the fixed file');
  await t.wb.expectProblems('Dockerfile', after);
});

// Scenario 3: the conversion is a refactor.rewrite code action (and DF003's fix once that rule lands). It is
// skipped only while neither exists: no `godock convert` and no DF003 with a fix in the catalog; from then on
// it must pass, under CI as anywhere.
const CONVERT = 'Convert to multi-stage build';

scenario('Dockerfile: "Convert to multi-stage build" from the light bulb', { workspace: 'examples/hello-api' }, async (t) => {
  const converted = t.convert('Dockerfile');
  const df003 = t.rules().find((r) => r.id === 'DF003');
  if (converted.error && !df003?.fix) t.skip(`the conversion does not exist yet (${converted.error}; no DF003 with a fix in the rule catalog)`);
  t.assert.ok(converted.text, `godock convert converts examples/hello-api/Dockerfile: ${converted.error}`);
  const expected = t.lint('Dockerfile');
  const finding = expected.find((f) => f.id === 'DF003');
  if (df003?.fix) t.assert.ok(finding?.fix, 'the CLI reports DF003 with its fix for the single-stage examples/hello-api/Dockerfile');

  const editor = await t.open('Dockerfile');
  await t.wb.expectProblems('Dockerfile', expected);
  // The refactoring by its exact title (DF003's fix says which runtime after it).
  const title = new RegExp(`^\\s*${CONVERT}\\s*$`);
  const offered = await editor.openQuickFix(finding ?? { id: 'FROM', line: 1, column: 1 }, title);
  if (finding) t.assert.ok(offered.some((o) => o.includes(finding.fix.title)), `the menu offers DF003's fix "${finding.fix.title}": ${JSON.stringify(offered)}`);
  await editor.pick(title);
  await editor.expectText('the editor shows what `godock convert --write` writes', (text) => text.trimEnd() === converted.text.trimEnd());
  await editor.save();

  const after = t.lint('Dockerfile');
  t.assert.ok(!after.some((f) => f.id === 'DF003'), 'the CLI reports no DF003 on the converted file');
  await t.wb.expectProblems('Dockerfile', after);
  await t.screenshot('multi-stage');
});

scenario('Dockerfile: the command "Godock: Convert to Multi-Stage Build" asks for the runtime', { workspace: 'examples/hello-api' }, async (t) => {
  const command = t.manifest().contributes.commands.find((c) => c.command === 'godock.convertToMultiStage');
  if (!command) t.skip('the extension contributes no godock.convertToMultiStage command yet');
  const converted = t.convert('Dockerfile', ['--runtime', 'alpine']);
  t.assert.ok(converted.text, `godock convert --runtime alpine converts examples/hello-api/Dockerfile: ${converted.error}`);

  const editor = await t.open('Dockerfile');
  await t.wb.command(`${command.category}: ${command.title}`);
  await t.wb.quickPick('Alpine');
  await editor.expectText('the editor shows what `godock convert --runtime alpine --write` writes', (text) => text.trimEnd() === converted.text.trimEnd());
});
