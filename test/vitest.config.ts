import { defineConfig } from 'vitest/config';

/**
 * Four tiers (see README): unit (pure), integration (real PostgreSQL, Redis and PGlite),
 * e2e (the real server as a child process, simulators as stations), browser (the web console in Chromium).
 */
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    // The JSON report lets .ci/run print a plain "N passed, N failed" line.
    reporters: ['default', ['json', { outputFile: 'tmp/test-report.json' }]],
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 10_000 } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          globalSetup: ['test/helpers/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          globalSetup: ['test/helpers/global-setup.ts'],
          // Each e2e file starts servers and fleets: run them one at a time on a 2-core machine.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          // OCTT's CSMS test cases (test/conformance/README in the main README): one file per block,
          // one platform per file; two files at a time keeps the suite within a couple of minutes.
          name: 'conformance',
          include: ['test/conformance/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          globalSetup: ['test/helpers/global-setup.ts'],
          maxWorkers: 2,
          // A pool size of its own needs a group of its own: it runs after unit, integration and e2e.
          sequence: { groupOrder: 1 },
        },
      },
      {
        extends: true,
        test: {
          // The web console in a real Chromium (Debian's package, driven by playwright-core).
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          globalSetup: ['test/helpers/global-setup.ts', 'test/browser/console-setup.ts'],
          fileParallelism: false,
        },
      },
    ],
  },
});
