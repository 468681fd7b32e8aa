import { Logger as PinoNestLogger, PinoLogger } from 'nestjs-pino';
import { RootLogger } from './root-logger';

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

/**
 * nestjs-pino's PinoLogger keeps one root logger per process and, without its request
 * middleware, always falls back to it: this one writes to the app's own root logger, so each app
 * (tests start several in a process) logs where and at the level its config says.
 */
class RootPinoLogger extends PinoLogger {
  constructor(private readonly root: RootLogger) {
    super({ pinoHttp: { logger: root } });
  }

  override get logger(): RootLogger {
    return this.root;
  }
}

/**
 * Nest's LoggerService over pino (nestjs-pino's adapter: the context becomes a field, an Error
 * its `err` with the stack), with the framework's start-up lines demoted from `log` to `debug`.
 */
export class AppLogger extends PinoNestLogger {
  constructor(root: RootLogger) {
    super(new RootPinoLogger(root), {});
  }

  override log(message: unknown, ...optionalParams: unknown[]): void {
    // The context is the last parameter when it is a string (as Nest passes it).
    const last = optionalParams.at(-1);
    if (typeof last === 'string' && FRAMEWORK_CONTEXTS.has(last)) {
      this.debug(message, ...optionalParams);
    } else {
      super.log(message, ...optionalParams);
    }
  }
}

/** Nest's logger for the app: none at all when silent (Nest then prints nothing either). */
export function appLogger(root: RootLogger): AppLogger | false {
  return root.level === 'silent' ? false : new AppLogger(root);
}
