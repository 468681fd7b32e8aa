import { AppConfig } from '../config/app-config';
import { EmbeddedDatabase, startEmbeddedPostgres } from './embedded-postgres';

/**
 * `DATABASE_URL` when set; otherwise the embedded PostgreSQL in `DATA_DIR`, started or joined.
 * `stopOnSignal: false`: the caller stops an embedded server itself, after its own shutdown.
 */
export async function locateDatabase(
  config: AppConfig,
  options: { stopOnSignal?: boolean } = {},
): Promise<EmbeddedDatabase> {
  if (config.databaseUrl) {
    return { url: config.databaseUrl, owned: false, stop: async () => {} };
  }
  return startEmbeddedPostgres(config.dataDir, options);
}

/** Where `DATABASE_URL` points, for the start-up line: host, port and database, never credentials. */
export function describeDatabaseUrl(databaseUrl: string): string {
  try {
    const url = new URL(databaseUrl);
    // A Unix socket directory may come as `?host=/path` with an empty URL host.
    const host = url.hostname || url.searchParams.get('host') || 'localhost';
    const port = url.port ? `:${url.port}` : '';
    const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
    return `${host}${port}/${database || '(default database)'}`;
  } catch {
    return '(DATABASE_URL)';
  }
}
