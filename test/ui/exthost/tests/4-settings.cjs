const { vscode, test, open, lint, expectDiagnostics } = require('../harness.cjs');

test('the godock.rules setting reaches the server: off, error, then back to the default', async () => {
  const document = await open('hello-api/Dockerfile');
  const expected = lint(document.uri);
  const config = () => vscode.workspace.getConfiguration('godock', document.uri);
  await expectDiagnostics(document.uri, expected);
  try {
    await config().update('rules', { DF004: 'off' }, vscode.ConfigurationTarget.Workspace);
    await expectDiagnostics(document.uri, expected.filter((f) => f.id !== 'DF004'));
    await config().update('rules', { DF004: 'error' }, vscode.ConfigurationTarget.Workspace);
    await expectDiagnostics(document.uri, expected.map((f) => (f.id === 'DF004' ? { ...f, severity: 'error' } : f)));
  } finally {
    await config().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
  }
  await expectDiagnostics(document.uri, expected);
});
