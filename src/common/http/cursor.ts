import { createHash } from 'node:crypto';
import { ApiError } from '../errors';

/**
 * Keyset cursors: where the next page starts (the last row's sort key and id) and which query it
 * continues (a fingerprint of the sort and filters). Opaque to clients but not secret: a
 * checksum refuses edited or truncated cursors (400), and every page is read within the
 * caller's workspace, so a forged cursor can only move a position in the caller's own rows.
 */
export interface CursorPosition {
  /** The last row's sort key, as the database renders it (exact: timestamps keep microseconds). */
  key: string;
  /** The last row's id: ties on the key are broken by id. */
  id: string;
}

const VERSION = 1;
const MAX_CURSOR_LENGTH = 1_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const digest = (text: string, length: number) =>
  createHash('sha256').update(text).digest('base64url').slice(0, length);

/** The query a cursor belongs to: sort and filters, whatever their order of keys. */
export function queryFingerprint(query: Record<string, unknown>): string {
  const entries = Object.entries(query)
    .filter(([, value]) => value !== undefined && value !== null && value !== '')
    .sort(([a], [b]) => a.localeCompare(b));
  return digest(JSON.stringify(entries), 12);
}

export function encodeCursor(position: CursorPosition, fingerprint: string): string {
  const body = Buffer.from(
    JSON.stringify([VERSION, fingerprint, position.key, position.id]),
  ).toString('base64url');
  return `${body}.${digest(body, 10)}`;
}

const invalid = () =>
  ApiError.validation(
    'cursor is not a cursor this API issued: pass `meta.next_cursor` of the previous page as it is.',
    { cursor: ['is malformed or was altered'] },
  );

/** The position a cursor carries; 400 if it was altered or belongs to another query. */
export function decodeCursor(cursor: string, fingerprint: string): CursorPosition {
  if (cursor.length > MAX_CURSOR_LENGTH) throw invalid();
  const [body, check, extra] = cursor.split('.');
  if (extra !== undefined || !body || check !== digest(body, 10)) throw invalid();
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!isPayload(decoded)) throw invalid();
  const [, issuedFor, key, id] = decoded;
  if (issuedFor !== fingerprint) {
    throw ApiError.validation(
      'cursor belongs to another query: send the same sort and filters as the page it came from.',
      { cursor: ['was issued for another sort or other filters'] },
    );
  }
  return { key, id };
}

function isPayload(value: unknown): value is [number, string, string, string] {
  return (
    Array.isArray(value) &&
    value.length === 4 &&
    value[0] === VERSION &&
    typeof value[1] === 'string' &&
    typeof value[2] === 'string' &&
    typeof value[3] === 'string' &&
    UUID.test(value[3])
  );
}

interface PageQuery {
  page: number;
  per_page: number;
  cursor?: string;
}

/** Where a page starts: just after a cursor's position, or at its page's offset (not both). */
export function pageStart(
  query: PageQuery,
  fingerprint: string,
): { after?: CursorPosition; offset?: number; limit: number } {
  // One row more than the page: its presence says whether a next page exists.
  const limit = query.per_page + 1;
  if (!query.cursor) return { offset: (query.page - 1) * query.per_page, limit };
  if (query.page !== 1) {
    throw ApiError.validation('Send either page or cursor, not both.', {
      page: ['must not be sent with cursor'],
    });
  }
  return { after: decodeCursor(query.cursor, fingerprint), limit };
}

/** The page's rows (without the extra one), and the next page's cursor when there is one. */
export function cutPage<T>(
  rows: T[],
  query: PageQuery,
  fingerprint: string,
  position: (row: T) => CursorPosition,
): { shown: T[]; nextCursor: string | null } {
  const shown = rows.slice(0, query.per_page);
  const last = shown.at(-1);
  const hasMore = rows.length > query.per_page && last !== undefined;
  return { shown, nextCursor: hasMore ? encodeCursor(position(last), fingerprint) : null };
}
