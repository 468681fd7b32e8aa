import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

export const PLANS = ['starter', 'pro', 'org', 'unlimited'] as const;
export type Plan = (typeof PLANS)[number];

export interface PlanLimits {
  perMinute: number | null;
  perDay: number | null;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;

/** The environment as it is read; every variable is named exactly as the user sets it. */
class EnvironmentVariables {
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(65535) PORT: number = 3000;
  @IsOptional() @IsString() @MinLength(1) HOST: string = '0.0.0.0';
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'must be a postgres:// or postgresql:// URL' })
  DATABASE_URL?: string;
  @IsOptional() @IsString() @MinLength(1) DATA_DIR: string = './.data';
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;
  @IsOptional() @IsIn(LOG_LEVELS) LOG_LEVEL: LogLevel = 'log';
  @IsOptional() @IsIn(LOG_FORMATS) LOG_FORMAT?: LogFormat;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) LOG_SLOW_QUERY_MS: number = 100;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(65535) METRICS_PORT?: number;
  // Compared with what a scraper sends: long enough that guessing it is hopeless.
  @IsOptional()
  @Matches(/^[\x21-\x7e]{16,256}$/, {
    message: 'must be 16 to 256 printable characters without spaces',
  })
  METRICS_TOKEN?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1024) BODY_LIMIT: number = 5 * 1024 * 1024;
  @IsOptional() @IsIn(['development', 'production', 'test']) NODE_ENV: string = 'development';
  @IsOptional()
  @Matches(
    /^(starter|pro|org|unlimited)=(\d+|none)\/(\d+|none)(,(starter|pro|org|unlimited)=(\d+|none)\/(\d+|none))*$/,
    {
      message: 'must look like "starter=10/100,pro=50/1000" (per minute/per day, or none)',
    },
  )
  PLAN_LIMITS?: string;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) ANONYMOUS_RATE_LIMIT: number = 60;
  @IsOptional() @IsIn(['true', 'false']) TRUST_PROXY: string = 'false';
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) SEARCH_CACHE_MB: number = 64;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) SEARCH_INDEX_MAX_PROSPECTS: number = 10_000_000;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) @Max(86_400) KEY_CACHE_SECONDS: number = 60;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) DRAIN_TIMEOUT_MS: number = 25_000;
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) @Max(1000) DATABASE_POOL_SIZE: number = 20;
  // 0 would wait for a connection forever: the wait is bounded, always.
  @IsOptional() @Transform(toInt) @IsInt() @Min(1) DATABASE_POOL_TIMEOUT_MS: number = 3_000;
  @IsOptional() @Transform(toInt) @IsInt() @Min(0) DATABASE_STATEMENT_TIMEOUT_MS: number = 5_000;
  @IsOptional()
  @Transform(toInt)
  @IsInt()
  @Min(0)
  DATABASE_JOB_STATEMENT_TIMEOUT_MS: number = 600_000;
}

export interface AppConfig {
  port: number;
  host: string;
  /** Unset: the service runs its own embedded PostgreSQL in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  redisUrl: string | undefined;
  logLevel: LogLevel;
  /** JSON lines, or one readable line per entry for a developer's terminal. */
  logFormat: LogFormat;
  /** At `debug`: queries slower than this are logged with their duration. */
  slowQueryMs: number;
  metrics: MetricsSettings;
  bodyLimit: number;
  nodeEnv: string;
  planLimits: Record<Plan, PlanLimits>;
  /** Requests per minute per client address without a valid key (slows key guessing). */
  anonymousPerMinute: number;
  /** Behind a load balancer: take the client address from X-Forwarded-For. */
  trustProxy: boolean;
  /** Memory for prospect search match lists (0: none; every search then reads its matches). */
  searchCacheBytes: number;
  /**
   * The most prospects the in-memory search index holds (about 70 bytes each); with more, or 0,
   * every search reads its matches from the database.
   */
  searchIndexMaxProspects: number;
  /**
   * At shutdown, how long the requests in flight have to finish before they are cut. The default
   * leaves the rest of the stop 5 s of the 30 s that orchestrators commonly allow after SIGTERM.
   */
  drainTimeoutMs: number;
  /**
   * The longest an instance answers a key from memory without reading PostgreSQL (0: every
   * request reads it). A revocation drops the key at once on every instance; see KeyCache.
   */
  keyCacheSeconds: number;
  database: DatabaseSettings;
}

/**
 * Where `GET /metrics` is served: on its own port (reachable only where that port is), else on
 * the API's port to callers sending the token; with neither, nowhere (never public by default).
 */
export interface MetricsSettings {
  port: number | undefined;
  token: string | undefined;
}

/** How this process uses PostgreSQL: its pool and how long one statement may run (0: no limit). */
export interface DatabaseSettings {
  poolSize: number;
  /** The longest wait for a connection, free in the pool or new (pg's connectionTimeoutMillis). */
  poolTimeoutMs: number;
  /** For the API's queries: a stuck query becomes an error, not a hung request. */
  statementTimeoutMs: number;
  /** For the command-line jobs (import, seed), whose statements legitimately run long. */
  jobStatementTimeoutMs: number;
}

export const DEFAULT_PLAN_LIMITS: Record<Plan, PlanLimits> = {
  starter: { perMinute: 10, perDay: 100 },
  pro: { perMinute: 50, perDay: 1_000 },
  org: { perMinute: 200, perDay: 10_000 },
  unlimited: { perMinute: null, perDay: null },
};

export class ConfigError extends Error {}

function parsePlanLimits(raw: string | undefined): Record<Plan, PlanLimits> {
  const limits = structuredClone(DEFAULT_PLAN_LIMITS);
  for (const entry of raw ? raw.split(',') : []) {
    const [plan, budget] = entry.split('=') as [Plan, string];
    const [minute, day] = budget.split('/');
    limits[plan] = {
      perMinute: minute === 'none' ? null : Number(minute),
      perDay: day === 'none' ? null : Number(day),
    };
  }
  return limits;
}

/** Reads and validates the environment; a bad value throws a one-line ConfigError naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const defined = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const vars = plainToInstance(EnvironmentVariables, defined);
  const [error] = validateSync(vars);
  if (error) {
    const problem = Object.values(error.constraints ?? {})[0] ?? 'is invalid';
    const shown = problem.startsWith(error.property)
      ? problem.slice(error.property.length + 1)
      : problem;
    throw new ConfigError(`Invalid environment variable ${error.property}: ${shown}`);
  }
  if (vars.METRICS_PORT !== undefined && vars.METRICS_PORT === vars.PORT) {
    throw new ConfigError('Invalid environment variable METRICS_PORT: must differ from PORT');
  }
  return {
    port: vars.PORT,
    host: vars.HOST,
    databaseUrl: vars.DATABASE_URL,
    dataDir: vars.DATA_DIR,
    redisUrl: vars.REDIS_URL,
    logLevel: vars.LOG_LEVEL,
    // Pretty for a developer's terminal; JSON lines for log collectors in production.
    logFormat: vars.LOG_FORMAT ?? (vars.NODE_ENV === 'production' ? 'json' : 'pretty'),
    slowQueryMs: vars.LOG_SLOW_QUERY_MS,
    metrics: { port: vars.METRICS_PORT, token: vars.METRICS_TOKEN },
    bodyLimit: vars.BODY_LIMIT,
    nodeEnv: vars.NODE_ENV,
    planLimits: parsePlanLimits(vars.PLAN_LIMITS),
    anonymousPerMinute: vars.ANONYMOUS_RATE_LIMIT,
    trustProxy: vars.TRUST_PROXY === 'true',
    searchCacheBytes: vars.SEARCH_CACHE_MB * 1024 * 1024,
    searchIndexMaxProspects: vars.SEARCH_INDEX_MAX_PROSPECTS,
    drainTimeoutMs: vars.DRAIN_TIMEOUT_MS,
    keyCacheSeconds: vars.KEY_CACHE_SECONDS,
    database: {
      poolSize: vars.DATABASE_POOL_SIZE,
      poolTimeoutMs: vars.DATABASE_POOL_TIMEOUT_MS,
      statementTimeoutMs: vars.DATABASE_STATEMENT_TIMEOUT_MS,
      jobStatementTimeoutMs: vars.DATABASE_JOB_STATEMENT_TIMEOUT_MS,
    },
  };
}

/** Injection token for the one config object. */
export const APP_CONFIG = Symbol('APP_CONFIG');
