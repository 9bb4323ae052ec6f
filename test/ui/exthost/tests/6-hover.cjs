const { vscode, assert, test, open } = require('../harness.cjs');

test('hovering GOPROXY in a RUN line explains it in a container', async () => {
  const document = await open('hello-api/Dockerfile');
  const line = [...Array(document.lineCount).keys()].find((i) => document.lineAt(i).text.includes('GOPROXY'));
  assert.notEqual(line, undefined, 'the Dockerfile sets GOPROXY');
  const position = new vscode.Position(line, document.lineAt(line).text.indexOf('GOPROXY') + 2);
  const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', document.uri, position);
  const text = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
  assert.match(text, /GOPROXY/);
  assert.match(text, /ENV/);
});
