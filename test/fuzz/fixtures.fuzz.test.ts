/** Every fixture of the repository, as it is and mutated, through the whole engine; see properties.ts. */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { documentKind } from '../../server/src/model';
import { fixtureCases, mutatedFixtureCase } from './mutate';
import { checkCase } from './properties';
import { FUZZ_TIMEOUT_MS, fuzzParameters } from './settings';

const fixtures = fixtureCases();

it('finds the Dockerfiles, compose files and air configs of test/rules, the false-positive sets and examples', () => {
  expect(fixtures.length).toBeGreaterThan(150);
  expect(new Set(fixtures.map((f) => documentKind(f.path)))).toEqual(new Set(['dockerfile', 'compose', 'air']));
});

it('every fixture as it is keeps every property', () => {
  for (const fixture of fixtures) checkCase(fixture);
});

it('mutated fixtures keep every property', { timeout: FUZZ_TIMEOUT_MS }, () => {
  fc.assert(fc.property(mutatedFixtureCase(fixtures), checkCase), fuzzParameters());
});
