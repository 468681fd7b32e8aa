import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppModule } from '../../app.module';
import { loadConfig } from '../../config/app-config';
import { buildOpenApiDocument } from './openapi-document';

/**
 * Writes the OpenAPI document to `openapi.json` at the repository root without a database:
 * preview mode builds the routes but instantiates no provider. Run through `npm run
 * openapi:export`, which compiles with the swagger plugin first, as the server is built.
 */
async function exportDocument(): Promise<void> {
  const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent' });
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.register(config, 'postgres://preview@localhost/preview'),
    new FastifyAdapter(),
    { preview: true, logger: false, abortOnError: false },
  );
  const target = resolve(process.argv[2] ?? 'openapi.json');
  writeFileSync(target, `${JSON.stringify(buildOpenApiDocument(app), null, 2)}\n`);
  await app.close();
  process.stdout.write(`Wrote ${target}\n`);
}

void exportDocument();
