import { CanonicalLinkedinKeys1764210000000 } from '../migrations/1764210000000-CanonicalLinkedinKeys';
import { startTestApp, TestApp, TestWorkspace } from './helpers/test-app';

/**
 * The migration that recomputes stored LinkedIn identities, run on rows as the earlier rules
 * stored them (contacts: any linkedin.com path, `%xx` escapes lower-cased; prospect import:
 * `/in|pub/<ascii slug>`), including rows that now have the same identity.
 */
describe('Canonical LinkedIn keys migration (e2e)', () => {
  let t: TestApp;
  let a: TestWorkspace;
  let b: TestWorkspace;
  let minute = 0;

  beforeAll(async () => {
    t = await startTestApp();
    a = await t.createWorkspace();
    b = await t.createWorkspace();
  });
  afterAll(() => t.close());

  /** A contact as the old code stored it: `https://` + the key. */
  const oldContact = async (
    workspace: TestWorkspace,
    name: string,
    key: string,
    email: string | null = null,
  ) => {
    await t.dataSource.query(
      `INSERT INTO contacts (workspace_id, full_name, email, email_normalized, linkedin_url,
                             linkedin_url_normalized, source, created_at)
       VALUES ($1, $2, $3, $3, $4, $5, 'api', now() + make_interval(mins => $6))`,
      [workspace.id, name, email, `https://${key}`, key, ++minute],
    );
  };
  const oldProspect = (name: string, url: string, email: string | null = null) =>
    t.dataSource.query(
      `INSERT INTO prospects (name, email, linkedin_url, created_at)
       VALUES ($1, $2, $3, now() + make_interval(mins => $4))`,
      [name, email, url, ++minute],
    );
  const migrate = async () => {
    const runner = t.dataSource.createQueryRunner();
    await runner.startTransaction();
    await new CanonicalLinkedinKeys1764210000000().up(runner);
    await runner.commitTransaction();
    await runner.release();
  };
  const contacts = async (workspace: TestWorkspace) =>
    Object.fromEntries(
      (
        await t.dataSource.query<{ full_name: string; linkedin_url: string; key: string }[]>(
          `SELECT full_name, linkedin_url, linkedin_url_normalized AS key FROM contacts
           WHERE workspace_id = $1`,
          [workspace.id],
        )
      ).map((row) => [row.full_name, [row.key, row.linkedin_url]]),
    );
  const prospects = async () =>
    Object.fromEntries(
      (
        await t.dataSource.query<{ name: string; linkedin_url: string | null }[]>(
          `SELECT name, linkedin_url FROM prospects`,
        )
      ).map((row) => [row.name, row.linkedin_url]),
    );

  it('gives every stored LinkedIn URL its canonical key, never making two rows one', async () => {
    await oldContact(a, 'Anna', 'linkedin.com/in/anna-m%c3%bcller');
    await oldContact(a, 'Anna Again', 'linkedin.com/in/anna-m%c3%9cller'); // Anna-MÜller
    await oldContact(a, 'John', 'linkedin.com/in/john');
    await oldContact(a, 'John Details', 'linkedin.com/in/john/details/experience');
    await oldContact(a, 'John Mailed', 'linkedin.com/in/john/de', 'john@x.test');
    await oldContact(a, 'Acme', 'linkedin.com/company/acme');
    await oldContact(a, 'Jones', 'linkedin.com/pub/old-jones/12/345/678');
    await oldContact(b, 'Anna In B', 'linkedin.com/in/anna-m%c3%9cller');
    await oldProspect('Anna P', 'https://linkedin.com/in/anna-m%c3%bcller');
    await oldProspect('Pub No Id', 'https://linkedin.com/pub/krzysztof-marzec', 'k@x.test');
    await oldProspect('Pub No Id Nor Email', 'https://linkedin.com/pub/nobody');
    await oldProspect('Ada', 'https://linkedin.com/in/ada-lovelace');
    await oldProspect('Ada Again', 'https://www.linkedin.com/in/Ada-Lovelace/');
    await oldProspect('Plain', 'https://linkedin.com/in/plain-person');

    await migrate();

    const anna = ['linkedin.com/in/anna-müller', 'https://linkedin.com/in/anna-m%C3%BCller'];
    expect(await contacts(a)).toEqual({
      Anna: anna,
      // Same person as the older Anna: keeps the old key, which no input produces any more.
      'Anna Again': [
        'linkedin.com/in/anna-m%c3%9cller',
        'https://linkedin.com/in/anna-m%c3%9cller',
      ],
      John: ['linkedin.com/in/john', 'https://linkedin.com/in/john'],
      'John Details': [
        'linkedin.com/in/john/details/experience',
        'https://linkedin.com/in/john/details/experience',
      ],
      // With an email, a shared LinkedIn key breaks no rule.
      'John Mailed': ['linkedin.com/in/john', 'https://linkedin.com/in/john'],
      Acme: ['linkedin.com/company/acme', 'https://linkedin.com/company/acme'],
      Jones: ['linkedin.com/in/old-jones-67834512', 'https://linkedin.com/in/old-jones-67834512'],
    });
    expect(await contacts(b)).toEqual({ 'Anna In B': anna });
    expect(await prospects()).toEqual({
      'Anna P': 'https://linkedin.com/in/anna-m%C3%BCller',
      'Pub No Id': null, // recognised by its email now
      'Pub No Id Nor Email': 'https://linkedin.com/pub/nobody',
      Ada: 'https://linkedin.com/in/ada-lovelace',
      'Ada Again': 'https://www.linkedin.com/in/Ada-Lovelace/',
      Plain: 'https://linkedin.com/in/plain-person',
    });

    // Run again, it changes nothing.
    const before = [await contacts(a), await contacts(b), await prospects()];
    await migrate();
    expect([await contacts(a), await contacts(b), await prospects()]).toEqual(before);
  });

  it('leaves keys that save recognises in every spelling', async () => {
    const res = await t
      .http()
      .post('/v1/prospects/save')
      .set(a.auth)
      .send({
        prospects: [
          { name: 'Anna', linkedin_url: 'https://de.linkedin.com/in/Anna-M%C3%BCller/' },
          { name: 'Jones', linkedin_url: 'http://uk.linkedin.com/pub/old-jones/12/345/678' },
          { name: 'Jones', linkedin_url: 'https://www.linkedin.com/in/old-jones-67834512' },
        ],
      })
      .expect(201);
    expect(res.body.data).toMatchObject({ created: 0, skipped: 3 });
  });
});
