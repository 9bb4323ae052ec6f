// extensionTestsPath: VS Code loads this in the extension host and calls run(); a rejection makes the test
// run exit with 1. Each result is one console line "GODOCK-EXTHOST {json}", which the runner reads.
const fs = require('node:fs');
const path = require('node:path');
const { tests } = require('./harness.cjs');

function report(result) {
  console.log(`GODOCK-EXTHOST ${JSON.stringify(result)}`);
}

exports.run = async function run() {
  const dir = path.join(__dirname, 'tests');
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.cjs')).sort()) require(path.join(dir, file));
  const only = process.env.GODOCK_EXTHOST_GREP ? new RegExp(process.env.GODOCK_EXTHOST_GREP, 'i') : undefined;
  let failed = 0;
  for (const test of tests) {
    if (only && !only.test(test.name)) continue;
    const started = Date.now();
    let timer;
    try {
      await Promise.race([
        test.fn(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${test.timeout / 1000} s`)), test.timeout);
        }),
      ]);
      report({ name: test.name, status: 'passed', ms: Date.now() - started });
    } catch (error) {
      failed++;
      report({ name: test.name, status: 'failed', ms: Date.now() - started, error: String(error?.stack ?? error) });
    } finally {
      clearTimeout(timer);
    }
  }
  if (failed) throw new Error(`${failed} extension host test(s) failed`);
};
