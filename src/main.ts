import { Logger } from '@nestjs/common';
import { createApp } from './app.setup';
import { ConfigError, loadConfig } from './config/app-config';
import { locateDatabase } from './database/database-location';
import { firstRunBanner, loadDemoProspects, prepareFirstRun } from './first-run';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const logger = new Logger('Bootstrap');
  // Nest's shutdown hooks close the app first (requests, pending writes), then stop the server.
  const database = await locateDatabase(config, { stopOnSignal: false });
  if (!config.databaseUrl) logger.log(`Embedded PostgreSQL ready (data in ${config.dataDir})`);
  const app = await createApp(config, database.url);
  app.enableShutdownHooks();
  // Stop the embedded server only after Nest has closed its connections.
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onClose', async () => {
      await database.stop();
    });
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
