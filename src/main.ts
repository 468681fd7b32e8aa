import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { resolve } from 'node:path';
import { createApp } from './app.setup';
import { appLogger } from './common/logging/app-logger';
import { ConfigError, loadConfig } from './config/app-config';
import { describeDatabaseUrl, locateDatabase } from './database/database-location';
import { EmbeddedDatabase } from './database/embedded-postgres';
import { firstRunBanner, loadDemoProspects, prepareFirstRun } from './first-run';

/** A shutdown that hangs (a request that never ends, say) still stops the database and exits. */
const SHUTDOWN_DEADLINE_MS = 10_000;

/**
 * The embedded server stops once Nest has closed (requests answered, pending writes flushed); a
 * shutdown that hangs still stops it, and exits, after SHUTDOWN_DEADLINE_MS.
 */
function stopDatabaseAfterApp(app: NestFastifyApplication, database: EmbeddedDatabase): void {
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onClose', async () => {
      await database.stop();
    });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      const deadline = () => void database.stop().finally(() => process.exit(1));
      setTimeout(deadline, SHUTDOWN_DEADLINE_MS).unref();
    });
  }
}

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  // LOG_LEVEL applies from the first line, before Nest sets the same logger up in createApp.
  Logger.overrideLogger(appLogger(config.logLevel));
  const logger = new Logger('Bootstrap');
  // Nest's shutdown hooks close the app first (requests, pending writes), then stop the server.
  const database = await locateDatabase(config, { stopOnSignal: false });
  logger.log(
    config.databaseUrl
      ? `Using PostgreSQL at ${describeDatabaseUrl(config.databaseUrl)} (DATABASE_URL)`
      : `Embedded PostgreSQL ready (data in ${resolve(config.dataDir)})`,
  );
  const app = await createApp(config, database.url);
  app.enableShutdownHooks();
  stopDatabaseAfterApp(app, database);
  const firstRun = await prepareFirstRun(app, config);
  const demoProspects = await loadDemoProspects(app, config);
  if (demoProspects) logger.log(`Loaded ${demoProspects} demo prospects into the empty database`);
  await app.listen(config.port, config.host);
  const shownHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const baseUrl = `http://${shownHost}:${config.port}`;
  if (firstRun) process.stdout.write(firstRunBanner(firstRun.secret, baseUrl));
  logger.log(`Prospect API listening on ${baseUrl} (docs at ${baseUrl}/docs)`);
}

bootstrap().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(
      `Failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
    );
  }
  process.exit(1);
});
