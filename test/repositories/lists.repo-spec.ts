import { isUniqueViolation } from '../../src/database/postgres-errors';
import { ListsRepository } from '../../src/modules/lists/lists.repository';
import {
  holdTransaction,
  MigratedDatabase,
  openMigratedDatabase,
  stillPendingAfter,
} from '../helpers/migrated-database';
import { insertContacts, insertWorkspace } from './fixtures';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('ListsRepository (PostgreSQL)', () => {
  let db: MigratedDatabase;
  let lists: ListsRepository;
  let workspace: string;
  let otherWorkspace: string;

  beforeAll(async () => {
    db = await openMigratedDatabase();
    lists = new ListsRepository(db.transactions);
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await db.sql('DELETE FROM workspaces');
    workspace = await insertWorkspace(db, 'Acme');
    otherWorkspace = await insertWorkspace(db, 'Other');
  });

  const insert = (name: string, description: string | null = null, owner = workspace) =>
    lists.insert(owner, { name, description });
  const createdAt = (id: string, at: string) =>
    db.sql('UPDATE lists SET created_at = $2 WHERE id = $1', [id, at]);
  const memberCount = async (listId: string) =>
    (
      await db.sql<{ n: number }>(
        'SELECT count(*)::int AS n FROM list_memberships WHERE list_id = $1',
        [listId],
      )
    )[0].n;

  describe('insert', () => {
    it('answers the new list as the API shows it, with no members', async () => {
      const list = await insert('Leads', 'Q1');
      expect(list).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'Leads',
        description: 'Q1',
        contactCount: 0,
        createdAt: expect.any(Date),
        updatedAt: expect.any(Date),
      });
    });

    it('refuses a name taken in another case in the same workspace, not in another', async () => {
      await insert('Leads');
      const error: unknown = await insert('LEADS').catch((e: unknown) => e);
      expect(isUniqueViolation(error, 'lists_workspace_name_key')).toBe(true);
      await expect(insert('Leads', null, otherWorkspace)).resolves.toBeDefined();
    });
  });

  describe('update', () => {
    it('changes only the fields given; a null description clears it', async () => {
      const list = await insert('Leads', 'Q1');
      expect(await lists.update(workspace, list.id, { name: 'Hot leads' })).toBe(true);
      expect(await lists.findView(workspace, list.id)).toMatchObject({
        name: 'Hot leads',
        description: 'Q1',
      });
      await lists.update(workspace, list.id, { description: null });
      expect(await lists.findView(workspace, list.id)).toMatchObject({
        name: 'Hot leads',
        description: null,
      });
    });

    it('moves updated_at only when a value changes', async () => {
      const list = await insert('Leads', 'Q1');
      await db.sql(`UPDATE lists SET updated_at = '2026-01-01T00:00:00Z' WHERE id = $1`, [list.id]);
      await lists.update(workspace, list.id, { name: 'Leads', description: 'Q1' });
      const unchanged = await lists.findView(workspace, list.id);
      expect(unchanged?.updatedAt).toEqual(new Date('2026-01-01T00:00:00Z'));
      await lists.update(workspace, list.id, { description: 'Q2' });
      const changed = await lists.findView(workspace, list.id);
      expect(changed!.updatedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
    });

    it("answers false for an unknown list and for another workspace's, changing nothing", async () => {
      const list = await insert('Leads');
      expect(await lists.update(workspace, UNKNOWN, { name: 'X' })).toBe(false);
      expect(await lists.update(otherWorkspace, list.id, { name: 'X' })).toBe(false);
      expect((await lists.findView(workspace, list.id))?.name).toBe('Leads');
    });

    it('refuses a name another list of the workspace has', async () => {
      await insert('Leads');
      const other = await insert('Customers');
      const error: unknown = await lists
        .update(workspace, other.id, { name: 'leads' })
        .catch((e: unknown) => e);
      expect(isUniqueViolation(error, 'lists_workspace_name_key')).toBe(true);
    });
  });

  describe('ownership', () => {
    it("exists, findView and lockForMembership see only the workspace's own lists", async () => {
      const list = await insert('Leads');
      expect(await lists.exists(workspace, list.id)).toBe(true);
      expect(await lists.exists(otherWorkspace, list.id)).toBe(false);
      expect(await lists.exists(workspace, UNKNOWN)).toBe(false);
      expect(await lists.findView(otherWorkspace, list.id)).toBeUndefined();
      const locked = (owner: string) =>
        db.transactions.run(() => lists.lockForMembership(owner, list.id));
      expect(await locked(workspace)).toBe(true);
      expect(await locked(otherWorkspace)).toBe(false);
    });
  });

  describe('members', () => {
    it('adds contacts once: members already there are skipped and not answered', async () => {
      const list = await insert('Leads');
      const [a, b, c] = await insertContacts(db, workspace, 3);
      expect((await lists.insertMembers(list.id, [a, b])).sort()).toEqual([a, b]);
      expect(await lists.insertMembers(list.id, [a, b, c])).toEqual([c]);
      expect(await lists.insertMembers(list.id, [])).toEqual([]);
      expect(await lists.countMembers(list.id)).toBe(3);
      expect((await lists.findView(workspace, list.id))?.contactCount).toBe(3);
    });

    it('removes one member; false when the contact was not one', async () => {
      const list = await insert('Leads');
      const [a, b] = await insertContacts(db, workspace, 2);
      await lists.insertMembers(list.id, [a]);
      expect(await lists.deleteMember(list.id, a)).toBe(true);
      expect(await lists.deleteMember(list.id, a)).toBe(false);
      expect(await lists.deleteMember(list.id, b)).toBe(false);
      expect(await lists.countMembers(list.id)).toBe(0);
    });

    it("names a contact's lists by name ignoring case", async () => {
      const [contact, bystander] = await insertContacts(db, workspace, 2);
      const beta = await insert('beta');
      const alpha = await insert('Alpha');
      const gamma = await insert('Gamma');
      const unrelated = await insert('aardvark');
      for (const list of [beta, alpha, gamma]) await lists.insertMembers(list.id, [contact]);
      await lists.insertMembers(unrelated.id, [bystander]);
      expect(await lists.listsOfContact(contact)).toEqual([
        { id: alpha.id, name: 'Alpha' },
        { id: beta.id, name: 'beta' },
        { id: gamma.id, name: 'Gamma' },
      ]);
    });
  });

  describe('deleteWithMemberships', () => {
    it('deletes the list and its memberships, never the contacts, and counts them', async () => {
      const list = await insert('Leads');
      const kept = await insert('Kept');
      const contacts = await insertContacts(db, workspace, 3);
      await lists.insertMembers(list.id, contacts);
      await lists.insertMembers(kept.id, contacts.slice(0, 1));
      expect(await db.transactions.run(() => lists.deleteWithMemberships(workspace, list.id))).toBe(
        3,
      );
      expect(await lists.exists(workspace, list.id)).toBe(false);
      expect(await memberCount(kept.id)).toBe(1);
      const [{ n }] = await db.sql<{ n: number }>('SELECT count(*)::int AS n FROM contacts');
      expect(n).toBe(3);
    });

    it("answers null for another workspace's list and leaves it whole", async () => {
      const list = await insert('Leads');
      await lists.insertMembers(list.id, await insertContacts(db, workspace, 1));
      expect(
        await db.transactions.run(() => lists.deleteWithMemberships(otherWorkspace, list.id)),
      ).toBeNull();
      expect(await memberCount(list.id)).toBe(1);
    });

    it('waits for a save adding to the list, and deletes the members it added too', async () => {
      const list = await insert('Leads');
      const [earlier, added] = await insertContacts(db, workspace, 2);
      await lists.insertMembers(list.id, [earlier]);
      const save = await holdTransaction(db.transactions, async () => {
        await lists.lockForMembership(workspace, list.id);
        await lists.insertMembers(list.id, [added]);
      });
      const deletion = db.transactions.run(() => lists.deleteWithMemberships(workspace, list.id));
      expect(await stillPendingAfter(deletion, 300)).toBe(true);
      await save.commit();
      expect(await deletion).toBe(2);
      expect(await memberCount(list.id)).toBe(0);
    });
  });

  describe('lockForMembership', () => {
    it('keeps the list from being deleted, while other saves into it go on', async () => {
      const list = await insert('Leads');
      const save = await holdTransaction(db.transactions, () =>
        lists.lockForMembership(workspace, list.id),
      );
      expect(await db.canLock('SELECT 1 FROM lists WHERE id = $1 FOR UPDATE', [list.id])).toBe(
        false,
      );
      const otherSave = db.transactions.run(() => lists.lockForMembership(workspace, list.id));
      expect(await otherSave).toBe(true);
      await save.commit();
    });
  });

  describe('page and count', () => {
    /** Lists a–e of the workspace, newest first: e, then d and c created at the same moment, ... */
    async function fiveLists() {
      const made = [];
      for (const name of ['a', 'b', 'c', 'd', 'e']) made.push(await insert(`List ${name}`));
      const moments = ['01', '02', '03', '03', '04'];
      for (const [i, list] of made.entries())
        await createdAt(list.id, `2026-01-${moments[i]}T00:00:00.123456Z`);
      await insert('Elsewhere', null, otherWorkspace);
      const [c, d] = [made[2], made[3]].sort((x, y) => (x.id < y.id ? 1 : -1)); // id descending
      return [made[4], c, d, made[1], made[0]].map((list) => list.id);
    }

    it("pages the workspace's lists newest first, ties broken by id", async () => {
      const newestFirst = await fiveLists();
      const page = await lists.page(workspace, { limit: 10 });
      expect(page.map((row) => row.list.id)).toEqual(newestFirst);
      const second = await lists.page(workspace, { limit: 2, offset: 2 });
      expect(second.map((row) => row.list.id)).toEqual(newestFirst.slice(2, 4));
      expect(await lists.count(workspace)).toBe(5);
    });

    it('continues exactly after a position, to the microsecond and through a tie', async () => {
      const newestFirst = await fiveLists();
      const walked: string[] = [];
      let after: { key: string; id: string } | undefined;
      for (;;) {
        const rows = await lists.page(workspace, { limit: 2, after });
        if (rows.length === 0) break;
        walked.push(...rows.map((row) => row.list.id));
        const last = rows[rows.length - 1];
        after = { key: last.key, id: last.list.id };
      }
      expect(walked).toEqual(newestFirst);
    });

    it('searches names anywhere, ignoring case, with % and _ taken literally', async () => {
      for (const name of ['Law Firms', 'Big law', '100% Leads', '100 Leads', 'a_b', 'axb'])
        await insert(name);
      const names = async (search: string) =>
        (await lists.page(workspace, { search, limit: 10 })).map((row) => row.list.name).sort();
      expect(await names('LAW')).toEqual(['Big law', 'Law Firms']);
      expect(await names('100%')).toEqual(['100% Leads']);
      expect(await names('a_b')).toEqual(['a_b']);
      expect(await lists.count(workspace, 'law')).toBe(2);
      expect(await lists.count(otherWorkspace, 'law')).toBe(0);
    });

    it('counts each listed list’s members', async () => {
      const list = await insert('Leads');
      await insert('Empty');
      await lists.insertMembers(list.id, await insertContacts(db, workspace, 2));
      const counts = (await lists.page(workspace, { limit: 10 })).map(
        (row) => [row.list.name, row.list.contactCount] as const,
      );
      expect(new Map(counts)).toEqual(
        new Map([
          ['Leads', 2],
          ['Empty', 0],
        ]),
      );
    });
  });
});
