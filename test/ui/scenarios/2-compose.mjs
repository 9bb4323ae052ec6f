// Scenario 4: a compose file that publishes Delve's port 2345 on every interface.
import { scenario } from '../lib/scenario.mjs';

scenario('compose: publishing Delve on 2345:2345 is an error (DC003), fixed to 127.0.0.1', { workspace: 'test/ui/workspaces/compose-debug' }, async (t) => {
  const expected = t.lint('compose.yaml');
  const editor = await t.open('compose.yaml');
  await t.wb.expectProblems('compose.yaml', expected);
  await editor.expectSquiggles(expected);

  // From here on DC003 itself: skipped while the catalog has no DC003, required once it has.
  const rule = t.rules().find((r) => r.id === 'DC003');
  if (!rule) t.skip('DC003 is not in the rule catalog yet (godock rules --format json); the Problems panel matched the CLI');
  const finding = expected.find((f) => f.id === 'DC003');
  t.assert.ok(finding, 'the CLI reports DC003 for "2345:2345"');
  t.assert.equal(finding.severity, 'error');
  t.assert.ok(finding.fix, 'DC003 has a fix');
  await t.until('the status bar counts the error', async () => {
    const counts = await t.wb.statusCounts();
    return counts.errors >= 1 || counts;
  });

  await editor.openQuickFix(finding, finding.fix.title);
  await t.screenshot('compose-fix');
  await editor.pick(finding.fix.title);
  await editor.expectText('the port becomes "127.0.0.1:2345:2345"', (text) => text.includes('127.0.0.1:2345:2345') && !/["'\s]2345:2345/.test(text));
  await editor.save();
  t.assert.match(t.read('compose.yaml'), /127\.0\.0\.1:2345:2345/);

  const after = t.lint('compose.yaml');
  t.assert.ok(!after.some((f) => f.id === 'DC003'), 'the CLI no longer reports DC003 on the fixed file');
  await t.wb.expectProblems('compose.yaml', after);
});
