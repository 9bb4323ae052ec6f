/**
 * The fuzz runs: a fixed seed and 2,000 inputs per generator in `npm test`; `npm run fuzz` sets
 * GODOCK_FUZZ_RUNS (100,000) and, with `-- --seed N`, GODOCK_FUZZ_SEED. A failure prints fast-check's seed
 * and path, which replay the exact input.
 */
import type fc from 'fast-check';

export const FUZZ_SEED = 20261123;

export function fuzzParameters(): fc.Parameters<unknown> {
  const seed = Number(process.env.GODOCK_FUZZ_SEED ?? FUZZ_SEED);
  const numRuns = Number(process.env.GODOCK_FUZZ_RUNS ?? 2000);
  return { seed, numRuns, endOnFailure: true };
}

/** Long runs get their time; the per-document budget is the property that matters. */
export const FUZZ_TIMEOUT_MS = Number(process.env.GODOCK_FUZZ_RUNS ?? 2000) * 100 + 60_000;
