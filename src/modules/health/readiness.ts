import { ApiError } from '../../common/errors';

/**
 * One dependency's state: `up`; `degraded` (the instance serves without it, with less: Redis);
 * `down` (the instance cannot serve: the database).
 */
export interface DependencyState {
  status: 'up' | 'degraded' | 'down';
  message?: string;
  [detail: string]: unknown;
}

export type DependencyResult = Record<string, DependencyState>;

/**
 * The readiness body, in @nestjs/terminus' shape. Terminus knows only `up` and `down` (it drops
 * any other status), so the body is put together here: `info` lists what the instance serves
 * with (up or degraded), `error` what stops it, `details` all of them.
 */
export interface Readiness {
  status: 'ok' | 'error';
  info: DependencyResult;
  error: DependencyResult;
  details: DependencyResult;
}

/** The body of a ready instance; throws 503 (the body in its details) when a dependency is down. */
export function readiness(results: DependencyResult[]): Readiness {
  const details = Object.assign({}, ...results) as DependencyResult;
  const entries = Object.entries(details);
  const error = Object.fromEntries(entries.filter(([, state]) => state.status === 'down'));
  const body: Readiness = {
    status: Object.keys(error).length > 0 ? 'error' : 'ok',
    info: Object.fromEntries(entries.filter(([, state]) => state.status !== 'down')),
    error,
    details,
  };
  if (body.status === 'ok') return body;
  const down = Object.keys(error).join(', ');
  throw new ApiError('service_unavailable', `Not ready: ${down} does not answer.`, { ...body });
}
