/**
 * Benchmarks (`npm run bench`): the test set-up of jest.config.js (transform, embedded PostgreSQL,
 * migrated template database), but only the *.bench.ts files under test/bench, one at a time, with
 * time to run.
 * They print measurements; they do not assert on timing (see test/bench/README.md).
 * @type {import('jest').Config}
 */
module.exports = {
  ...require('./jest.config.js'),
  testMatch: ['<rootDir>/test/bench/**/*.bench.ts'],
  maxWorkers: 1,
  testTimeout: 10 * 60 * 1000,
  // Print each console.log as it happens (not buffered until the file ends).
  verbose: true,
};
