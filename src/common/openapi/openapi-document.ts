import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ErrorCode, ErrorResponseDto, RETRY_AFTER_SECONDS } from '../errors';
import { JSON_BODY_LIMITS } from '../http';

type PathItem = OpenAPIObject['paths'][string];
type OperationObject = NonNullable<PathItem['get']>;
type ParameterObject = Extract<NonNullable<OperationObject['parameters']>[number], { in: string }>;
type ResponseObject = Extract<OperationObject['responses'][string], { description: string }>;
type HeaderObject = NonNullable<NonNullable<OpenAPIObject['components']>['headers']>[string];

const METHODS = ['get', 'post', 'patch', 'put', 'delete'] as const;
const ERROR_REF = { $ref: '#/components/schemas/ErrorResponseDto' };

const ERROR_RESPONSES: Record<string, { code: ErrorCode; description: string; message: string }> = {
  '400': {
    code: 'validation_error',
    description:
      'Invalid request: each offending field is named in `details` (a malformed HTTP request or URL is a 400 too).',
    message: 'per_page must not be greater than 100.',
  },
  '401': {
    code: 'invalid_key',
    description: 'Missing, malformed, unknown, revoked or expired API key.',
    message: 'The API key is missing, malformed, unknown, revoked or expired.',
  },
  '403': {
    code: 'insufficient_permissions',
    description: 'The key lacks a required scope (named in the message).',
    message: 'This API key lacks the lists:write permission.',
  },
  '404': {
    code: 'not_found',
    description:
      'No such resource in this workspace (ids of other workspaces and malformed ids included).',
    message: 'List 3f1c2b8e-8a6d-4a57-9a43-0f1b7d9c2e11 was not found.',
  },
  '408': {
    code: 'request_timeout',
    description: 'The request did not finish arriving in time (120 s).',
    message: 'The request took too long to arrive.',
  },
  '409': {
    code: 'idempotency_conflict',
    description: 'A conflict: `duplicate_name`, `duplicate_contact` or `idempotency_conflict`.',
    message: 'This Idempotency-Key was already used with a different request.',
  },
  '413': {
    code: 'payload_too_large',
    description: 'The body is larger than the server accepts.',
    message: 'The request body is larger than this server accepts.',
  },
  '415': {
    code: 'unsupported_media_type',
    description: 'A body that is not application/json.',
    message: 'Send the request body as application/json.',
  },
  '429': {
    code: 'rate_limited',
    description: 'The workspace’s plan budget is spent; see `Retry-After`.',
    message:
      "Rate limit exceeded: 10 requests per minute for this workspace's starter plan. Retry after 42 s.",
  },
  '431': {
    code: 'headers_too_large',
    description: 'The request headers are larger than the server accepts.',
    message: 'The request headers are too large.',
  },
  '500': {
    code: 'internal_error',
    description: 'An unexpected error (a bug): quote the `request_id` when reporting it.',
    message: 'An unexpected error occurred. Quote the request id when reporting it.',
  },
  '503': {
    code: 'service_unavailable',
    description:
      'The service cannot answer now: its database is unreachable, starting or shutting down, had no free connection in time, or took too long (statement timeout); for readiness, a dependency is down. Nothing was changed; retry after `Retry-After` seconds.',
    message: 'The database is unavailable right now. Retry after the seconds in Retry-After.',
  },
};

/**
 * What every operation can get: the refusals at the HTTP edge, before any route's own rules, the
 * 500 of a bug and the 503 of a database fault (declared so that clients handle them in the one
 * error shape, and retry the 503).
 */
const ANY_OPERATION_STATUSES = ['400', '408', '413', '415', '431', '500', '503'];

/** Response headers, declared once under `components.headers` and referenced by every response. */
const HEADERS: Record<string, HeaderObject> = {
  'X-Request-ID': {
    description:
      'The request id (`req_` + ULID, or the caller’s own `X-Request-ID` when it is a safe token); also in every error body.',
    required: true,
    schema: { type: 'string', example: 'req_01JD3Z8Y7X6W5V4T3S2R1Q0P9N' },
  },
  'X-Content-Type-Options': {
    description:
      'Always `nosniff`: a browser must not read a response as another type than its `Content-Type`.',
    required: true,
    schema: { type: 'string', enum: ['nosniff'] },
  },
  'X-RateLimit-Limit': {
    description:
      'Requests allowed in the tightest window of the budget that applies (the workspace’s plan, or the per-address budget for requests without a valid key). Absent when no budget applies (the `unlimited` plan, unmetered keys).',
    required: false,
    schema: { type: 'integer', example: 50 },
  },
  'X-RateLimit-Remaining': {
    description: 'Requests left in that window. Absent when no budget applies.',
    required: false,
    schema: { type: 'integer', example: 42 },
  },
  'X-RateLimit-Reset': {
    description: 'When that window resets, in Unix seconds. Absent when no budget applies.',
    required: false,
    schema: { type: 'integer', example: 1796112060 },
  },
  'Retry-After': {
    description: `Seconds to wait before retrying (a 429: until the budget resets; a 503: ${RETRY_AFTER_SECONDS}).`,
    required: true,
    schema: { type: 'integer', example: 42 },
  },
};

const headerRef = (name: string) => ({ $ref: `#/components/headers/${name}` });
const RATE_LIMIT_HEADERS = ['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];

/** The headers of one response: the request id always; the budget's where one can apply. */
function responseHeaders(status: string, isProtected: boolean): string[] {
  const names = ['X-Request-ID', 'X-Content-Type-Options'];
  if (isProtected) names.push(...RATE_LIMIT_HEADERS);
  if (status === '429' || status === '503') names.push('Retry-After');
  return names;
}

const TAGS: { name: string; description: string }[] = [
  { name: 'API keys', description: 'The calling key, and the workspace’s keys.' },
  { name: 'Contacts', description: 'The workspace’s contacts, deduplicated by email.' },
  { name: 'Lists', description: 'Named lists of contacts, and their members.' },
  {
    name: 'Prospects',
    description: 'Search the prospect database and save prospects as contacts.',
  },
  { name: 'Health', description: 'Liveness and readiness, for load balancers. Public.' },
];

const IDEMPOTENCY_KEY: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Repeat the request safely: the same key and body within 24 h returns the stored response (its status and body, byte for byte) without redoing the work, once every permission the work needs is checked. ' +
    'While the first request is still running, a repeat waits for it (up to 10 s, then 409 `idempotency_conflict`); if the instance running it died, the repeat runs it at once.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
};

function errorContent(status: string): ResponseObject['content'] {
  const { code, message } = ERROR_RESPONSES[status];
  return {
    'application/json': {
      schema: ERROR_REF,
      example: { error: { code, message, request_id: 'req_01JD3Z8Y7X6W5V4T3S2R1Q0P9N' } },
    },
  };
}

/** Error statuses an operation can return, derived from what it is: one rule for every route. */
function errorStatuses(path: string, method: string, operation: OperationObject): string[] {
  const statuses = [...ANY_OPERATION_STATUSES];
  const isProtected = (operation.security ?? []).length > 0;
  if (isProtected) statuses.push('401', '403');
  if (path.includes('{')) statuses.push('404');
  if (isProtected && method !== 'get') statuses.push('409');
  if (isProtected) statuses.push('429');
  return statuses;
}

/**
 * Every error status in the one error shape (an operation may declare its own description, e.g.
 * a 404 for a `list_id` in its body, and gets the shape here), and every response's headers.
 */
function completeResponses(path: string, method: string, operation: OperationObject): void {
  for (const status of errorStatuses(path, method, operation)) {
    operation.responses[status] ??= { description: ERROR_RESPONSES[status].description };
  }
  const isProtected = (operation.security ?? []).length > 0;
  for (const [status, response] of Object.entries(operation.responses) as [
    string,
    ResponseObject,
  ][]) {
    if (ERROR_RESPONSES[status]) response.content = errorContent(status);
    response.description ||= status === '201' ? 'Created.' : 'OK.';
    response.headers = Object.fromEntries(
      responseHeaders(status, isProtected).map((name) => [name, headerRef(name)]),
    );
  }
}

function describeScopes(operation: OperationObject & { 'x-required-scopes'?: string[] }): void {
  const scopes = operation['x-required-scopes'];
  if (!scopes) return;
  const line = scopes.length
    ? `Required scopes: ${scopes.map((s) => `\`${s}\``).join(', ')}.`
    : 'Any valid API key.';
  operation.description = operation.description ? `${operation.description}\n\n${line}` : line;
}

/**
 * Adds what every operation shares: scopes in the description, the error responses, the response
 * headers, Idempotency-Key; and the tags and headers they refer to.
 */
export function completeOperations(document: OpenAPIObject): OpenAPIObject {
  document.tags = TAGS;
  document.components = { ...document.components, headers: HEADERS };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operation.security ??= []; // public: stated explicitly rather than left out
      describeScopes(operation);
      completeResponses(path, method, operation);
      if (method !== 'get')
        operation.parameters = [...(operation.parameters ?? []), IDEMPOTENCY_KEY];
    }
  }
  return document;
}

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Prospect API')
    .setDescription(
      'Search a database of people, save them as contacts deduplicated by email, and organise them into lists. ' +
        'Authenticate with `Authorization: Bearer wbk_...`. Every error has the shape ' +
        '`{"error": {"code", "message", "details"?, "request_id"}}`. Request bodies are JSON in UTF-8 ' +
        `(unknown fields are ignored) within these limits, else \`400 validation_error\`: nested at most ` +
        `${JSON_BODY_LIMITS.depth} levels, at most ${JSON_BODY_LIMITS.fieldsPerObject} fields in an object, ` +
        `at most ${JSON_BODY_LIMITS.values.toLocaleString('en-US')} values, valid Unicode.`,
    )
    .setVersion('1.0.0')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('/', 'The server that serves this document')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'wbk_… API key',
      description: 'A workspace API key: `wbk_` followed by 43 characters.',
    })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorResponseDto],
    // Controller methods are named as client authors would call them: getMe, saveProspects, …
    operationIdFactory: (_controller, method) => method,
  });
  return completeOperations(document);
}
