// Mutation testing (`npm run test:mutation`): Stryker plants one small bug at a time in the code
// that decides about access and changes it, runs the vitest suites that reach it, and counts the
// bugs no test noticed. Not part of `npm test` (it runs the suites once per mutant). With
// TEST_DATABASE_URL set the integration suite runs on PostgreSQL (the races need it), else on PGlite.
// scripts/mutation.mjs prints the score per folder and every survivor from the JSON report.

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
const config = {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.config.ts' },
  coverageAnalysis: 'perTest',
  mutate: [
    'lib/authz/**/*.ts',
    'lib/members/**/*.ts',
    'lib/roles/**/*.ts',
    'lib/db/*.ts',
    '!**/*.test.ts',
    // Data, not decisions: the catalog's entries and the starter roles' key lists.
    '!lib/authz/catalog-data.ts',
    // Engine plumbing tested by its own suites (crash, lock, migrations), not by a mutant per line.
    '!lib/db/{client,open,data-dir-lock,migrations,seed,startup}.ts',
  ],
  // A static mutant (in a module-level constant) needs every test rerun: too slow for what it finds.
  ignoreStatic: true,
  concurrency: 2,
  timeoutMS: 20_000,
  reporters: ['progress', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  // `npm run test:mutation -- --incremental` reruns only what changed since the last run.
  incrementalFile: 'reports/mutation/incremental.json',
  tempDirName: '.stryker-tmp',
  ignorePatterns: ['.next', '.data', 'reports', 'test-results', 'playwright-report', 'e2e'],
  thresholds: { high: 90, low: 80, break: null },
}

export default config
