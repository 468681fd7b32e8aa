import { assertScopes, Principal } from '../../../common/auth';

/**
 * Saving into a list writes that list: `list_id` needs `lists:write` as well. Saving a search
 * reads the prospect database, and its response shows the contacts it made of the matches:
 * `search` needs `prospects:read` as well (else a key without it could read the database through
 * saves). Decided by the guard on the body as sent (any `list_id` or `search` given counts; their
 * form is checked later).
 */
export function savePermissions(principal: Principal, body: unknown): void {
  const fields = body as { list_id?: unknown; search?: unknown } | null | undefined;
  if (fields?.list_id != null) assertScopes(principal, 'lists:write');
  if (fields?.search != null) assertScopes(principal, 'prospects:read');
}
