// The throughput peer: dockerfile-utils' validator alone (what rcjsuen's server runs per edit) over the
// Dockerfiles of the given folders, read from disk like `godock lint` does. Prints the number of files.
const fs = require('node:fs');
const path = require('node:path');
const { validate } = require('dockerfile-utils');

const NAME = /^(dockerfile|containerfile)([.-].*)?$|\.dockerfile$/i;
let files = 0;
let problems = 0;
for (const dir of process.argv.slice(2)) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isFile() || !NAME.test(entry.name)) continue;
    problems += validate(fs.readFileSync(path.join(dir, entry.name), 'utf8')).length;
    files++;
  }
}
process.stdout.write(`${files} ${problems}\n`);
