#!/usr/bin/env node
// `npm run fuzz [-- --seed N] [--runs N]`: the fuzz tests with 100,000 inputs per generator (npm test runs 2,000).
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { seed: { type: 'string' }, runs: { type: 'string', default: '100000' } } });
const env = { ...process.env, GODOCK_FUZZ_RUNS: values.runs, ...(values.seed ? { GODOCK_FUZZ_SEED: values.seed } : {}) };
console.log(`Fuzzing with seed ${values.seed ?? 'fixed (test/fuzz/settings.ts)'}, ${values.runs} inputs per generator`);
const result = spawnSync('npx', ['vitest', 'run', 'test/fuzz'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
