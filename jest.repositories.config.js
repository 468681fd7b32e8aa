// The repository tier alone (`npm run test:repositories`): `test/repositories/*.repo-spec.ts`,
// each repository's SQL on a real, migrated PostgreSQL, the one the global setup provides
// (embedded, or DATABASE_URL). Transpiled file by file like the unit tier: no Swagger plugin is
// needed without the app, and type errors are `npm run check`'s job.
const base = require('./jest.config.js');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/repositories'],
  testRegex: '.*\\.repo-spec\\.ts$',
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: { isolatedModules: true } }],
  },
};
