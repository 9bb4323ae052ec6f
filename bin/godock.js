#!/usr/bin/env node
// The `godock` command: the bundled CLI (built by `npm run build`, which `npm ci` runs through `prepare`).
require('../server/out/cli.js').main();
