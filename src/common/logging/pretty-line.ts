/** The fields of a request line (see request-log.ts), shown in its message in pretty mode. */
export interface RequestLine {
  reqId: string;
  method: string;
  route: string | undefined;
  status: number;
  ms: number;
  workspaceId?: string;
  keyPrefix?: string;
}

export const REQUEST_MESSAGE = 'request';

/** Fields that the pretty message already shows, or that a terminal does not need. */
export const PRETTY_IGNORED_FIELDS = [
  'pid',
  'hostname',
  'context',
  'reqId',
  'method',
  'route',
  'status',
  'ms',
  'workspaceId',
  'keyPrefix',
].join(',');

/**
 * One readable line: `[Context] message` as Nest prints it, and for a request
 * `GET /v1/me 200 1.2 ms req_… workspace … key wbk_…`.
 */
export function formatPrettyLine(log: Record<string, unknown>, messageKey: string): string {
  const raw = log[messageKey];
  const message = typeof raw === 'string' ? raw : JSON.stringify(raw ?? '');
  if (message === REQUEST_MESSAGE && typeof log.reqId === 'string') {
    const line = log as unknown as RequestLine;
    const caller = line.workspaceId ? ` workspace ${line.workspaceId} key ${line.keyPrefix}` : '';
    return `${line.method} ${line.route ?? '(no route)'} ${line.status} ${line.ms} ms ${line.reqId}${caller}`;
  }
  return typeof log.context === 'string' ? `[${log.context}] ${message}` : message;
}
