import type { FastifyInstance, RouteHandlerMethod, RouteOptions } from 'fastify';

/**
 * Answers the GET route at `path` (and its HEAD) with `handler` instead of the one Nest
 * registers for it (Fastify's onRoute hook; call before `app.init()` registers the routes). The
 * Nest route stays as declared, for the OpenAPI document. The server does not start if no route
 * had the path: a moved route would otherwise fall back to Nest without a word.
 */
export function replaceGetHandler(
  fastify: FastifyInstance,
  path: string,
  handler: RouteHandlerMethod,
): void {
  let replaced = false;
  fastify.addHook('onRoute', (route: RouteOptions) => {
    const methods = [route.method].flat();
    if (route.url === path && methods.every((m) => m === 'GET' || m === 'HEAD')) {
      route.handler = handler;
      replaced = true;
    }
  });
  fastify.addHook('onReady', (done) =>
    done(replaced ? undefined : new Error(`no GET route has the path ${path}`)),
  );
}
