import type { FastifyInstance, onRequestHookHandler, RouteOptions } from 'fastify';

/**
 * What the Swagger UI page needs, and nothing more: its scripts and styles from this server (the
 * page has inline `<style>` blocks and style attributes, hence 'unsafe-inline' for styles only),
 * its icons as data: URIs, "Try it out" calls to this origin. No other page may frame it.
 */
export const DOCS_CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const setDocsHeaders: onRequestHookHandler = (_request, reply, done) => {
  void reply.header('Content-Security-Policy', DOCS_CONTENT_SECURITY_POLICY);
  void reply.header('X-Frame-Options', 'DENY');
  done();
};

/** Every response carries it: a browser must not read a JSON error as a script or a page. */
export const NO_SNIFF = { name: 'X-Content-Type-Options', value: 'nosniff' } as const;

/**
 * The documentation pages under `docsPath` get a Content-Security-Policy and X-Frame-Options
 * (every response gets NO_SNIFF: see useResponseHeaders). Call before the documentation routes
 * are added.
 */
export function useSecurityHeaders(fastify: FastifyInstance, docsPath: string): void {
  // Only the documentation routes run this hook; API requests never do.
  fastify.addHook('onRoute', (route: RouteOptions) => {
    if (route.url !== docsPath && !route.url.startsWith(`${docsPath}/`)) return;
    const own = route.onRequest ? [route.onRequest].flat() : [];
    route.onRequest = [...own, setDocsHeaders];
  });
}
