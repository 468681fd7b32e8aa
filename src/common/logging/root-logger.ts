import pino, { DestinationStream, Level, Logger as PinoInstance, LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import { AppConfig } from '../../config/app-config';
import { REDACTED_PATHS, redactSecrets } from './redact';
import { currentRequestId } from './request-context';
import { formatPrettyLine, PRETTY_IGNORED_FIELDS } from './pretty-line';

export type RootLogger = PinoInstance;

/** JSON lines are written once this many bytes have gathered, or after LOG_FLUSH_MS. */
const LOG_BATCH_BYTES = 4096;
const LOG_FLUSH_MS = 100;

/** LOG_LEVEL speaks Nest's names; pino's are the same but for `log` (info) and `verbose` (trace). */
const PINO_LEVELS: Record<AppConfig['logLevel'], Level | 'silent'> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
  silent: 'silent',
};

/** pino's `info` level as its JSON lines write it. */
const INFO_LEVEL = 30;

let isoTimeMs = -1;
let isoTimeField = '';

/**
 * pino's `isoTime`, made once per millisecond: at thousands of lines a second most lines share
 * their millisecond, and `toISOString` was ~2 % of a small request's CPU.
 */
export function isoTime(): string {
  const now = Date.now();
  if (now !== isoTimeMs) {
    isoTimeMs = now;
    isoTimeField = `,"time":"${new Date(now).toISOString()}"`;
  }
  return isoTimeField;
}

/** The loggers that write JSON lines (the others write pretty ones). */
const jsonLoggers = new WeakSet<RootLogger>();

/**
 * For a line of a fixed shape written at every request: writes `info` lines exactly as pino's
 * JSON lines look (`{"level":30,"time":…,"pid":…,"hostname":…,<fields>,"msg":…}`) straight to the
 * logger's destination, so they batch and flush with every other line. pino's general path
 * (redaction, the request-id mixin, the message hook, serialising an object of unknown shape)
 * was most of what the request line cost: a liveness probe took 74–84 µs of server CPU with the
 * line, 51–54 without it, 63–68 with the line written this way (measured one server at a time).
 * A caller of this writes fields it knows, that hold no secret (the request id is never
 * one: see requestId) and name their request themselves. Undefined for a pretty logger: the
 * caller logs through pino.
 */
export function jsonInfoWriter(
  root: RootLogger,
  message: string,
): ((fields: string) => void) | undefined {
  if (!jsonLoggers.has(root) || !root.isLevelEnabled('info')) return undefined;
  const internals = root as unknown as Record<symbol, unknown>;
  const stream = internals[pino.symbols.streamSym] as DestinationStream;
  const bindings = internals[pino.symbols.chindingsSym] as string;
  const end = `,"msg":${JSON.stringify(message)}}\n`;
  return (fields) => stream.write(`{"level":${INFO_LEVEL}${isoTime()}${bindings},${fields}${end}`);
}

/** Whether LOG_LEVEL asks for debug lines: code that would build one only for them checks first. */
export function logsDebug(level: AppConfig['logLevel']): boolean {
  return level === 'debug' || level === 'verbose';
}

/** Errors keep their stack (once, in the line that reports them), with any secret in it hidden. */
function errorSerializer(error: Error): Record<string, unknown> {
  const serialized = pino.stdSerializers.err(error) as unknown as Record<string, unknown>;
  for (const field of ['message', 'stack'] as const) {
    const value = serialized[field];
    if (typeof value === 'string') serialized[field] = redactSecrets(value);
  }
  return serialized;
}

function options(config: Pick<AppConfig, 'logLevel'>): LoggerOptions {
  return {
    level: PINO_LEVELS[config.logLevel],
    timestamp: isoTime,
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: errorSerializer },
    // A line logged while a request is served names it; the line's own fields win.
    mixin: () => {
      const reqId = currentRequestId();
      return reqId === undefined ? {} : { reqId };
    },
    hooks: {
      // Free text is where a secret could slip in (an error message quoting a URL, say).
      logMethod(args, method) {
        for (let i = 0; i < args.length; i++) {
          if (typeof args[i] === 'string') args[i] = redactSecrets(args[i] as string);
        }
        // Without a message pino would take the error's own, unredacted.
        const error = (args[0] as { err?: unknown } | null)?.err;
        if (args.length === 1 && error instanceof Error) args.push(redactSecrets(error.message));
        method.apply(this, args);
      },
    },
  };
}

/**
 * The process's one pino logger, on stdout (`destination` is for tests). Pretty lines, for a
 * terminal, are written at once, in order with what the process writes to stdout itself (the
 * first-run banner); JSON lines, for production, asynchronously (see below).
 */
export function createRootLogger(
  config: Pick<AppConfig, 'logLevel' | 'logFormat'>,
  destination?: DestinationStream,
): RootLogger {
  if (config.logFormat === 'json') {
    // Lines go out in batches: once 4 kB have gathered, or every LOG_FLUSH_MS, rather than one
    // write system call per line (at a few thousand requests/s those were ~10 % of the CPU of a
    // small request). A line waits at most LOG_FLUSH_MS; pino flushes what is left when the
    // process exits (a crash loses at most that much).
    const logger = pino(
      options(config),
      destination ??
        pino.destination({
          dest: 1,
          sync: false,
          minLength: LOG_BATCH_BYTES,
          periodicFlush: LOG_FLUSH_MS,
        }),
    );
    jsonLoggers.add(logger);
    return logger;
  }
  const stream = pretty({
    destination: destination ?? pino.destination({ dest: 1, sync: true }),
    sync: true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: PRETTY_IGNORED_FIELDS,
    messageFormat: formatPrettyLine,
  });
  return pino(options(config), stream);
}
