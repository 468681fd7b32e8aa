import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { validationPipe } from './common/errors';
import {
  HTTP_EDGE_OPTIONS,
  requestId,
  useCheckedJsonParser,
  useResponseHeaders,
  useSecurityHeaders,
} from './common/http';
import {
  appLogger,
  createRootLogger,
  RootLogger,
  useRequestContext,
  useRequestLog,
} from './common/logging';
import { Metrics, useMetrics } from './common/metrics';
import { buildOpenApiDocument } from './common/openapi';
import { useLeanMe } from './modules/api-keys';
import { useLeanLiveness } from './modules/health';
import { AppConfig } from './config/app-config';
import { runPendingMigrations } from './database/migrate';

/**
 * The whole HTTP application, configured the same way for `main.ts` and the tests. `logger`: the
 * process's root logger when the caller made it already (main.ts logs before the app exists).
 */
export async function createApp(
  config: AppConfig,
  databaseUrl: string,
  logger: RootLogger = createRootLogger(config),
): Promise<NestFastifyApplication> {
  await runPendingMigrations(databaseUrl, config.database);
  const adapter = new FastifyAdapter({
    ...HTTP_EDGE_OPTIONS,
    bodyLimit: config.bodyLimit,
    genReqId: (req: { headers: Record<string, string | string[] | undefined> }) =>
      requestId(req.headers['x-request-id']),
    requestIdHeader: false,
    // Off by default: otherwise any client could pick its own address for the anonymous limit.
    trustProxy: config.trustProxy,
  });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(config, databaseUrl),
    adapter,
    {
      logger: appLogger(logger),
      abortOnError: false,
      // Bodies are JSON only, parsed by useCheckedJsonParser; any other type is a 415.
      bodyParser: false,
    },
  );
  const fastify = app.getHttpAdapter().getInstance();
  useRequestContext(fastify);
  fastify.removeContentTypeParser('text/plain');
  useCheckedJsonParser(fastify);
  useResponseHeaders(fastify);
  useSecurityHeaders(fastify, '/docs');
  useLeanLiveness(fastify);
  useLeanMe(fastify, app);
  useRequestLog(fastify, logger);
  useMetrics(fastify, app.get(Metrics), config);
  app.useGlobalPipes(validationPipe);
  // A key pasted into the page lives as long as the page: never in the browser's storage.
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
    swaggerOptions: { persistAuthorization: false },
  });
  await app.init();
  return app;
}
