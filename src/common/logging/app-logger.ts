import { ConsoleLogger, LogLevel } from '@nestjs/common';
import { AppConfig } from '../../config/app-config';

/**
 * Nest's own start-up chatter (modules initialised, every route mapped, "application started"):
 * useful when debugging, noise for a user starting the service. Its `log` lines are `debug` lines.
 */
export const FRAMEWORK_CONTEXTS: ReadonlySet<string> = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

/** Nest's console logger, with the framework's start-up lines demoted from `log` to `debug`. */
export class AppLogger extends ConsoleLogger {
  override log(message: unknown, ...optionalParams: unknown[]): void {
    // The context is the last parameter when it is a string (as ConsoleLogger reads it).
    const last = optionalParams.at(-1);
    const context = optionalParams.length > 0 && typeof last === 'string' ? last : this.context;
    if (context !== undefined && FRAMEWORK_CONTEXTS.has(context)) {
      this.debug(message, ...optionalParams);
    } else {
      super.log(message, ...optionalParams);
    }
  }
}

const LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** The logger for `LOG_LEVEL`: that level and the more severe ones; `silent` is no logger at all. */
export function appLogger(level: AppConfig['logLevel']): AppLogger | false {
  if (level === 'silent') return false;
  return new AppLogger({ logLevels: LEVELS.slice(0, LEVELS.indexOf(level) + 1) });
}
