/**
 * How many runs a fast-check property makes: `runs` (what `npm test` runs), capped by
 * `FAST_CHECK_MAX_RUNS` when that is set. Only the mutation run sets it (`jest.mutation.config.js`):
 * Stryker re-runs a module's related specs for many of its mutants, and at 5,000 runs a property
 * made a single module take over an hour. Fixed cases, not the properties, are what kill mutants.
 */
export function propertyRuns(runs: number): number {
  const cap = Number(process.env.FAST_CHECK_MAX_RUNS);
  return Number.isInteger(cap) && cap > 0 ? Math.min(runs, cap) : runs;
}
