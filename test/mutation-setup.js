// Loaded by `jest.mutation.config.js` only (the Stryker run), before each spec file.
process.env.FAST_CHECK_MAX_RUNS ??= '100';
