import { Logger } from '@nestjs/common';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { resolve } from 'node:path';
import { createApp } from './app.setup';
import { appLogger, createRootLogger } from './common/logging';
import { ConfigError, loadConfig } from './config/app-config';
import { describeDatabaseUrl, locateDatabase } from './database/database-location';
import { EmbeddedDatabase } from './database/embedded-postgres';
import { firstRunBanner, loadDemoProspects, prepareFirstRun } from './first-run';

/** After the drain deadline: time for the rest of the stop (background work, pools, database). */
const AFTER_DRAIN_MS = 10_000;

/**
 * SIGTERM or SIGINT: Nest closes the app (HttpDrain answers the requests in flight first, then
 * background work stops, key uses are flushed and pools close), then the embedded PostgreSQL
 * stops, after the app's last query, and the process exits 0. Nest's own signal handling would
 * re-raise the signal once closed (exit status 143). A stop that hangs still stops the database
 * and exits 1, AFTER_DRAIN_MS after the drain deadline.
 */
function stopOnSignals(
  app: NestFastifyApplication,
  database: EmbeddedDatabase,
  drainTimeoutMs: number,
): void {
  const logger = new Logger('Shutdown');
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal}: shutting down`);
    const hung = () => void database.stop().finally(() => process.exit(1));
    setTimeout(hung, drainTimeoutMs + AFTER_DRAIN_MS).unref();
    try {
      await app.close();
      await database.stop();
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, 'Shutdown failed');
      await database.stop().catch(() => undefined);
      process.exit(1);
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, (s) => void stop(s));
}

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  // LOG_LEVEL applies from the first line, before Nest sets the same logger up in createApp.
  const rootLogger = createRootLogger(config);
  Logger.overrideLogger(appLogger(rootLogger));
  const logger = new Logger('Bootstrap');
  // stopOnSignals closes the app first (requests, pending writes), then stops the server.
  const database = await locateDatabase(config, { stopOnSignal: false });
  logger.log(
    config.databaseUrl
      ? `Using PostgreSQL at ${describeDatabaseUrl(config.databaseUrl)} (DATABASE_URL)`
      : `Embedded PostgreSQL ready (data in ${resolve(config.dataDir)})`,
  );
  const app = await createApp(config, database.url, rootLogger);
  stopOnSignals(app, database, config.drainTimeoutMs);
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
