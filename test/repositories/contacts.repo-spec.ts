import { randomUUID } from 'node:crypto';
import { EXACT_TOTAL_LIMIT } from '../../src/common/http';
import { isUniqueViolation } from '../../src/database/postgres-errors';
import { CONTACT_FIELD_NAMES } from '../../src/modules/contacts/contact-fields';
import { contactFromItem } from '../../src/modules/contacts/contact-normalization';
import { ContactsRepository } from '../../src/modules/contacts/contacts.repository';
import { PlannedContact } from '../../src/modules/contacts/save-plan';
import { MigratedDatabase, openMigratedDatabase } from '../helpers/migrated-database';
import { insertWorkspace } from './fixtures';

/** A contact as a save plans it: read and normalised from what a client sends. */
function planned(item: Record<string, string>, index = 0): PlannedContact {
  const contact = contactFromItem(item, CONTACT_FIELD_NAMES, {
    requireEmailOrLinkedin: false,
    nameField: 'full_name',
  }).contact!;
  return { index, id: randomUUID(), contact };
}

describe('ContactsRepository (real PostgreSQL)', () => {
  let db: MigratedDatabase;
  let contacts: ContactsRepository;
  let workspace: string;
  let other: string;

  beforeAll(async () => {
    db = await openMigratedDatabase();
    contacts = new ContactsRepository(db.transactions);
    workspace = await insertWorkspace(db);
    other = await insertWorkspace(db);
  });
  afterAll(() => db.close());

  const insert = (rows: PlannedContact[], workspaceId = workspace) =>
    contacts.insertNew(workspaceId, rows, 'api');

  it('inserts every stored column, and reads the row back as a record', async () => {
    const row = planned({
      full_name: 'Ann Lee',
      email: ' Ann@Repo.example ',
      phone: '+1 555',
      job_title: 'CEO',
      company_name: 'Acme',
      linkedin_url: 'www.linkedin.com/in/Ann-Lee/',
    });
    const { ids, at } = await insert([row]);
    expect(ids).toEqual([row.id]);
    expect(await contacts.findOwned(workspace, row.id)).toEqual({
      ...row.contact,
      id: row.id,
      source: 'api',
      created_at: at,
      updated_at: at,
    });
    expect(row.contact).toMatchObject({
      email: 'ann@repo.example',
      email_normalized: 'ann@repo.example',
      linkedin_url: 'https://linkedin.com/in/ann-lee',
    });
    expect(await contacts.findOwned(other, row.id)).toBeNull();
  });

  it('skips rows whose email or LinkedIn key is taken, in this workspace only', async () => {
    const first = planned({ email: 'dup@repo.example' });
    const byLinkedin = planned({ full_name: 'L', linkedin_url: 'linkedin.com/in/dup-repo' });
    await insert([first, byLinkedin]);
    const again = [
      planned({ email: 'DUP@repo.example' }),
      planned({ full_name: 'L2', linkedin_url: 'https://linkedin.com/in/dup-repo' }),
      planned({ email: 'new@repo.example' }),
    ];
    const { ids } = await insert(again);
    expect(ids).toEqual([again[2].id]);
    expect((await insert([planned({ email: 'dup@repo.example' })], other)).ids).toHaveLength(1);
  });

  it('stores text with quotes, backslashes, control characters, braces, commas and "NULL" as it was sent', async () => {
    const row = planned({
      full_name: 'Ann "The \\ Boss" {Lee}, NULL',
      last_name: 'Line\nbreak\tand tab',
      email: 'quotes@repo.example',
      job_title: 'NULL',
      company_name: '\\"',
    });
    // A second row: its job title (braces, a comma) shares an array with "NULL" that needs no
    // escape (written by JSON.stringify), and NULLs sit beside text in arrays of both kinds.
    const plain = planned({
      full_name: 'Plain',
      email: 'plain@repo.example',
      job_title: 'Head of {Sales}, EMEA',
    });
    await insert([row, plain]);
    expect(await contacts.findOwned(workspace, row.id)).toMatchObject({
      full_name: 'Ann "The \\ Boss" {Lee}, NULL',
      last_name: 'Line\nbreak\tand tab',
      job_title: 'NULL',
      company_name: '\\"',
      phone: null,
    });
    expect(await contacts.findOwned(workspace, plain.id)).toMatchObject({
      job_title: 'Head of {Sales}, EMEA',
      last_name: null,
      company_name: null,
    });
  });

  it('treats an email-less row whose LinkedIn URL a contact with email has as a duplicate', async () => {
    const withEmail = planned({
      email: 'has@repo.example',
      linkedin_url: 'linkedin.com/in/shared',
    });
    await insert([withEmail]);
    const emailLess = planned({ full_name: 'No email', linkedin_url: 'linkedin.com/in/shared' });
    expect((await insert([emailLess])).ids).toEqual([]);
    const found = await contacts.findByKeys(workspace, [], ['linkedin.com/in/shared']);
    expect(found.byLinkedin.get('linkedin.com/in/shared')).toBe(withEmail.id);
  });

  it('finds stored contacts by keys, the email-less one first for a LinkedIn URL', async () => {
    const withEmail = planned({ email: 'k1@repo.example', linkedin_url: 'linkedin.com/in/k' });
    await insert([withEmail]);
    // Written directly: the save itself never inserts this pair (see the test above).
    const [emailLess] = await db.sql<{ id: string }>(
      `INSERT INTO contacts (workspace_id, full_name, linkedin_url, linkedin_url_normalized, source)
       VALUES ($1, 'K', 'https://linkedin.com/in/k', 'linkedin.com/in/k', 'api') RETURNING id`,
      [workspace],
    );
    const found = await contacts.findByKeys(workspace, ['k1@repo.example'], ['linkedin.com/in/k']);
    expect(found.byEmail.get('k1@repo.example')).toBe(withEmail.id);
    expect(found.byLinkedin.get('linkedin.com/in/k')).toBe(emailLess.id);
    expect((await contacts.findByKeys(other, ['k1@repo.example'], [])).byEmail.size).toBe(0);
  });

  it('finds the oldest of contacts with emails sharing a LinkedIn URL, and skips missing keys', async () => {
    // The older one has the larger id: only created_at can put it first.
    const [newer, older] = await db.sql<{ id: string }>(
      `INSERT INTO contacts (id, workspace_id, full_name, email, email_normalized, linkedin_url,
                             linkedin_url_normalized, source, created_at)
       VALUES ('00000000-0000-4000-8000-000000000001', $1, 'Newer', 'n@old.example',
               'n@old.example', 'https://linkedin.com/in/old', 'linkedin.com/in/old', 'api', now()),
              ('ffffffff-ffff-4fff-bfff-ffffffffffff', $1, 'Older', 'o@old.example',
               'o@old.example', 'https://linkedin.com/in/old', 'linkedin.com/in/old', 'api',
               now() - interval '1 day')
       RETURNING id`,
      [workspace],
    );
    const found = await contacts.findByKeys(
      workspace,
      ['missing@old.example', 'n@old.example', 'o@old.example'],
      ['linkedin.com/in/missing', 'linkedin.com/in/old'],
    );
    expect([...found.byEmail]).toEqual(
      expect.arrayContaining([
        ['n@old.example', newer.id],
        ['o@old.example', older.id],
      ]),
    );
    expect(found.byEmail.size).toBe(2);
    expect([...found.byLinkedin]).toEqual([['linkedin.com/in/old', older.id]]);
  });

  it('updates only the given columns and updated_at; unknown or foreign ids are null', async () => {
    const row = planned({ full_name: 'Up Date', email: 'up@repo.example', phone: '1' });
    const { at } = await insert([row]);
    const updated = await contacts.update(workspace, row.id, { phone: null, job_title: 'CTO' });
    expect(updated).toMatchObject({ ...row.contact, phone: null, job_title: 'CTO' });
    expect(updated!.updated_at.getTime()).toBeGreaterThanOrEqual(at.getTime());
    expect(updated!.created_at).toEqual(at);
    expect(await contacts.update(other, row.id, { phone: '2' })).toBeNull();
    expect(await contacts.update(workspace, randomUUID(), { phone: '2' })).toBeNull();
    expect((await contacts.findOwned(workspace, row.id))!.phone).toBeNull();
  });

  it('throws the unique violation of the email key on an update', async () => {
    const [a, b] = [planned({ email: 'a-u@repo.example' }), planned({ email: 'b-u@repo.example' })];
    await insert([a, b]);
    const error = await contacts
      .update(workspace, b.id, { email: 'a-u@repo.example', email_normalized: 'a-u@repo.example' })
      .catch((e: unknown) => e);
    expect(isUniqueViolation(error, 'contacts_workspace_email_key')).toBe(true);
  });

  it('deletes only a contact of the workspace', async () => {
    const row = planned({ full_name: 'Gone' });
    await insert([row]);
    expect(await contacts.delete(other, row.id)).toBe(false);
    expect(await contacts.delete(workspace, row.id)).toBe(true);
    expect(await contacts.delete(workspace, row.id)).toBe(false);
  });

  it('locks the ids that are the workspace contacts, for the transaction', async () => {
    const [mine, theirs] = [planned({ full_name: 'Mine' }), planned({ full_name: 'Theirs' })];
    await insert([mine]);
    await insert([theirs], other);
    await db.transactions.run(async () => {
      const found = await contacts.lockOwnedIds(workspace, [mine.id, theirs.id, randomUUID()]);
      expect([...found]).toEqual([mine.id]);
      // KEY SHARE: a delete of the locked contact must wait.
      expect(await db.canLock('SELECT 1 FROM contacts WHERE id = $1 FOR UPDATE', [mine.id])).toBe(
        false,
      );
    });
  });

  describe('pages and counts', () => {
    let ws: string;
    const names = ['bob', 'Alice', 'carol', 'Dave', 'eve_x', 'Frank%'];

    beforeAll(async () => {
      ws = await insertWorkspace(db);
      for (const [index, name] of names.entries()) {
        await insert([planned({ full_name: name, email: `${index}@page.example` })], ws);
      }
    });

    const page = (request: Partial<Parameters<ContactsRepository['page']>[1]>) =>
      contacts.page(ws, { sort: 'full_name', limit: 100, ...request });

    it('sorts by name ignoring case, ties by id, and continues exactly after a position', async () => {
      const all = await page({});
      expect(all.map((row) => row.contact.full_name)).toEqual([
        'Alice',
        'bob',
        'carol',
        'Dave',
        'eve_x',
        'Frank%',
      ]);
      expect(all[0].key).toBe('alice');
      const rest = await page({ after: { key: all[1].key, id: all[1].contact.id } });
      expect(rest.map((row) => row.contact.id)).toEqual(all.slice(2).map((row) => row.contact.id));
      const descending = await page({ sort: '-full_name', limit: 2, offset: 1 });
      expect(descending.map((row) => row.contact.full_name)).toEqual(['eve_x', 'Dave']);
    });

    it('filters by a literal part of the name or email, and by creation time', async () => {
      const search = async (text: string) =>
        (await page({ search: text })).map((row) => row.contact.full_name);
      expect(await search('AL')).toEqual(['Alice']);
      expect(await search('_')).toEqual(['eve_x']);
      expect(await search('%')).toEqual(['Frank%']);
      expect(await search('3@page')).toEqual(['Dave']);
      const newest = (await page({ sort: '-created_at', limit: 1 }))[0];
      const after = await page({ created_after: newest.key });
      expect(after).toEqual([]);
    });

    it('keeps the members of a list', async () => {
      const all = await page({});
      const [list] = await db.sql<{ id: string }>(
        `INSERT INTO lists (workspace_id, name) VALUES ($1, 'L') RETURNING id`,
        [ws],
      );
      await db.sql(
        `INSERT INTO list_memberships (list_id, contact_id) SELECT $1, unnest($2::uuid[])`,
        [list.id, [all[0].contact.id, all[3].contact.id]],
      );
      const members = await page({ list_id: list.id });
      expect(members.map((row) => row.contact.full_name)).toEqual(['Alice', 'Dave']);
      expect(await contacts.countFiltered(ws, { list_id: list.id })).toEqual({
        total: 2,
        relation: 'eq',
      });
    });

    it('counts the workspace from its kept count, and a filter exactly up to the limit', async () => {
      expect(await contacts.countAll(ws)).toBe(names.length);
      // Every email (`n@page.example`) has an "a"; only Alice's name or email has "al".
      expect(await contacts.countFiltered(ws, { search: 'a' })).toEqual({
        total: names.length,
        relation: 'eq',
      });
      expect(await contacts.countFiltered(ws, { search: 'al' })).toEqual({
        total: 1,
        relation: 'eq',
      });
      const big = await insertWorkspace(db);
      await db.sql(
        `INSERT INTO contacts (workspace_id, full_name, source)
         SELECT $1, 'Many ' || n, 'api' FROM generate_series(1, $2::int) AS n`,
        [big, EXACT_TOTAL_LIMIT + 1],
      );
      expect(await contacts.countFiltered(big, { search: 'many' })).toEqual({
        total: EXACT_TOTAL_LIMIT,
        relation: 'gte',
      });
      expect(await contacts.countAll(big)).toBe(EXACT_TOTAL_LIMIT + 1);
    });
  });

  it('search reads the name or the email exactly as ILIKE does, and never across the two', async () => {
    const ws = await insertWorkspace(db);
    const people: [string, string | null][] = [
      ['Jürgen Öztürk', 'jo@umlaut.example'],
      ['İpek Işık', 'ipek@dotted.example'],
      ['Straße Meier', null],
      ['ΣΟΦΊΑ ΟΔΟΣ', 'sofia@greek.example'],
      ['Ann Lee', 'lee@ann.example'],
      ['Zoë Ng', 'ZOE@Mixed.Example'],
    ];
    for (const [index, [name, email]] of people.entries()) {
      await insert([planned({ full_name: name, ...(email ? { email } : {}) }, index)], ws);
    }
    const found = async (search: string) =>
      (await contacts.page(ws, { sort: 'full_name', limit: 100, search }))
        .map((row) => row.contact.full_name)
        .sort();
    const byIlike = async (search: string) =>
      (
        await db.sql<{ full_name: string }>(
          `SELECT full_name FROM contacts WHERE workspace_id = $1
             AND (full_name ILIKE $2 OR email_normalized ILIKE $2)`,
          [ws, `%${search.replace(/[\\%_]/g, '\\$&')}%`],
        )
      )
        .map((row) => row.full_name)
        .sort();
    const searches = [
      'ÜRGEN',
      'öz',
      'İPEK',
      'ışık',
      'STRASSE',
      'straße',
      'σοφία',
      'οδοσ',
      'ΟΔΟΣ',
      'zoë',
      'ZOE@',
      'mixed.ex',
      'ann lee',
      'lee@',
      'e l',
      'n l',
    ];
    for (const search of searches) {
      expect({ search, found: await found(search) }).toEqual({
        search,
        found: await byIlike(search),
      });
    }
    expect(await found('ÜRGEN')).toEqual(['Jürgen Öztürk']);
    // The indexed column holds "ann lee", a separator, then "lee@ann.example": a search holding
    // the separator would match across the two if it were read from that column.
    expect(await found('lee\u001flee@')).toEqual([]);
    expect(await contacts.countFiltered(ws, { search: 'lee\u001flee@' })).toEqual({
      total: 0,
      relation: 'eq',
    });
    expect(await contacts.countFiltered(ws, { search: 'lee@' })).toEqual({
      total: 1,
      relation: 'eq',
    });
  });
});
