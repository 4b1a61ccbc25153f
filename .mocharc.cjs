// One runner for every suite: unit, generator (yeoman-test), lint (hadolint), e2e (real engine).
// TypeScript loads through tsx. Every wait inside the tests is bounded; this timeout is the last net.
module.exports = {
  // require(esm) off: mocha then import()s the .ts specs, so a spec and the code it loads share one module graph.
  'node-option': ['import=tsx', 'no-experimental-require-module'],
  reporter: './test/support/totals-reporter.cjs',
  require: ['./test/support/no-pypi.cjs'],
  timeout: 900000,
  slow: 20000,
  exit: true,
};
