// The unit tier as Stryker runs it (`stryker.config.json`): the same specs, with every fast-check
// property capped at FAST_CHECK_MAX_RUNS runs (`test/helpers/property-runs.ts`; 100 unless the
// environment already sets it, e.g. `FAST_CHECK_MAX_RUNS=5000 npx stryker run` for the full
// properties). `npm test` and `npm run test:unit` do not load this file and keep their run counts.
const unit = require('./jest.unit.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...unit,
  setupFiles: ['<rootDir>/test/mutation-setup.js'],
};
