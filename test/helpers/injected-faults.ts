import { TestApp } from './test-app';

/**
 * Runs `work` while every insert into `list_memberships` fails: a real fault in the real database,
 * in the last step of a save's transaction.
 */
export async function withFailingListMemberships(
  t: TestApp,
  work: () => Promise<void>,
): Promise<void> {
  await t.dataSource.query(`
    CREATE FUNCTION fail_membership() RETURNS trigger LANGUAGE plpgsql AS
    $$ BEGIN RAISE EXCEPTION 'injected membership failure'; END $$`);
  await t.dataSource.query(`
    CREATE TRIGGER fail_membership BEFORE INSERT ON list_memberships
    FOR EACH ROW EXECUTE FUNCTION fail_membership()`);
  try {
    await work();
  } finally {
    await t.dataSource.query('DROP TRIGGER fail_membership ON list_memberships');
    await t.dataSource.query('DROP FUNCTION fail_membership()');
  }
}
