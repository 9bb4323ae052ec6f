/** Dockerfiles from the grammar through the whole engine; see properties.ts for what must hold. */
import fc from 'fast-check';
import { it } from 'vitest';
import { dockerfileCase } from './dockerfileGen';
import { checkCase } from './properties';
import { FUZZ_TIMEOUT_MS, fuzzParameters } from './settings';

it('Dockerfiles from the grammar keep every property', { timeout: FUZZ_TIMEOUT_MS }, () => {
  fc.assert(fc.property(dockerfileCase, checkCase), fuzzParameters());
});
