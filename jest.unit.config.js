// The unit tier alone (`npm run test:unit`, and the specs Stryker runs): `src/**/*.spec.ts`, no
// database, so no global setup. Files are transpiled one by one (`isolatedModules`): type errors
// are `npm run check`'s job, and skipping the type check here is what makes this tier take seconds.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  moduleFileExtensions: base.moduleFileExtensions,
  rootDir: base.rootDir,
  roots: ['<rootDir>/src'],
  testRegex: '.*\\.spec\\.ts$',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true } }],
  },
  testEnvironment: base.testEnvironment,
};
