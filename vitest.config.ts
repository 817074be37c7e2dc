import { defineConfig } from 'vitest/config';

// One runner for every suite. Store and server suites run against the embedded database and a
// real PostgreSQL server that test/global-setup starts (or TEST_DATABASE_URL names).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'packages/{contracts,core,pci,mail}/src/**/*.test.ts',
            'apps/desktop/src/**/*.test.ts',
            'apps/widget/src/**/*.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'store',
          include: ['packages/store/src/**/*.test.ts'],
          globalSetup: ['packages/store/test/postgres-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'server',
          include: ['apps/server/src/**/*.test.ts'],
          globalSetup: ['packages/store/test/postgres-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/src/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
