import { Client } from 'pg';
import { MIGRATIONS } from '../migrations';
import { loadConfig } from '../src/config/app-config';
import { runPendingMigrations } from '../src/database/migrate';
import { createTestDatabase } from './helpers/test-database';

// Several instances started together (a deploy, an autoscaler) each run the pending migrations
// at start; they must not run the same migration twice or fail each other's start.
describe('Migrations at start (e2e)', () => {
  it('instances started together migrate the database once, and every one starts', async () => {
    const database = await createTestDatabase();
    const settings = loadConfig({ NODE_ENV: 'test' }).database;
    try {
      await Promise.all([1, 2, 3, 4].map(() => runPendingMigrations(database.url, settings)));

      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        const { rows } = await client.query<{ name: string }>(
          'SELECT name FROM migrations ORDER BY id',
        );
        expect(rows.map((row) => row.name)).toEqual(MIGRATIONS.map((m) => m.name));
      } finally {
        await client.end();
      }
    } finally {
      await database.drop();
    }
  });
});
