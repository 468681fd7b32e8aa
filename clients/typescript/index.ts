import createClient, { Client } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, paths };
export type ProspectApiClient = Client<paths>;

/**
 * A typed client for the Prospect API, generated from `openapi.json` (see `npm run client:generate`).
 *
 *   const api = createProspectApiClient('http://localhost:3000', process.env.PROSPECT_API_KEY!);
 *   const { data, error } = await api.GET('/v1/me');
 */
export function createProspectApiClient(
  baseUrl: string,
  apiKey: string,
  fetchImpl?: typeof fetch,
): ProspectApiClient {
  return createClient<paths>({
    baseUrl: baseUrl.replace(/\/$/, ''),
    headers: { Authorization: `Bearer ${apiKey}` },
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}
