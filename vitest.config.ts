import { defineConfig } from 'vitest/config';

// Three projects: unit tests need nothing; build and browser tests share one build of the sites,
// made once by the global setup before they run; integration tests start the local services they
// need (DynamoDB Local, s3rver, the mail sink) on free ports and stop them, one file at a time.
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
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          fileParallelism: false,
          // The AWS SDK must never ask the EC2 metadata service for credentials or a region.
          env: { AWS_EC2_METADATA_DISABLED: 'true' },
        },
      },
    ],
  },
});
