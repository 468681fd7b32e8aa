// Everything (`npm test`): the unit specs (`src/**/*.spec.ts`), the repository tier
// (`test/repositories/*.repo-spec.ts`) and the e2e suites (`test/*.e2e-spec.ts`), on the
// PostgreSQL the global setup provides.
/** @type {import('jest').Config} */
module.exports = {
  moduleFileExtensions: ['js', 'json', 'ts'],
  rootDir: '.',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '.*\\.(spec|repo-spec|e2e-spec)\\.ts$',
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        // The same swagger plugin as `nest build`, so the served OpenAPI document is identical.
        // Node16 modules keep `import()` of ESM-only packages intact in the build; Jest never loads those.
        diagnostics: { ignoreCodes: [151002] },
        astTransformers: { before: ['<rootDir>/test/swagger-plugin-transformer.js'] },
      },
    ],
  },
  testEnvironment: 'node',
  globalSetup: '<rootDir>/test/global-setup.mjs',
  globalTeardown: '<rootDir>/test/global-teardown.mjs',
  testTimeout: 60000,
};
