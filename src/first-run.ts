import { INestApplicationContext } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { ApiKeysService } from './modules/api-keys';
import { ProspectSeedService, ProspectsSearchService } from './modules/prospects';
import { WorkspacesService } from './modules/workspaces';

export interface FirstRunResult {
  workspaceId: string;
  secret: string;
}

/**
 * On the embedded default, outside production, an empty database gets a `Demo` workspace and an
 * admin key so a new user can call the API at once. Never in production; never twice, because
 * any workspace at all means the database is already in use.
 */
export async function prepareFirstRun(
  app: INestApplicationContext,
  config: AppConfig,
): Promise<FirstRunResult | undefined> {
  if (config.databaseUrl || config.nodeEnv === 'production') return undefined;
  const workspaces = app.get(WorkspacesService);
  if ((await workspaces.count()) > 0) return undefined;
  const workspace = await workspaces.create('Demo', 'org');
  const { secret } = await app.get(ApiKeysService).create({
    workspaceId: workspace.id,
    name: 'Demo admin key',
    scopes: ['admin', 'read', 'write'],
  });
  return { workspaceId: workspace.id, secret };
}

/** Synthetic prospects a new embedded install starts with. */
export const DEMO_PROSPECTS = 5_000;

/**
 * On the embedded default, outside production, an empty prospect table gets synthetic prospects,
 * so the seed page's workflow (CEOs in Legal) finds people out of the box. Independent of the
 * demo workspace: an install may have workspaces and still no prospects. Returns how many it loaded.
 */
export async function loadDemoProspects(
  app: INestApplicationContext,
  config: AppConfig,
): Promise<number> {
  if (config.databaseUrl || config.nodeEnv === 'production') return 0;
  if (!(await app.get(ProspectsSearchService).isEmpty())) return 0;
  const { inserted } = await app.get(ProspectSeedService).seed({ count: DEMO_PROSPECTS });
  return inserted;
}

export function firstRunBanner(secret: string, baseUrl: string): string {
  return [
    '',
    'First run: created workspace "Demo" and an API key (admin, read, write). It is shown only this once:',
    '',
    `  ${secret}`,
    '',
    'Try it:',
    `  curl -H "Authorization: Bearer ${secret}" ${baseUrl}/v1/me`,
    '',
    `API docs: ${baseUrl}/docs`,
    '',
  ].join('\n');
}
