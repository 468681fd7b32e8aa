import { ProspectFields } from '../prospect-fields';
import { prospectRow } from '../../../../test/helpers/prospect-rows';
import { collapseBatch } from './batch-identity';

const person = (fields: Partial<ProspectFields>): ProspectFields => prospectRow('X', fields);

const li = (slug: string) => `https://linkedin.com/in/${slug}`;

describe('collapseBatch', () => {
  it('merges rows with the same LinkedIn URL; later non-empty values win', () => {
    const { rows, merged } = collapseBatch([
      person({ linkedin_url: li('a'), title: 'CEO', city: 'Oslo' }),
      person({ linkedin_url: li('a'), title: 'CTO' }),
    ]);
    expect(merged).toBe(1);
    expect(rows).toEqual([person({ linkedin_url: li('a'), title: 'CTO', city: 'Oslo' })]);
  });

  it('merges on email when one of the rows has no LinkedIn URL', () => {
    const { rows } = collapseBatch([
      person({ email: 'a@x.com' }),
      person({ email: 'a@x.com', linkedin_url: li('a') }),
      person({ email: 'a@x.com', title: 'VP' }),
    ]);
    expect(rows).toEqual([person({ email: 'a@x.com', linkedin_url: li('a'), title: 'VP' })]);
  });

  it('keeps two LinkedIn profiles apart even when they share an email', () => {
    const { rows, merged } = collapseBatch([
      person({ email: 'info@x.com', linkedin_url: li('a') }),
      person({ email: 'info@x.com', linkedin_url: li('b') }),
    ]);
    expect(merged).toBe(0);
    expect(rows).toHaveLength(2);
  });
});
