/** Compose files with anchors, aliases and merge keys through the whole engine; see properties.ts. */
import fc from 'fast-check';
import { it } from 'vitest';
import { composeCase } from './composeGen';
import { checkCase } from './properties';
import { FUZZ_TIMEOUT_MS, fuzzParameters } from './settings';

it('compose files from the generator keep every property', { timeout: FUZZ_TIMEOUT_MS }, () => {
  fc.assert(fc.property(composeCase, checkCase), fuzzParameters());
});
