import { rmSync } from 'node:fs';

export default async function globalTeardown() {
  const server = globalThis.__EMBEDDED_PG__;
  if (server) await server.stop();
  if (process.env.TEST_EMBEDDED_DATA_DIR) rmSync(process.env.TEST_EMBEDDED_DATA_DIR, { recursive: true, force: true });
}
