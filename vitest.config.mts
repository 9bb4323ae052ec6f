// `npm test`: everything that needs no Docker Engine and no browser. The Docker tests have their own
// config (test/docker/vitest.config.mts, `npm run test:docker`), the editor tests their own runner (`npm run test:ui`).
import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    exclude: [...configDefaults.exclude, 'test/docker/**', 'test/ui/**'],
    // The debugger test builds the pinned Delve from its module on a fresh machine.
    testTimeout: 30_000,
    hookTimeout: 600_000,
  },
});
