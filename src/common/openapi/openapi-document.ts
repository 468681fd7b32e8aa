import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ErrorCode } from '../errors/error-codes';
import { ErrorResponseDto } from '../errors/error-response.dto';
import { JSON_BODY_LIMITS } from '../http/json-body-limits';

type PathItem = OpenAPIObject['paths'][string];
type OperationObject = NonNullable<PathItem['get']>;
type ParameterObject = Extract<NonNullable<OperationObject['parameters']>[number], { in: string }>;
type ResponseObject = Extract<OperationObject['responses'][string], { description: string }>;

const METHODS = ['get', 'post', 'patch', 'put', 'delete'] as const;
const ERROR_REF = { $ref: '#/components/schemas/ErrorResponseDto' };

const ERROR_RESPONSES: Record<string, { code: ErrorCode; description: string; message: string }> = {
  '400': {
    code: 'validation_error',
    description: 'Invalid request: each offending field is named in `details`.',
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
    description: 'The body is not application/json.',
    message: 'Send the request body as application/json.',
  },
  '429': {
    code: 'rate_limited',
    description: 'The workspace’s plan budget is spent; see `Retry-After`.',
    message:
      "Rate limit exceeded: 10 requests per minute for this workspace's starter plan. Retry after 42 s.",
  },
  '503': {
    code: 'service_unavailable',
    description: 'A dependency (database, Redis) is down.',
    message: 'Service Unavailable Exception',
  },
};

const IDEMPOTENCY_KEY: ParameterObject = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Repeat the request safely: the same key and body within 24 h returns the stored response without redoing the work.',
  schema: { type: 'string', minLength: 1, maxLength: 255 },
};

function errorResponse(status: string): ResponseObject {
  const { code, description, message } = ERROR_RESPONSES[status];
  return {
    description,
    content: {
      'application/json': {
        schema: ERROR_REF,
        example: { error: { code, message, request_id: 'req_01JD3Z8Y7X6W5V4T3S2R1Q0P9N' } },
      },
    },
  };
}

/** Error statuses an operation can return, derived from what it is: one rule for every route. */
function errorStatuses(path: string, method: string, operation: OperationObject): string[] {
  const statuses: string[] = [];
  const isProtected = (operation.security ?? []).length > 0;
  const hasBody = operation.requestBody !== undefined;
  const hasQuery = (operation.parameters ?? []).some((p) => 'in' in p && p.in === 'query');
  if (hasBody || hasQuery) statuses.push('400');
  if (isProtected) statuses.push('401', '403');
  if (path.includes('{')) statuses.push('404');
  if (isProtected && method !== 'get') statuses.push('409');
  if (hasBody) statuses.push('413', '415');
  if (isProtected) statuses.push('429');
  if (path === '/health/ready') statuses.push('503');
  return statuses;
}

function describeScopes(operation: OperationObject & { 'x-required-scopes'?: string[] }): void {
  const scopes = operation['x-required-scopes'];
  if (!scopes) return;
  const line = scopes.length
    ? `Required scopes: ${scopes.map((s) => `\`${s}\``).join(', ')}.`
    : 'Any valid API key.';
  operation.description = operation.description ? `${operation.description}\n\n${line}` : line;
}

/** Adds what every operation shares: scopes in the description, the error responses, Idempotency-Key. */
export function completeOperations(document: OpenAPIObject): OpenAPIObject {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method];
      if (!operation) continue;
      operation.security ??= []; // public: stated explicitly rather than left out
      describeScopes(operation);
      for (const status of errorStatuses(path, method, operation)) {
        operation.responses[status] ??= errorResponse(status);
      }
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
        '`{"error": {"code", "message", "details"?, "request_id"}}`. Request bodies are JSON ' +
        `(unknown fields are ignored) within these limits, else \`400 validation_error\`: nested at most ` +
        `${JSON_BODY_LIMITS.depth} levels, at most ${JSON_BODY_LIMITS.fieldsPerObject} fields in an object, ` +
        `at most ${JSON_BODY_LIMITS.values.toLocaleString('en-US')} values, valid Unicode.`,
    )
    .setVersion('1.0.0')
    .setLicense('MIT', 'https://opensource.org/licenses/MIT')
    .addServer('/', 'The server that serves this document')
    .addBearerAuth({ type: 'http', scheme: 'bearer', description: 'A workspace API key: wbk_...' })
    .build();
  const document = SwaggerModule.createDocument(app, config, {
    extraModels: [ErrorResponseDto],
    operationIdFactory: (controller, method) =>
      `${controller.replace(/Controller$/, '')}_${method}`,
  });
  return completeOperations(document);
}
