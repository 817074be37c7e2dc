import { defineConfig } from 'vitest/config';

// One runner for every suite. Store and server suites run against the embedded database and a
// real PostgreSQL server that test/global-setup starts (or TEST_DATABASE_URL names).
//
// Two groups, one after the other. First the unit, store and server suites, two files at a time:
// much of their time is spent waiting (on PostgreSQL, sockets, timers), so even on a two-core
// machine two overlap well; Vitest's default there would be one. Then, one file at a time, the
// browser journeys and the three-node cluster test, which drive processes of their own (a browser,
// three server nodes) on timeouts a starved machine would miss.
const together = { sequence: { groupOrder: 0 }, maxWorkers: 2 };
const alone = { sequence: { groupOrder: 1 }, maxWorkers: 1 };
const cluster = 'apps/server/src/cluster.test.ts';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          ...together,
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
          ...together,
          include: ['packages/store/src/**/*.test.ts'],
          globalSetup: ['packages/store/test/postgres-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'server',
          ...together,
          include: ['apps/server/src/**/*.test.ts'],
          exclude: [cluster],
          globalSetup: ['packages/store/test/postgres-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'cluster',
          ...alone,
          include: [cluster],
          globalSetup: ['packages/store/test/postgres-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          ...alone,
          include: ['e2e/src/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
