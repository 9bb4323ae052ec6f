const fs = require('node:fs');
const { vscode, assert, test, open, lint, diagnostics, waitFor } = require('../harness.cjs');

/** Waits until the editor shows the findings of the CLI: each rule id and message at its line (a restarted server's). */
async function expectFindings(uri, expected) {
  const key = (f) => `${f.id} ${f.line}:${f.column} ${f.message}`;
  const want = JSON.stringify(expected.map(key).sort());
  await waitFor(`the findings of ${uri.fsPath}: ${want}`, () => {
    const got = diagnostics(uri).map(key).sort();
    return JSON.stringify(got) === want || got;
  });
}

/** The Godock language servers this extension host started: its child processes running server/out/server.js. */
function serverPids() {
  const pids = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The fields after the command name (in parentheses, which may hold spaces): state, then the parent pid.
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === process.pid && /server[\\/]out[\\/]server\.js/.test(cmdline)) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

test('Godock: a killed language server is started again and diagnostics come back', async () => {
  const document = await open('hello-api/Dockerfile');
  const expected = lint(document.uri);
  await expectFindings(document.uri, expected);

  // Twice: the client restarts a crashed server up to four times in three minutes, not only once.
  for (const round of [1, 2]) {
    const [pid] = serverPids();
    assert.ok(pid, `round ${round}: the language server is a child of the extension host`);
    process.kill(pid, 'SIGKILL');
    await waitFor(`a new language server after killing ${pid}`, () => {
      const now = serverPids();
      return (now.length === 1 && now[0] !== pid) || now;
    });
    await expectFindings(document.uri, expected);
  }

  // The new server follows edits, not only the state it started with.
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, new vscode.Position(0, 0), '# godock-ignore-file DF004\n');
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(await document.save());
  const edited = lint(document.uri);
  await expectFindings(document.uri, edited);
  await vscode.commands.executeCommand('undo');
  assert.ok(await document.save());
  await expectFindings(document.uri, expected);
}, 120_000);
