import type { FastifyInstance } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  CheckResult,
  Exchange,
  loadOpenApiDocument,
  OpenApiContract,
  snippet,
} from './openapi-contract';

/**
 * Every response an e2e suite receives is checked against openapi.json and recorded here:
 * server-side by `recordResponses` (the test app's Fastify), client-side by `checkedFetch` and
 * `recordRawAnswer` (a separate server process, raw sockets). A violation fails the test that
 * received it (afterEach) and the suite (afterAll, with every violation listed once).
 */

interface Violation {
  key: string;
  text: string;
}

class ContractLog {
  private contract?: OpenApiContract;
  private readonly seen = new Map<string, string>();
  private pending: Violation[] = [];

  record(exchange: Exchange): void {
    const result = this.check(exchange);
    if (result.problems.length === 0) return;
    const key = `${result.operation} ${exchange.status} ${result.problems[0]}`;
    const text = describe(result, exchange);
    if (!this.seen.has(key)) this.seen.set(key, text);
    this.pending.push({ key, text });
  }

  /** The violations since the last call, each once. */
  takePending(): string[] {
    const fresh = new Map(this.pending.map((v) => [v.key, v.text]));
    this.pending = [];
    return [...fresh.values()];
  }

  all(): string[] {
    return [...this.seen.values()];
  }

  private check(exchange: Exchange): CheckResult {
    try {
      // Loaded on first use: a suite that makes no request never reads the document.
      this.contract ??= new OpenApiContract(loadOpenApiDocument());
      return this.contract.check(exchange);
    } catch (error) {
      // A broken document or helper must fail loudly, never pass a response unchecked.
      return { operation: `${exchange.method} ${exchange.path}`, problems: [String(error)] };
    }
  }
}

export const contractLog = new ContractLog();

function describe(result: CheckResult, exchange: Exchange): string {
  const problems = result.problems.map((p) => `\n    - ${p}`).join('');
  const body = exchange.body ? `\n    body: ${snippet(exchange.body)}` : '';
  return `${result.operation} → ${exchange.status}${problems}${body}`;
}

function report(title: string, violations: string[]): Error {
  return new Error(
    `${violations.length} ${title} (openapi.json):\n${violations.map((v) => `  ${v}`).join('\n')}`,
  );
}

// Imported at the top of a spec file, these are root-level hooks of that file: every test and
// the whole suite are covered without the suite having to remember anything.
if (typeof afterEach === 'function' && typeof afterAll === 'function') {
  afterEach(() => {
    const fresh = contractLog.takePending();
    if (fresh.length > 0) throw report('response(s) in this test break the contract', fresh);
  });
  // Runs after the suite's own afterAll (its apps are closed): lists everything the suite hit,
  // including responses received outside any test (beforeAll).
  afterAll(() => {
    contractLog.takePending();
    const all = contractLog.all();
    if (all.length > 0) throw report('contract violation(s) in this suite', all);
  });
}

/**
 * Records every response the app sends, as written to the socket: framework refusals (a bad URL,
 * a too long path segment) run no Fastify hook, so the body and headers are taken from Node's
 * response; a hook only notes the route each request matched. Nothing sent is changed.
 */
export function recordResponses(fastify: FastifyInstance): void {
  const routes = new WeakMap<ServerResponse, string | undefined>();
  fastify.addHook('onRequest', (request, reply, done) => {
    // Undefined when no route matched (the 404 handler): the path is matched instead.
    routes.set(reply.raw, request.routeOptions.url);
    done();
  });
  // Before Fastify's own listener, which may answer synchronously.
  fastify.server.prependListener('request', (req: IncomingMessage, res: ServerResponse) =>
    captureResponse(res, (headers, body) =>
      contractLog.record({
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        route: routes.get(res),
        status: res.statusCode,
        headers,
        body,
      }),
    ),
  );
}

type WriteArgs = [chunk?: unknown, encoding?: unknown, callback?: unknown];

/**
 * Calls `done` with the headers and body once the response ends. Fastify passes its headers to
 * `writeHead`, not `setHeader`, so they are taken from there too. The calls behave as before.
 */
function captureResponse(
  res: ServerResponse,
  done: (headers: Exchange['headers'], body: string) => void,
): void {
  const chunks: Buffer[] = [];
  let headers: Exchange['headers'] = {};
  let ended = false;
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  const write = res.write.bind(res) as (...args: WriteArgs) => boolean;
  const end = res.end.bind(res) as (...args: WriteArgs) => ServerResponse;
  res.writeHead = (...args: unknown[]) => {
    headers = { ...headers, ...headerObject(args.find((a) => typeof a === 'object')) };
    return writeHead(...args);
  };
  res.write = ((...args: WriteArgs) => {
    keepChunk(chunks, args[0], args[1]);
    return write(...args);
  }) as ServerResponse['write'];
  res.end = ((...args: WriteArgs) => {
    if (typeof args[0] !== 'function') keepChunk(chunks, args[0], args[1]);
    const result = end(...args);
    if (!ended) done({ ...res.getHeaders(), ...headers }, Buffer.concat(chunks).toString('utf8'));
    ended = true;
    return result;
  }) as ServerResponse['end'];
}

function keepChunk(chunks: Buffer[], chunk: unknown, encoding: unknown): void {
  if (typeof chunk === 'string') {
    const charset = typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8';
    chunks.push(Buffer.from(chunk, charset));
  } else if (chunk instanceof Uint8Array) {
    chunks.push(Buffer.from(chunk));
  }
}

/** `writeHead`'s headers: an object, or a flat `[name, value, ...]` list. */
function headerObject(headers: unknown): Exchange['headers'] {
  if (Array.isArray(headers)) {
    const pairs: [string, string][] = [];
    for (let i = 0; i + 1 < headers.length; i += 2) {
      pairs.push([String(headers[i]), String(headers[i + 1])]);
    }
    return Object.fromEntries(pairs);
  }
  return typeof headers === 'object' && headers !== null ? (headers as Exchange['headers']) : {};
}

/** `fetch`, with the response checked against the contract (for a separately started server). */
export async function checkedFetch(url: string | URL, init: RequestInit = {}): Promise<Response> {
  const response = await fetch(url, init);
  contractLog.record({
    method: init.method ?? 'GET',
    path: new URL(url).pathname,
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: await response.clone().text(),
  });
  return response;
}

/** Records an HTTP/1.1 answer read from a raw socket (the server wrote it without Fastify). */
export function recordRawAnswer(method: string, path: string, answer: string): void {
  const split = answer.indexOf('\r\n\r\n');
  const [statusLine, ...lines] = answer.slice(0, split < 0 ? undefined : split).split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0)
      headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  contractLog.record({
    method,
    path,
    status: Number(/^HTTP\/\d\.\d (\d{3})/.exec(statusLine)?.[1] ?? 0),
    headers,
    body: split < 0 ? '' : answer.slice(split + 4),
  });
}
