import { defineConfig } from 'vitest/config';

// Two projects: unit tests need nothing; build and browser tests share one build of the sites,
// made once by the global setup before they run.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 240_000,
    reporters: process.env.CI ? ['verbose'] : ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'site',
          include: ['tests/build/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/helpers/build-sites.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
