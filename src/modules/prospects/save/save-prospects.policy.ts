import { assertScopes, Principal } from '../../../common/auth';

/**
 * Saving into a list writes that list: `list_id` needs `lists:write` as well. Decided by the
 * guard on the body as sent (any `list_id` given counts; its form is checked later).
 */
export function listWriteForListId(principal: Principal, body: unknown): void {
  const listId = (body as { list_id?: unknown } | null | undefined)?.list_id;
  if (listId != null) assertScopes(principal, 'lists:write');
}
