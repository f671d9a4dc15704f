// Mutation testing: which lines of the product no test guards. `npm run mutate` measures utils/
// (hours on a 2-core machine); `MUTATE='utils/ui/*.ts,utils/*.ts' npm run mutate` only those files,
// and `MUTATE='components/**/*.ts'` reaches the folders left out by default.
// The per-folder scores are printed at the end by scripts/mutation-summary.ts.
// Each mutant runs the unit and integration tests that reach it, as vitest.mutate.config.ts runs
// them (one module cache per run, the quickest files first), and stops at the first failure.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutate.config.ts', related: true },
  coverageAnalysis: 'perTest',
  mutate: process.env.MUTATE?.split(',') ?? ['utils/**/*.ts'],
  // Module-level constants run once per test file, so a mutant there would need the whole suite:
  // left out, which keeps a run in hours rather than days.
  ignoreStatic: true,
  // Three runners on two cores: the tests mostly wait on the local api.video, not on the CPU.
  concurrency: 3,
  timeoutMS: 15_000,
  reporters: ['clear-text', 'json', 'progress'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
