/** Dockerfiles from the grammar through the whole engine; see properties.ts for what must hold. */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { dockerfileCase } from './dockerfileGen';
import { checkCase } from './properties';
import { FUZZ_SEED, FUZZ_TIMEOUT_MS, fuzzParameters } from './settings';

it('Dockerfiles from the grammar keep every property', { timeout: FUZZ_TIMEOUT_MS }, () => {
  fc.assert(fc.property(dockerfileCase, checkCase), fuzzParameters());
});

it('the README states the seed and the counts', async () => {
  const { readFileSync } = await import('node:fs');
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  expect(readme).toContain(`seed ${FUZZ_SEED}`);
  expect(readme).toMatch(/2,000 inputs per generator[\s\S]*100,000 per generator/);
});
