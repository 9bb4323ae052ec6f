// The Docker tests alone: npx vitest run --config test/docker/vitest.config.mts
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['test/docker/**/*.test.ts'],
    globalSetup: ['test/docker/globalSetup.ts'],
    // The first run may install packages and build the base images (a few minutes, in the global setup);
    // each test sets its own limit too.
    testTimeout: 10 * 60_000,
    hookTimeout: 10 * 60_000,
    // Builds and containers share 2 cores: one file at a time.
    fileParallelism: false,
  },
});
