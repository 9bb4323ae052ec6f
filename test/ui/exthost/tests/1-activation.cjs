const { vscode, assert, test, waitFor, open } = require('../harness.cjs');

test('activates on a Dockerfile and registers every contributed command', async () => {
  const extension = vscode.extensions.getExtension('godock.godock');
  assert.ok(extension, 'godock.godock is installed');
  await open('hello-api/Dockerfile');
  await waitFor('activation', () => extension.isActive || 'not active');
  const commands = await vscode.commands.getCommands(true);
  for (const { command } of extension.packageJSON.contributes.commands) assert.ok(commands.includes(command), `${command} is registered`);
});
