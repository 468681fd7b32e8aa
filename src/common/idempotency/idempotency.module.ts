import { Global, Module, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';
import { ClaimOwner } from './claim-owner';
import { IdempotencyInterceptor } from './idempotency.interceptor';
import { IdempotencyStore } from './idempotency.store';
import { useStoredReplies } from './stored-replies';

/**
 * Global so that the routes marked `@Idempotent()` in any module get the interceptor's
 * dependencies. The interceptor is not global: reads never pay for it.
 */
@Global()
@Module({
  providers: [ClaimOwner, IdempotencyStore, IdempotencyInterceptor],
  exports: [IdempotencyStore, IdempotencyInterceptor],
})
export class IdempotencyModule implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    useStoredReplies(this.adapterHost.httpAdapter.getInstance<FastifyInstance>());
  }
}
