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
