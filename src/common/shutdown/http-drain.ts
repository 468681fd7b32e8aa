import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { APP_CONFIG, AppConfig } from '../../config/app-config';

/**
 * The first step of every shutdown (`app.close()`, which the signal handler in main.ts calls):
 * readiness answers 503 from now on, the listener stops accepting connections, and the requests
 * in flight are answered, for up to DRAIN_TIMEOUT_MS. It runs in `onModuleDestroy`, the first of
 * Nest's shutdown phases, so everything after it — background work stopping, key uses flushed
 * (`beforeApplicationShutdown`), pools closed (`onApplicationShutdown`) — comes after the last
 * request.
 */
@Injectable()
export class HttpDrain implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Shutdown');
  private readonly inFlight = new Set<ServerResponse>();
  private draining = false;
  private allAnswered: (() => void) | undefined;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** True from the start of the shutdown: readiness answers 503. */
  get isDraining(): boolean {
    return this.draining;
  }

  onModuleInit(): void {
    // Node's own event, ahead of Fastify's listener: every request is seen, whatever answers it.
    this.server().prependListener('request', (_: IncomingMessage, res: ServerResponse) =>
      this.track(res),
    );
  }

  async onModuleDestroy(): Promise<void> {
    await this.drain(this.config.drainTimeoutMs);
  }

  private async drain(deadlineMs: number): Promise<void> {
    this.draining = true;
    // A connection ends with the answer it is waiting for: its client's next request goes to a
    // new connection, which the load balancer sends to another instance.
    for (const res of this.inFlight) closeAfter(res);
    const server = this.server();
    // http.Server#close would also close the idle keep-alive connections at once, cutting a
    // request that a client is sending on one just then; they stay open until the last answer.
    if (server.listening) NetServer.prototype.close.call(server);
    // Requests whose bytes have already arrived are read, and counted, before the count is taken.
    await nextTurn();
    await this.finishInFlight(server, deadlineMs);
  }

  /** Waits for the requests in flight, then closes every connection left (cutting any late one). */
  private async finishInFlight(server: Server, deadlineMs: number): Promise<void> {
    const seconds = deadlineMs / 1000;
    if (this.inFlight.size > 0) {
      this.logger.log(
        `Shutting down: answering ${this.inFlight.size} request(s) in flight (at most ${seconds} s)`,
      );
    }
    if (await this.answered(deadlineMs)) return server.closeIdleConnections();
    this.logger.warn(
      `Shutting down: ${this.inFlight.size} request(s) still running after ${seconds} s are cut`,
    );
    server.closeAllConnections();
  }

  private track(res: ServerResponse): void {
    this.inFlight.add(res);
    // Requests that arrive during the drain, on connections already open, are served and end
    // their connection.
    if (this.draining) closeAfter(res);
    res.once('close', () => {
      this.inFlight.delete(res);
      if (this.inFlight.size === 0) this.allAnswered?.();
    });
  }

  /** Resolves true once no request is in flight, false if `deadlineMs` passes first. */
  private answered(deadlineMs: number): Promise<boolean> {
    if (this.inFlight.size === 0) return Promise.resolve(true);
    return new Promise((done) => {
      const timer = setTimeout(() => done(false), deadlineMs);
      this.allAnswered = () => {
        clearTimeout(timer);
        done(true);
      };
    });
  }

  private server(): Server {
    return this.adapterHost.httpAdapter.getHttpServer() as Server;
  }
}

function closeAfter(res: ServerResponse): void {
  if (!res.headersSent) res.setHeader('Connection', 'close');
}
