import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { StoredResponse } from './idempotency.store';

/** Requests answered from the idempotency store, with the response to send instead. */
const replays = new WeakMap<FastifyRequest, StoredResponse>();

/** Marks this request's answer as a stored response, sent by the hook below. */
export function replayStoredResponse(request: FastifyRequest, response: StoredResponse): void {
  replays.set(request, response);
}

/**
 * Sends a replay's stored status and body text as they are. Nest sets the route's own status
 * after the interceptors, and would serialize the body again, so the swap happens at Fastify's
 * onSend, the last step before the response is written.
 */
export function useStoredReplies(fastify: FastifyInstance): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const stored = replays.get(request);
    if (!stored) return done(null, payload);
    void reply.code(stored.status);
    if (stored.body === null) return done(null, payload);
    void reply.header('content-type', 'application/json; charset=utf-8');
    done(null, stored.body);
  });
}
