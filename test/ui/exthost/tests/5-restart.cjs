const { vscode, assert, test, open, lint, expectDiagnostics } = require('../harness.cjs');

test('Godock: Restart Language Server, then the server still lints edits', async () => {
  const document = await open('hello-api/Dockerfile');
  const expected = lint(document.uri);
  await expectDiagnostics(document.uri, expected);
  await vscode.commands.executeCommand('godock.restartServer');
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, new vscode.Position(0, 0), '# godock-ignore-file DF004\n');
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(await document.save());
  const edited = lint(document.uri);
  assert.ok(!edited.some((f) => f.id === 'DF004'), 'the CLI honours godock-ignore-file');
  await expectDiagnostics(document.uri, edited);
  await vscode.commands.executeCommand('undo');
  assert.ok(await document.save());
  await expectDiagnostics(document.uri, expected);
  await vscode.commands.executeCommand('godock.showOutput');
});
