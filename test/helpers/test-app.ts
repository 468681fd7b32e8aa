import { NestFastifyApplication } from '@nestjs/platform-fastify';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.setup';
import { loadConfig, Plan } from '../../src/config/app-config';
import { ApiKeysService, NewApiKey } from '../../src/modules/api-keys/api-keys.service';
import { WorkspacesService } from '../../src/modules/workspaces/workspaces.service';
import { recordResponses } from './contract-log';
import { createTestDatabase } from './test-database';

export interface TestWorkspace {
  id: string;
  /** A key holding `scopes` (default: read, write and admin). */
  key: string;
  keyId: string;
  auth: { Authorization: string };
}

export interface TestApp {
  app: NestFastifyApplication;
  http: () => ReturnType<typeof request>;
  dataSource: DataSource;
  databaseUrl: string;
  createWorkspace(options?: {
    plan?: Plan;
    scopes?: string[];
    name?: string;
  }): Promise<TestWorkspace>;
  createKey(
    workspaceId: string,
    scopes: string[],
    extra?: Partial<NewApiKey>,
  ): Promise<{ key: string; id: string }>;
  close(): Promise<void>;
}

let workspaceCounter = 0;

/**
 * The real application over HTTP, on its own fresh database — or, with `shareDatabaseOf`, on
 * another test app's database (a second instance of the same service). Every response it sends
 * is checked against openapi.json: a violation fails the test and the suite (contract-log.ts).
 */
export async function startTestApp(
  env: Record<string, string> = {},
  shareDatabaseOf?: TestApp,
): Promise<TestApp> {
  const database = shareDatabaseOf
    ? { url: shareDatabaseOf.databaseUrl, drop: async () => {} }
    : await createTestDatabase();
  // Every suite calls from 127.0.0.1 and, with REDIS_URL, shares one address budget: only the
  // suite that tests that budget sets a small one.
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    NODE_ENV: 'test',
    ANONYMOUS_RATE_LIMIT: '1000000',
    ...env,
    DATABASE_URL: database.url,
  });
  const app = await createApp(config, database.url);
  // Every response of every suite is checked against openapi.json (see contract-log.ts); the
  // hook goes in before `ready()`, after which Fastify takes no more hooks.
  recordResponses(app.getHttpAdapter().getInstance());
  await app.getHttpAdapter().getInstance().ready();
  const keys = app.get(ApiKeysService);
  const createKey = async (
    workspaceId: string,
    scopes: string[],
    extra: Partial<NewApiKey> = {},
  ) => {
    const { key, secret } = await keys.create({
      workspaceId,
      name: `key ${++workspaceCounter}`,
      scopes,
      ...extra,
    });
    return { key: secret, id: key.id };
  };
  return {
    app,
    http: () => request(app.getHttpServer()),
    dataSource: app.get(DataSource),
    databaseUrl: database.url,
    createKey,
    async createWorkspace({ plan = 'unlimited', scopes = ['read', 'write', 'admin'], name } = {}) {
      const workspace = await app
        .get(WorkspacesService)
        .create(name ?? `Workspace ${++workspaceCounter} ${Date.now()}`, plan);
      const { key, id } = await createKey(workspace.id, scopes);
      return { id: workspace.id, key, keyId: id, auth: { Authorization: `Bearer ${key}` } };
    },
    async close() {
      await app.close();
      await database.drop();
    },
  };
}
