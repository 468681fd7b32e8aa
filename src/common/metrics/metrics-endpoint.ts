import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ApiError, errorBody } from '../errors';
import { bearerMatches } from './metrics-token';
import { Metrics } from './metrics';

export const METRICS_PATH = '/metrics';

/**
 * Counts and times every request of the API, once its response is sent. A plain Fastify hook:
 * it runs for every route and for refusals alike, outside Nest's pipeline.
 */
export function useRequestMetrics(fastify: FastifyInstance, metrics: Metrics): void {
  fastify.addHook('onResponse', (request, reply, done) => {
    metrics.observeRequest(
      request.method,
      request.routeOptions.url,
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
    done();
  });
}

/**
 * `GET /metrics` on the API's own port, for callers sending `Authorization: Bearer
 * <METRICS_TOKEN>` (anyone else: 401). A Fastify route, not a Nest controller: outside the API's
 * key guard, rate limits and OpenAPI document (it is not an operation of the API).
 */
export function serveMetricsOnApiPort(
  fastify: FastifyInstance,
  metrics: Metrics,
  token: string,
): void {
  fastify.get(METRICS_PATH, async (request, reply) => {
    if (!bearerMatches(request.headers.authorization, token)) {
      const refusal = new ApiError(
        'invalid_key',
        'Metrics need the token: send Authorization: Bearer <METRICS_TOKEN>.',
      );
      return reply
        .status(401)
        .header('WWW-Authenticate', 'Bearer')
        .send(errorBody(refusal, request.id));
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}

/**
 * With METRICS_PORT: a small HTTP server of its own on that port (and only `GET /metrics` there;
 * the token too when one is set), so that metrics are reachable only where the operator exposes
 * that port — typically not through the public load balancer.
 */
@Injectable()
export class MetricsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Metrics');
  private server: Server | undefined;

  constructor(
    private readonly metrics: Metrics,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { port, token } = this.config.metrics;
    if (port === undefined) return;
    const server = createServer((req, res) => void this.answer(req, res, token));
    await new Promise<void>((listening, failed) => {
      server.once('error', failed);
      server.listen(port, this.config.host, () => listening());
    });
    this.server = server;
    this.logger.log(`Metrics on http://${this.config.host}:${port}${METRICS_PATH}`);
  }

  async onApplicationShutdown(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((closed) => server.close(closed));
  }

  private async answer(req: IncomingMessage, res: ServerResponse, token: string | undefined) {
    const path = (req.url ?? '').split('?')[0];
    if (req.method !== 'GET' || path !== METRICS_PATH) return plain(res, 404, 'Not found\n');
    if (token !== undefined && !bearerMatches(req.headers.authorization, token)) {
      res.setHeader('WWW-Authenticate', 'Bearer');
      return plain(res, 401, 'Unauthorized\n');
    }
    try {
      const body = await this.metrics.registry.metrics();
      res.writeHead(200, { 'Content-Type': this.metrics.registry.contentType }).end(body);
    } catch (error) {
      this.logger.error(error);
      plain(res, 500, 'Internal error\n');
    }
  }
}

function plain(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' }).end(text);
}

/**
 * Metrics are collected where they are served: with METRICS_PORT (its own server, see
 * MetricsServer) or METRICS_TOKEN (on the API's port). With neither, `/metrics` is a 404 and no
 * request pays for counting.
 */
export function useMetrics(fastify: FastifyInstance, metrics: Metrics, config: AppConfig): void {
  const { port, token } = config.metrics;
  if (port === undefined && token === undefined) return;
  metrics.collectProcessMetrics();
  useRequestMetrics(fastify, metrics);
  if (port === undefined && token !== undefined) serveMetricsOnApiPort(fastify, metrics, token);
}
