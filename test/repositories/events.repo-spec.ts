import { DomainEvent } from '../../src/modules/events/domain-event';
import { EventsRepository } from '../../src/modules/events/events.repository';
import { MigratedDatabase, openMigratedDatabase } from '../helpers/migrated-database';
import { insertWorkspace } from './fixtures';

interface EventRow {
  id: string;
  workspace_id: string;
  type: string;
  payload: unknown;
}

const LIST = '11111111-1111-4111-8111-111111111111';
const CONTACT = '22222222-2222-4222-8222-222222222222';

describe('EventsRepository (PostgreSQL)', () => {
  let db: MigratedDatabase;
  let events: EventsRepository;
  let workspace: string;
  let otherWorkspace: string;

  beforeAll(async () => {
    db = await openMigratedDatabase();
    events = new EventsRepository(db.transactions);
  });
  afterAll(() => db.close());
  beforeEach(async () => {
    await db.sql('DELETE FROM workspaces');
    workspace = await insertWorkspace(db);
    otherWorkspace = await insertWorkspace(db);
  });

  const stored = () =>
    db.sql<EventRow>('SELECT id, workspace_id, type, payload FROM events ORDER BY id');

  /** `count` events of `workspaceId`, `days` old, written directly. */
  const oldEvents = (workspaceId: string, count: number, days: number) =>
    db.sql(
      `INSERT INTO events (workspace_id, type, payload, occurred_at)
       SELECT $1, 'list.updated', '{}', now() - make_interval(days => $3)
       FROM generate_series(1, $2::int)`,
      [workspaceId, count, days],
    );

  describe('insert', () => {
    it("writes a change's events for its workspace, in order, payloads as given", async () => {
      const change: DomainEvent[] = [
        { type: 'list.created', payload: { list_id: LIST } },
        {
          type: 'list.contacts_added',
          payload: { list_id: LIST, contact_ids: [CONTACT], count: 1 },
        },
      ];
      await events.insert(workspace, change);
      const rows = await stored();
      expect(
        rows.map(({ workspace_id, type, payload }) => ({ workspace_id, type, payload })),
      ).toEqual(change.map((event) => ({ workspace_id: workspace, ...event })));
      expect(BigInt(rows[1].id)).toBeGreaterThan(BigInt(rows[0].id));
    });

    it('keeps ids increasing from one change to the next', async () => {
      for (let i = 0; i < 3; i++)
        await events.insert(workspace, [{ type: 'list.updated', payload: { list_id: LIST } }]);
      const ids = (await stored()).map((row) => BigInt(row.id));
      expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
      expect(new Set(ids).size).toBe(3);
    });

    it('writes nothing for no events', async () => {
      await events.insert(workspace, []);
      expect(await stored()).toEqual([]);
    });

    it("is part of the caller's transaction: a rolled-back change leaves no event", async () => {
      const failed = db.transactions.run(async () => {
        await events.insert(workspace, [{ type: 'list.deleted', payload: { list_id: LIST } }]);
        throw new Error('the change failed after its event');
      });
      await expect(failed).rejects.toThrow('the change failed');
      expect(await stored()).toEqual([]);
    });
  });

  describe('deleteOlderThan', () => {
    it('deletes the events older than the given days, of every workspace, and counts them', async () => {
      await oldEvents(workspace, 2, 31);
      await oldEvents(otherWorkspace, 1, 40);
      await oldEvents(workspace, 1, 29);
      await events.insert(workspace, [{ type: 'list.updated', payload: { list_id: LIST } }]);
      expect(await events.deleteOlderThan(30)).toBe(3);
      expect(await stored()).toHaveLength(2);
      expect(await events.deleteOlderThan(30)).toBe(0);
    });

    it('deletes past its batch size, a batch at a time, until none is left', async () => {
      await oldEvents(workspace, 12_001, 31); // 5,000 per statement: three statements
      await oldEvents(workspace, 10, 1);
      expect(await events.deleteOlderThan(30)).toBe(12_001);
      expect(await stored()).toHaveLength(10);
    });
  });
});
