import {
  CallHandler,
  ExecutionContext,
  HttpStatus,
  Inject,
  Injectable,
  NestInterceptor,
  Optional,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { catchError, mergeMap, Observable, of } from 'rxjs';
import { ApiError } from '../errors';
import { Metrics } from '../metrics';
import { canonicalJson } from './canonical-json';
import { IdempotencyStore } from './idempotency.store';
import { replayStoredResponse } from './stored-replies';

const SECRET_FIELDS = 'idempotency:secret-fields';

/**
 * Fields of `data` in this route's response that are secrets shown once (a new API key).
 * They are not stored for replays: a replay shows them as null.
 */
export const SecretInResponse = (...fields: string[]): MethodDecorator =>
  SetMetadata(SECRET_FIELDS, fields);

/**
 * The route accepts `Idempotency-Key`: every POST, PATCH and DELETE route (the OpenAPI document
 * declares the header on each of them; the idempotency e2e test checks that they match).
 */
export const Idempotent = (): MethodDecorator => UseInterceptors(IdempotencyInterceptor);

const METHODS = new Set(['POST', 'PATCH', 'DELETE']);
const HEADER = 'idempotency-key';
const VALID_KEY = /^[\x21-\x7e]{1,255}$/; // printable ASCII, no spaces

/**
 * `Idempotency-Key` on POST, PATCH and DELETE: the first request does the work and its response
 * is stored; a repeat with the same body gets that response again without the work being redone.
 * Applied by `@Idempotent()` to the routes that accept the header, not globally: an interceptor
 * puts every request of its routes through Nest's RxJS chain (AsyncResource.bind, Observables),
 * which a read would pay for nothing.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    // Null only where no route is served: the CLI loads the modules of these routes for their
    // services, without IdempotencyModule (the API's, global).
    @Optional() @Inject(IdempotencyStore) private readonly store: IdempotencyStore | null,
    private readonly metrics: Metrics,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const key = request.headers[HEADER];
    if (!METHODS.has(request.method) || key === undefined || !request.principal)
      return next.handle();
    if (typeof key !== 'string' || !VALID_KEY.test(key)) {
      throw ApiError.validation(
        'Idempotency-Key must be 1 to 255 printable characters without spaces.',
        {
          'Idempotency-Key': ['must be 1 to 255 printable characters without spaces'],
        },
      );
    }
    const store = this.store;
    if (!store) throw new Error('Idempotency-Key needs IdempotencyModule, which is not loaded');
    const workspaceId = request.principal.workspace.id;
    const fingerprint = createHash('sha256')
      .update(`${request.method} ${request.url}\n${canonicalJson(request.body)}`)
      .digest('hex');
    const claim = await store.claim(workspaceId, key, fingerprint);
    if (claim.kind === 'replay') {
      this.metrics.idempotentReplays.inc();
      replayStoredResponse(request, claim.response);
      return of(undefined);
    }
    const status = successStatus(context, request.method);
    const secrets =
      (Reflect.getMetadata(SECRET_FIELDS, context.getHandler()) as string[] | undefined) ?? [];
    return next.handle().pipe(
      mergeMap(async (body: unknown) => {
        await store.complete(workspaceId, key, { status, body: bodyText(body, secrets) });
        return body;
      }),
      catchError(async (error: unknown) => {
        await store.release(workspaceId, key);
        throw error;
      }),
    );
  }
}

function successStatus(context: ExecutionContext, method: string): number {
  const declared = Reflect.getMetadata(HTTP_CODE_METADATA, context.getHandler()) as
    number | undefined;
  return declared ?? (method === 'POST' ? HttpStatus.CREATED : HttpStatus.OK);
}

/**
 * The body as Fastify sends it (its serializer is JSON.stringify: no route has a response
 * schema), without the secrets; null when there is none (a 204).
 */
function bodyText(body: unknown, secrets: string[]): string | null {
  return body === undefined ? null : JSON.stringify(withoutSecrets(body, secrets));
}

function withoutSecrets(body: unknown, fields: string[]): unknown {
  const data = (body as { data?: Record<string, unknown> } | undefined)?.data;
  if (fields.length === 0 || !data) return body;
  return { ...body!, data: { ...data, ...Object.fromEntries(fields.map((f) => [f, null])) } };
}
