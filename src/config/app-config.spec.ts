import { ConfigError, DEFAULT_PLAN_LIMITS, loadConfig } from './app-config';

describe('loadConfig', () => {
  it('uses the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '0.0.0.0',
      databaseUrl: undefined,
      dataDir: './.data',
      redisUrl: undefined,
      logLevel: 'log',
      logFormat: 'pretty',
      slowQueryMs: 100,
      metrics: { port: undefined, token: undefined },
      nodeEnv: 'development',
      anonymousPerMinute: 60,
      trustProxy: false,
      searchCacheBytes: 64 * 1024 * 1024,
      searchIndexMaxProspects: 10_000_000,
      drainTimeoutMs: 25_000,
      database: {
        poolSize: 20,
        poolTimeoutMs: 3_000,
        statementTimeoutMs: 5_000,
        jobStatementTimeoutMs: 600_000,
      },
    });
    expect(config.planLimits).toEqual(DEFAULT_PLAN_LIMITS);
  });

  it('reads every variable', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '127.0.0.1',
      DATABASE_URL: 'postgres://u@h/db',
      DATA_DIR: '/tmp/x',
      REDIS_URL: 'redis://127.0.0.1:6379',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'pretty',
      LOG_SLOW_QUERY_MS: '25',
      METRICS_PORT: '9464',
      METRICS_TOKEN: 'a-long-enough-token',
      BODY_LIMIT: '2048',
      NODE_ENV: 'production',
      PLAN_LIMITS: 'starter=5/50,unlimited=none/none',
      ANONYMOUS_RATE_LIMIT: '5',
      TRUST_PROXY: 'true',
      SEARCH_CACHE_MB: '0',
      SEARCH_INDEX_MAX_PROSPECTS: '0',
      DRAIN_TIMEOUT_MS: '0',
      DATABASE_POOL_SIZE: '5',
      DATABASE_POOL_TIMEOUT_MS: '750',
      DATABASE_STATEMENT_TIMEOUT_MS: '0',
      DATABASE_JOB_STATEMENT_TIMEOUT_MS: '3600000',
    });
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      databaseUrl: 'postgres://u@h/db',
      dataDir: '/tmp/x',
      redisUrl: 'redis://127.0.0.1:6379',
      logLevel: 'warn',
      logFormat: 'pretty',
      slowQueryMs: 25,
      metrics: { port: 9464, token: 'a-long-enough-token' },
      bodyLimit: 2048,
      nodeEnv: 'production',
      anonymousPerMinute: 5,
      trustProxy: true,
      searchCacheBytes: 0,
      searchIndexMaxProspects: 0,
      drainTimeoutMs: 0,
      database: {
        poolSize: 5,
        poolTimeoutMs: 750,
        statementTimeoutMs: 0,
        jobStatementTimeoutMs: 3_600_000,
      },
    });
    expect(config.planLimits.starter).toEqual({ perMinute: 5, perDay: 50 });
    expect(config.planLimits.pro).toEqual(DEFAULT_PLAN_LIMITS.pro);
  });

  it('writes JSON lines by default in production', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).logFormat).toBe('json');
    expect(loadConfig({ NODE_ENV: 'production', LOG_FORMAT: 'pretty' }).logFormat).toBe('pretty');
  });

  it.each([
    ['PORT', 'abc', /^Invalid environment variable PORT: /],
    ['PORT', '70000', /^Invalid environment variable PORT: must not be greater than 65535$/],
    ['DATABASE_URL', 'mysql://x', /^Invalid environment variable DATABASE_URL: must be a postgres/],
    ['REDIS_URL', 'http://x', /^Invalid environment variable REDIS_URL: must be a redis/],
    ['LOG_LEVEL', 'loud', /^Invalid environment variable LOG_LEVEL: /],
    ['LOG_FORMAT', 'xml', /^Invalid environment variable LOG_FORMAT: /],
    ['LOG_SLOW_QUERY_MS', 'fast', /^Invalid environment variable LOG_SLOW_QUERY_MS: /],
    ['METRICS_PORT', '0', /^Invalid environment variable METRICS_PORT: /],
    ['METRICS_PORT', '3000', /^Invalid environment variable METRICS_PORT: must differ from PORT$/],
    ['METRICS_TOKEN', 'short', /^Invalid environment variable METRICS_TOKEN: must be 16 to 256/],
    ['BODY_LIMIT', '12', /^Invalid environment variable BODY_LIMIT: /],
    ['NODE_ENV', 'staging', /^Invalid environment variable NODE_ENV: /],
    ['PLAN_LIMITS', 'gold=1/2', /^Invalid environment variable PLAN_LIMITS: /],
    ['TRUST_PROXY', 'yes', /^Invalid environment variable TRUST_PROXY: /],
    ['SEARCH_CACHE_MB', '-1', /^Invalid environment variable SEARCH_CACHE_MB: /],
    ['ANONYMOUS_RATE_LIMIT', '0', /^Invalid environment variable ANONYMOUS_RATE_LIMIT: /],
    ['DATABASE_POOL_SIZE', '0', /^Invalid environment variable DATABASE_POOL_SIZE: /],
    // A wait for a connection is always bounded.
    ['DATABASE_POOL_TIMEOUT_MS', '0', /^Invalid environment variable DATABASE_POOL_TIMEOUT_MS: /],
    [
      'DATABASE_STATEMENT_TIMEOUT_MS',
      '5s',
      /^Invalid environment variable DATABASE_STATEMENT_TIMEOUT_MS: /,
    ],
    [
      'DATABASE_JOB_STATEMENT_TIMEOUT_MS',
      '-1',
      /^Invalid environment variable DATABASE_JOB_STATEMENT_TIMEOUT_MS: /,
    ],
  ])('refuses %s=%s with one line naming it', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
    try {
      loadConfig({ [name]: value });
    } catch (error) {
      expect((error as Error).message).not.toContain('\n');
    }
  });
});
