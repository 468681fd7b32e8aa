import { EventsService } from '../src/modules/events';
import { startTestApp, TestApp, TestWorkspace } from './helpers/test-app';

interface EventRow {
  type: string;
  payload: { contact_ids?: string[]; count?: number; list_id?: string };
}

// The outbox (issue 12 item 6): every change to contacts, lists and memberships is an `events`
// row written in the change's own transaction — exactly once per change, none for a change that
// rolled back.
describe('Domain events (e2e)', () => {
  let t: TestApp;
  let ws: TestWorkspace;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    ws = await t.createWorkspace();
  });
  afterAll(() => t.close());

  const events = (workspaceId = ws.id): Promise<EventRow[]> =>
    t.dataSource.query('SELECT type, payload FROM events WHERE workspace_id = $1 ORDER BY id', [
      workspaceId,
    ]);
  const person = (n: number) => ({ name: `Person ${n}`, email: `person${n}@events.example` });

  it('records each change to a contact, a list and its members, with the ids it touched', async () => {
    const contact = (await t.http().post('/v1/contacts').set(ws.auth).send(person(1)).expect(201))
      .body.data.id as string;
    await t
      .http()
      .patch(`/v1/contacts/${contact}`)
      .set(ws.auth)
      .send({ job_title: 'CFO' })
      .expect(200);
    // The same values again: nothing changes, nothing is recorded.
    await t
      .http()
      .patch(`/v1/contacts/${contact}`)
      .set(ws.auth)
      .send({ job_title: 'CFO', email: 'PERSON1@events.example' })
      .expect(200);
    const list = (await t.http().post('/v1/lists').set(ws.auth).send({ name: 'A' }).expect(201))
      .body.data.id as string;
    await t.http().patch(`/v1/lists/${list}`).set(ws.auth).send({ name: 'B' }).expect(200);
    await t
      .http()
      .post(`/v1/lists/${list}/contacts`)
      .set(ws.auth)
      .send({ contact_ids: [contact] })
      .expect(200);
    // Already a member: nothing changes, nothing is recorded.
    await t
      .http()
      .post(`/v1/lists/${list}/contacts`)
      .set(ws.auth)
      .send({ contact_ids: [contact] })
      .expect(200);
    await t.http().delete(`/v1/lists/${list}/contacts/${contact}`).set(ws.auth).expect(200);
    await t.http().delete(`/v1/lists/${list}`).set(ws.auth).expect(200);
    await t.http().delete(`/v1/contacts/${contact}`).set(ws.auth).expect(200);

    const one = { contact_ids: [contact], count: 1 };
    expect(await events()).toEqual([
      { type: 'contact.created', payload: one },
      { type: 'contact.updated', payload: one },
      { type: 'list.created', payload: { list_id: list } },
      { type: 'list.updated', payload: { list_id: list } },
      { type: 'list.contacts_added', payload: { list_id: list, ...one } },
      { type: 'list.contacts_removed', payload: { list_id: list, ...one } },
      { type: 'list.deleted', payload: { list_id: list } },
      { type: 'contact.deleted', payload: one },
    ]);
  });

  it('records a bulk create as one event carrying the new ids and their count', async () => {
    await t.http().post('/v1/contacts').set(ws.auth).send(person(1)).expect(201);
    const res = await t
      .http()
      .post('/v1/contacts/bulk')
      .set(ws.auth)
      .send({
        contacts: [1, 2, 3].map((n) => ({
          full_name: `P ${n}`,
          email: `person${n}@events.example`,
        })),
      })
      .expect(201);
    const created = (res.body.data.contacts as { id: string }[]).map((c) => c.id);
    expect(created).toHaveLength(2);
    const recorded = await events();
    expect(recorded).toHaveLength(2);
    expect(recorded[1]).toEqual({
      type: 'contact.created',
      payload: { contact_ids: created, count: 2 },
    });
  });

  it('16 concurrent saves with overlapping emails: one contact.created per new contact, one list.contacts_added per request that added members', async () => {
    const list = (await t.http().post('/v1/lists').set(ws.auth).send({ name: 'Saved' }).expect(201))
      .body.data.id as string;
    // Request i saves persons i..i+5: each person is in up to six requests.
    const answers = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        t
          .http()
          .post('/v1/prospects/save')
          .set(ws.auth)
          .send({ prospects: [0, 1, 2, 3, 4, 5].map((k) => person(i + k)), list_id: list })
          .expect(201),
      ),
    );
    const created = answers.flatMap((a) =>
      (a.body.data.contacts as { id: string }[]).map((c) => c.id),
    );
    const adding = answers.filter((a) => a.body.data.added_to_list > 0);
    expect(new Set(created).size).toBe(21);

    const recorded = (await events()).filter((e) => e.type !== 'list.created');
    const createdEvents = recorded.filter((e) => e.type === 'contact.created');
    const recordedIds = createdEvents.flatMap((e) => e.payload.contact_ids!);
    expect(recordedIds.sort()).toEqual([...created].sort());
    for (const e of createdEvents) expect(e.payload.count).toBe(e.payload.contact_ids!.length);

    const added = recorded.filter((e) => e.type === 'list.contacts_added');
    expect(added).toHaveLength(adding.length);
    expect(added.reduce((sum, e) => sum + e.payload.count!, 0)).toBe(21);
    expect(recorded).toHaveLength(createdEvents.length + added.length);
  });

  it('records nothing for a save that fails half-way (its contacts are not saved either)', async () => {
    const list = (
      await t.http().post('/v1/lists').set(ws.auth).send({ name: 'Doomed' }).expect(201)
    ).body.data.id as string;
    // Contacts are inserted first, then made members: a membership insert that fails rolls back all.
    await t.dataSource.query(`
      CREATE OR REPLACE FUNCTION refuse_membership() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'refused for the test'; END $$`);
    await t.dataSource.query(`
      CREATE TRIGGER refuse_membership BEFORE INSERT ON list_memberships
      FOR EACH STATEMENT EXECUTE FUNCTION refuse_membership()`);
    try {
      await t
        .http()
        .post('/v1/prospects/save')
        .set(ws.auth)
        .send({ prospects: [person(100), person(101)], list_id: list })
        .expect(500);
    } finally {
      await t.dataSource.query('DROP TRIGGER refuse_membership ON list_memberships');
    }
    expect(await events()).toEqual([{ type: 'list.created', payload: { list_id: list } }]);
    const [{ n }] = await t.dataSource.query(
      'SELECT count(*)::int AS n FROM contacts WHERE workspace_id = $1',
      [ws.id],
    );
    expect(n).toBe(0);
  });

  it('keeps events for 30 days: the retention job deletes older ones only', async () => {
    await t.http().post('/v1/contacts').set(ws.auth).send(person(1)).expect(201);
    await t.http().post('/v1/contacts').set(ws.auth).send(person(2)).expect(201);
    await t.dataSource.query(
      `UPDATE events SET occurred_at = now() - interval '31 days'
       WHERE id = (SELECT min(id) FROM events WHERE workspace_id = $1)`,
      [ws.id],
    );
    await t.app.get(EventsService).deleteExpired();
    expect(await events()).toHaveLength(1);
  });
});
