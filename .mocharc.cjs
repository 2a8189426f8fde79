// One mocha run for the whole suite: unit, integration (real Postgres/Redis when their URLs are set,
// PGlite and in-process always), acceptance (the real process over TCP). Benchmarks are not tests.
module.exports = {
  'node-option': ['import=tsx'],
  // TEST_SPEC=glob[,glob] narrows a local run to some files; npm test and CI run everything.
  spec: process.env.TEST_SPEC
    ? process.env.TEST_SPEC.split(',')
    : ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts', 'test/acceptance/**/*.test.ts'],
  extension: ['ts'],
  reporter: './test/support/summary-reporter.cjs',
  timeout: 20000,
  exit: true,
};
