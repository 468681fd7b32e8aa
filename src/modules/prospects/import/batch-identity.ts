import { ProspectFields } from '../prospect-fields';

/** Rows of one batch, with the same person appearing at most once. */
export interface CollapsedBatch {
  rows: ProspectFields[];
  /** Rows merged into an earlier row of the same batch. */
  merged: number;
}

/** Later non-empty values win: a second row for a person refreshes the first. */
function merge(into: ProspectFields, from: ProspectFields): void {
  for (const [key, value] of Object.entries(from) as [keyof ProspectFields, unknown][]) {
    if (value !== null) (into as unknown as Record<string, unknown>)[key] = value;
  }
}

/**
 * Collapses the same person within one batch, by the identity rule: the same LinkedIn URL, or
 * else the same email when at least one of the two rows has no LinkedIn URL.
 */
export function collapseBatch(rows: readonly ProspectFields[]): CollapsedBatch {
  const kept: ProspectFields[] = [];
  const byLinkedin = new Map<string, ProspectFields>();
  const byEmail = new Map<string, ProspectFields>();
  for (const row of rows) {
    const sameLinkedin = row.linkedin_url ? byLinkedin.get(row.linkedin_url) : undefined;
    const sameEmail = row.email ? byEmail.get(row.email) : undefined;
    const earlier =
      sameLinkedin ??
      (sameEmail && (!row.linkedin_url || !sameEmail.linkedin_url) ? sameEmail : undefined);
    const person = earlier ?? { ...row };
    if (earlier) merge(earlier, row);
    else kept.push(person);
    if (person.linkedin_url && !byLinkedin.has(person.linkedin_url))
      byLinkedin.set(person.linkedin_url, person);
    if (person.email && !byEmail.has(person.email)) byEmail.set(person.email, person);
  }
  return { rows: kept, merged: rows.length - kept.length };
}
