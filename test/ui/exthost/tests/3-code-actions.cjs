const fs = require('node:fs');
const path = require('node:path');
const { vscode, assert, test, open, lint, expectDiagnostics, rangeOf, workspace } = require('../harness.cjs');

async function quickFixes(uri, finding) {
  return vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, rangeOf(finding), vscode.CodeActionKind.QuickFix.value);
}

for (const file of ['hello-api/Dockerfile', 'dev-compose/compose.yaml', 'compose-debug/compose.yaml']) {
  test(`every fixable finding of ${file} offers its fix as a quick fix`, async () => {
    const document = await open(file);
    const expected = lint(document.uri);
    await expectDiagnostics(document.uri, expected);
    for (const finding of expected.filter((f) => f.fix)) {
      const actions = await quickFixes(document.uri, finding);
      const titles = actions.map((a) => a.title);
      const action = actions.find((a) => a.title === finding.fix.title);
      assert.ok(action, `${finding.id} offers "${finding.fix.title}"; offered: ${JSON.stringify(titles)}`);
      assert.equal(Boolean(action.isPreferred), Boolean(finding.fix.preferred), `${finding.id}: preferred`);
    }
  });
}

test('applying the DF004 fix writes ENV, and DF004 goes away', async () => {
  // A copy, so the other tests keep the original.
  const from = path.join(workspace().fsPath, 'hello-api');
  const to = path.join(workspace().fsPath, 'fix-df004');
  fs.cpSync(from, to, { recursive: true });
  const document = await open('fix-df004/Dockerfile');
  const expected = lint(document.uri);
  await expectDiagnostics(document.uri, expected);
  const finding = expected.find((f) => f.id === 'DF004');
  const action = (await quickFixes(document.uri, finding)).find((a) => a.title === finding.fix.title);
  assert.ok(action?.edit, 'the DF004 fix carries an edit');
  assert.ok(await vscode.workspace.applyEdit(action.edit));
  if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  assert.match(document.lineAt(finding.line - 1).text, /^ENV GOPROXY=/);
  assert.ok(await document.save());
  const after = lint(document.uri);
  assert.ok(!after.some((f) => f.id === 'DF004'));
  await expectDiagnostics(document.uri, after);
});
