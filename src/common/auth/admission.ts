import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../errors';
import { Metrics } from '../metrics';
import { enforce, RateLimitDecision, RateLimiterService } from '../rate-limit';
import { BODY_POLICY, BodyPolicy, IS_PUBLIC, REQUIRED_SCOPES } from './auth.decorators';
import { KeyAuthenticator } from './key-authenticator';
import { assertScopes } from './principal';
import { RefusedAddresses } from './refused-addresses';
import { Scope } from './scopes';

const ANONYMOUS = 'requests without a valid key from one address';

/** Where a route's permissions are declared: its handler and its controller class. */
export type RouteDeclaration = [
  handler: ReturnType<ExecutionContext['getHandler']>,
  controller: ReturnType<ExecutionContext['getClass']>,
];

/** What a route's decorators say about who may call it. */
interface RoutePolicy {
  isPublic: boolean;
  scopes: Scope[] | undefined;
  bodyPolicy: BodyPolicy | undefined;
}

/**
 * Who may call a route, decided once for every request: public routes pass; every other request
 * is authenticated, then counted against its workspace's rate limits (so every authenticated
 * response, a 403 included, carries the rate-limit headers), then checked for the route's scopes
 * and its body's (`@AuthorizeBody`). Throws the refusal as an ApiError; on success the request
 * carries its `principal` and `rateLimit`. Used by the global guard and by the routes served
 * outside Nest's pipeline (useLeanRoute), so both decide alike.
 */
@Injectable()
export class Admission {
  private readonly refused = new RefusedAddresses();
  /** By controller, then handler: decorators are fixed once the app is built, so read them once. */
  private readonly policies = new WeakMap<object, WeakMap<object, RoutePolicy>>();

  constructor(
    private readonly reflector: Reflector,
    private readonly keys: KeyAuthenticator,
    private readonly limiter: RateLimiterService,
    private readonly metrics: Metrics,
  ) {}

  async admit(
    request: FastifyRequest,
    reply: FastifyReply,
    [handler, controller]: RouteDeclaration,
  ): Promise<void> {
    const policy = this.policyOf([handler, controller]);
    if (policy.isPublic) return;
    const principal = await this.authenticate(request, reply);
    request.principal = principal;
    request.rateLimit = await this.limiter.consumeWorkspace(principal);
    const plan = principal.workspace.plan;
    this.enforce(request.rateLimit, reply, `this workspace's ${plan} plan`, plan);
    if (!policy.scopes) {
      // Deny by default: a route that forgot to declare its scopes is closed, not open.
      throw new ApiError(
        'insufficient_permissions',
        'This route declares no permission, so no key may call it.',
      );
    }
    assertScopes(principal, ...policy.scopes);
    policy.bodyPolicy?.(principal, request.body);
  }

  private policyOf([handler, controller]: RouteDeclaration): RoutePolicy {
    let byHandler = this.policies.get(controller);
    if (!byHandler) this.policies.set(controller, (byHandler = new WeakMap()));
    let policy = byHandler.get(handler);
    if (!policy) {
      const targets = [handler, controller];
      policy = {
        isPublic: this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false,
        scopes: this.reflector.getAllAndOverride<Scope[] | undefined>(REQUIRED_SCOPES, targets),
        bodyPolicy: this.reflector.get<BodyPolicy | undefined>(BODY_POLICY, handler),
      };
      byHandler.set(handler, policy);
    }
    return policy;
  }

  /**
   * A failed attempt spends the caller's address budget: past it, 429 instead of 401, and from
   * then until the window resets, 429 before the key is even looked up (see RefusedAddresses).
   */
  private async authenticate(request: FastifyRequest, reply: FastifyReply) {
    if (authorizationHeaderCount(request.raw.rawHeaders) > 1) {
      throw ApiError.validation('Send one Authorization header; this request has several.', {
        Authorization: ['must be sent once'],
      });
    }
    const refusal = this.refused.refusal(request.ip, request.headers.authorization);
    if (refusal) this.enforce(refusal, reply, ANONYMOUS, 'anonymous');
    try {
      const principal = await this.keys.authenticate(request.headers.authorization);
      this.refused.keyAuthenticated(principal.keyPrefix);
      return principal;
    } catch (error) {
      if (error instanceof ApiError && error.code === 'invalid_key') {
        const decision = await this.limiter.consumeAnonymous(request.ip);
        this.refused.remember(request.ip, decision);
        this.enforce(decision, reply, ANONYMOUS, 'anonymous');
      }
      throw error;
    }
  }

  /** `enforce`, counting a refusal by plan (`anonymous`: the per-address budget). */
  private enforce(decision: RateLimitDecision, reply: FastifyReply, whose: string, plan: string) {
    if (!decision.allowed) this.metrics.rateLimitRefusals.inc({ plan });
    enforce(decision, reply, whose);
  }
}

/**
 * Node keeps the first of repeated Authorization headers and silently drops the others, so they
 * are counted in the raw list (name, value, name, value, ...).
 */
function authorizationHeaderCount(rawHeaders: string[]): number {
  let count = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    if (name.length === 13 && name.toLowerCase() === 'authorization') count++;
  }
  return count;
}
