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

// Scenario 3 runs once DF003 has a fix in the catalog (then it must pass, CI or not); until then it is skipped.
scenario('Dockerfile: convert to a multi-stage build (DF003)', { workspace: 'examples/hello-api' }, async (t) => {
  t.requireFix('DF003');
  const expected = t.lint('Dockerfile');
  const finding = expected.find((f) => f.id === 'DF003');
  t.assert.ok(finding?.fix, 'the CLI reports DF003 with a fix for the single-stage examples/hello-api/Dockerfile');

  const editor = await t.open('Dockerfile');
  await t.wb.expectProblems('Dockerfile', expected);
  await editor.quickFix(finding, finding.fix.title);
  await editor.expectText('the Dockerfile has two stages', (text) => (text.match(/^FROM\s/gim) ?? []).length >= 2);
  await editor.save();
  t.assert.ok((t.read('Dockerfile').match(/^FROM\s/gim) ?? []).length >= 2, 'the saved Dockerfile has two stages');

  const after = t.lint('Dockerfile');
  t.assert.ok(!after.some((f) => f.id === 'DF003'), 'the CLI no longer reports DF003 on the converted file');
  await t.wb.expectProblems('Dockerfile', after);
  await t.screenshot('multi-stage');
});
