const fs = require('node:fs');
const { assert, test, open, lint, expectDiagnostics } = require('../harness.cjs');

for (const file of ['hello-api/Dockerfile', 'dev-compose/compose.yaml', 'compose-debug/compose.yaml', 'compose-debug/Dockerfile']) {
  test(`diagnostics of ${file} equal \`godock lint --format json\``, async () => {
    const document = await open(file);
    await expectDiagnostics(document.uri, lint(document.uri));
  });
}

test('each diagnostic links to its rule page, shipped in the installed extension', async () => {
  const document = await open('hello-api/Dockerfile');
  const found = await expectDiagnostics(document.uri, lint(document.uri));
  assert.ok(found.length > 0);
  for (const f of found) {
    assert.ok(f.docs, `${f.id} has a link`);
    assert.match(f.docs.path, new RegExp(`/docs/rules/${f.id}\\.md$`));
    assert.ok(fs.existsSync(f.docs.fsPath), `${f.docs.fsPath} exists`);
  }
});
