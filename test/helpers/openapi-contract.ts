import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Checks one HTTP response against the OpenAPI 3.0 document: the operation exists, the status is
 * declared for it, the body matches the declared schema (objects closed: no undeclared fields) and
 * the required headers are there. Pure: no Jest, no server; `contract-log.ts` does the wiring.
 */

type JsonObject = { [key: string]: unknown };

export interface OpenApiDocument extends JsonObject {
  openapi: string;
  paths: Record<string, JsonObject>;
}

/** One response as the server sent it (or a client received it). */
export interface Exchange {
  method: string;
  /** The request path as sent; a query string is ignored. */
  path: string;
  /** The server's route pattern (`/v1/contacts/:id`); without one, `path` is matched against the document. */
  route?: string;
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  /** The body as sent; '' for none. */
  body: string;
}

export interface CheckResult {
  /** What the response was matched to: `GET /v1/contacts/{id}`, or `GET /nowhere (no operation)`. */
  operation: string;
  problems: string[];
}

export const OPENAPI_JSON = resolve(__dirname, '../../openapi.json');

/**
 * Not operations of the API: SwaggerModule's pages (the document does not describe itself) and
 * the operator's `/metrics` (Prometheus text, behind METRICS_TOKEN).
 */
const SKIPPED_PATHS = /^\/(docs([/-].*)?|openapi\.(json|yaml)|metrics)$/;

/** Requests that reach no documented operation must still get the one error shape. */
const ERROR_SCHEMA = '/components/schemas/ErrorResponseDto';

/** An absolute base so Ajv resolves the document's `#/components/...` refs against it. */
const DOCUMENT_ID = 'https://prospect-api.test/openapi.json';

const COMPOSITIONS = ['allOf', 'anyOf', 'oneOf'] as const;

export function loadOpenApiDocument(path = OPENAPI_JSON): OpenApiDocument {
  return JSON.parse(readFileSync(path, 'utf8')) as OpenApiDocument;
}

export class OpenApiContract {
  private readonly document: OpenApiDocument;
  private readonly ajv: Ajv;
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly templates: { template: string; pattern: RegExp; literals: number }[];

  constructor(document: OpenApiDocument) {
    if (!document.openapi?.startsWith('3.0.')) {
      // 3.1 schemas are JSON Schema 2020-12 (type arrays, no `nullable`): another Ajv class.
      throw new Error(`openapi-contract reads OpenAPI 3.0 documents, not ${document.openapi}`);
    }
    this.document = responseView(document);
    // `example` and the other OpenAPI-only keywords are annotations: not strict.
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema(this.document);
    this.templates = Object.keys(document.paths)
      .map((template) => ({
        template,
        pattern: templatePattern(template),
        literals: template.split('/').filter((s) => s && !s.startsWith('{')).length,
      }))
      // `/v1/contacts/bulk` before `/v1/contacts/{id}`.
      .sort((a, b) => b.literals - a.literals);
  }

  check(exchange: Exchange): CheckResult {
    const method = exchange.method.toUpperCase();
    const path = exchange.path.split('?')[0];
    if (SKIPPED_PATHS.test(path)) return { operation: `${method} ${path} (skipped)`, problems: [] };
    const template = exchange.route ? routeTemplate(exchange.route) : this.matchTemplate(path);
    const opPointer = template && this.operationPointer(template, method);
    if (opPointer) {
      return {
        operation: `${method} ${template}`,
        problems: this.checkOperation(opPointer, exchange),
      };
    }
    if (exchange.route) {
      return {
        operation: `${method} ${template}`,
        problems: [`the server serves ${method} ${exchange.route}, which is not in openapi.json`],
      };
    }
    return {
      operation: `${method} ${path} (no operation)`,
      problems: this.checkUnrouted(exchange),
    };
  }

  /** Compiles every schema a response can be checked against: a broken document fails early. */
  compileAll(): void {
    for (const [template, item] of Object.entries(this.document.paths)) {
      for (const method of Object.keys(item)) {
        const responses = this.deref(`${pointer('paths', template, method)}/responses`);
        if (!isObject(responses.node)) continue;
        for (const status of Object.keys(responses.node)) {
          this.compileResponse(`${responses.pointer}/${escape(status)}`);
        }
      }
    }
  }

  private compileResponse(responsePointer: string): void {
    const { node, pointer: at } = this.deref(responsePointer);
    for (const type of Object.keys(objectAt(node, 'content'))) {
      if (isObject(objectAt(objectAt(node, 'content'), type).schema)) {
        this.validator(`${at}/content/${escape(type)}/schema`);
      }
    }
    for (const name of Object.keys(objectAt(node, 'headers'))) {
      const header = this.deref(`${at}/headers/${escape(name)}`);
      if (isObject(header.node.schema)) this.validator(`${header.pointer}/schema`);
    }
  }

  private checkOperation(opPointer: string, exchange: Exchange): string[] {
    const responses = objectAt(this.at(opPointer), 'responses');
    const key = declaredStatus(responses, exchange.status);
    if (!key) {
      const declared = Object.keys(responses).join(', ');
      return [`status ${exchange.status} is not declared (declared: ${declared})`];
    }
    const response = this.deref(`${opPointer}/responses/${escape(key)}`);
    return [
      ...this.checkHeaders(response.node, response.pointer, exchange.headers),
      ...this.checkBody(response.node, response.pointer, exchange),
    ];
  }

  private checkHeaders(response: JsonObject, at: string, headers: Exchange['headers']): string[] {
    return Object.keys(objectAt(response, 'headers')).flatMap((name) => {
      const header = this.deref(`${at}/headers/${escape(name)}`);
      const value = headerValue(headers, name);
      if (value === undefined) {
        return header.node.required === true ? [`required header ${name} is missing`] : [];
      }
      if (!isObject(header.node.schema)) return [];
      const schema = this.deref(`${header.pointer}/schema`);
      const typed = coerceHeader(value, schema.node.type);
      return this.validate(schema.pointer, typed, `header ${name}`).map((p) => `${p} (${value})`);
    });
  }

  private checkBody(response: JsonObject, at: string, exchange: Exchange): string[] {
    const content = objectAt(response, 'content');
    const { body } = exchange;
    // HEAD answers carry a GET's headers without its body.
    if (exchange.method.toUpperCase() === 'HEAD') return [];
    if (Object.keys(content).length === 0) {
      return body === '' ? [] : [`declares no body, but got one: ${snippet(body)}`];
    }
    if (body === '') return [`declares a body (${Object.keys(content).join(', ')}), got none`];
    const type = mediaType(exchange.headers);
    const key = declaredMediaType(content, type);
    if (!key) {
      return [
        `Content-Type ${type || '(none)'} is not declared (${Object.keys(content).join(', ')})`,
      ];
    }
    if (!isObject(objectAt(content, key).schema) || !isJson(type)) return [];
    return this.validateJsonBody(`${at}/content/${escape(key)}/schema`, body);
  }

  private checkUnrouted(exchange: Exchange): string[] {
    const problems =
      exchange.status < 400
        ? [`answered ${exchange.status} to a request that matches no operation in openapi.json`]
        : [];
    if (exchange.method.toUpperCase() === 'HEAD') return problems;
    if (!isJson(mediaType(exchange.headers))) {
      return [...problems, `not in the error shape: Content-Type ${mediaType(exchange.headers)}`];
    }
    return [...problems, ...this.validateJsonBody(ERROR_SCHEMA, exchange.body)];
  }

  private validateJsonBody(schemaPointer: string, body: string): string[] {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return [`the body is not JSON: ${snippet(body)}`];
    }
    return this.validate(schemaPointer, value, 'body');
  }

  /** `what`: the name the problems start with (`body`: `body/data/id must be string`). */
  private validate(schemaPointer: string, value: unknown, what: string): string[] {
    const validate = this.validator(schemaPointer);
    return validate(value) ? [] : (validate.errors ?? []).map((e) => describeError(what, e));
  }

  private validator(schemaPointer: string): ValidateFunction {
    let validate = this.validators.get(schemaPointer);
    if (!validate) {
      const ref = `${DOCUMENT_ID}#${uriFragment(schemaPointer)}`;
      validate = this.ajv.getSchema(ref);
      if (!validate) throw new Error(`openapi-contract: no schema at ${schemaPointer}`);
      this.validators.set(schemaPointer, validate);
    }
    return validate;
  }

  private operationPointer(template: string, method: string): string | undefined {
    const item = this.document.paths[template];
    if (!item) return undefined;
    // Fastify answers HEAD on every GET route; the document lists the GET.
    const name = [method.toLowerCase(), ...(method === 'HEAD' ? ['get'] : [])].find((m) =>
      isObject(item[m]),
    );
    return name && pointer('paths', template, name);
  }

  private matchTemplate(path: string): string | undefined {
    return this.templates.find((t) => t.pattern.test(path))?.template;
  }

  /** Follows local `$ref`s (responses and headers may be components). */
  private deref(start: string): { node: JsonObject; pointer: string } {
    let at = start;
    for (let hops = 0; hops < 20; hops++) {
      const node = this.at(at);
      if (typeof node.$ref !== 'string') return { node, pointer: at };
      if (!node.$ref.startsWith('#/'))
        throw new Error(`openapi-contract: remote $ref ${node.$ref}`);
      at = node.$ref.slice(1);
    }
    throw new Error(`openapi-contract: $ref loop at ${start}`);
  }

  private at(jsonPointer: string): JsonObject {
    let node: unknown = this.document;
    for (const segment of jsonPointer.split('/').slice(1)) {
      node = isObject(node) ? node[unescape(segment)] : undefined;
    }
    return isObject(node) ? node : {};
  }
}

/**
 * The document as a response must match it, in a copy: every object schema that lists its
 * properties is closed (`additionalProperties: false` unless it says otherwise), and `nullable`
 * means "null or this schema" even around an `allOf`/`$ref` (as generated clients read it; Ajv's
 * own `nullable` only widens a `type` next to it).
 */
function responseView(document: OpenApiDocument): OpenApiDocument {
  const copy = structuredClone(document);
  copy.$id = DOCUMENT_ID;
  const seen = new Set<unknown>();
  const schemas = objectAt(objectAt(copy, 'components'), 'schemas');
  for (const schema of Object.values(schemas)) tighten(schema, seen);
  for (const item of Object.values(copy.paths)) {
    for (const operation of Object.values(item)) {
      for (const response of Object.values(objectAt(operation, 'responses'))) {
        for (const media of Object.values(objectAt(response, 'content'))) {
          tighten(objectAt(media, 'schema'), seen);
        }
      }
    }
  }
  return copy;
}

/** `seen`: a copy keeps the original's shared objects; each is tightened once. */
function tighten(schema: unknown, seen: Set<unknown>): void {
  if (!isObject(schema) || seen.has(schema)) return;
  seen.add(schema);
  for (const sub of subschemas(schema)) tighten(sub, seen);
  // An object built by composition gets its fields from its parts: closing it would refuse them.
  const composed = COMPOSITIONS.some((k) => schema[k] !== undefined);
  if (isObject(schema.properties) && schema.additionalProperties === undefined && !composed) {
    schema.additionalProperties = false;
  }
  if (schema.nullable === true) {
    const inner: JsonObject = { ...schema };
    delete inner.nullable;
    for (const key of Object.keys(schema)) delete schema[key];
    schema.anyOf = [{ type: 'null' }, inner];
  }
}

function subschemas(schema: JsonObject): unknown[] {
  const properties = isObject(schema.properties) ? Object.values(schema.properties) : [];
  const composed = COMPOSITIONS.flatMap((k) => (Array.isArray(schema[k]) ? schema[k] : []));
  return [...properties, ...composed, schema.items, schema.additionalProperties, schema.not];
}

/** The exact status, then its class (`4XX`), then `default`. */
function declaredStatus(responses: JsonObject, status: number): string | undefined {
  const candidates = [
    String(status),
    `${String(status)[0]}XX`,
    `${String(status)[0]}xx`,
    'default',
  ];
  return candidates.find((key) => responses[key] !== undefined);
}

function declaredMediaType(content: JsonObject, type: string): string | undefined {
  const [major] = type.split('/');
  return [type, `${major}/*`, '*/*'].find((key) => content[key] !== undefined);
}

function mediaType(headers: Exchange['headers']): string {
  return String(headerValue(headers, 'content-type') ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
}

function isJson(type: string): boolean {
  return type === 'application/json' || type.endsWith('+json');
}

function headerValue(headers: Exchange['headers'], name: string): string | undefined {
  const key = Object.keys(headers).find(
    (k) => k.toLowerCase() === name.toLowerCase() && headers[k] !== undefined,
  );
  const value = key === undefined ? undefined : headers[key];
  if (value === undefined) return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** Header values are text: an integer header is checked as the number it spells. */
function coerceHeader(value: string, type: unknown): unknown {
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) {
    return Number(value);
  }
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function describeError(what: string, error: ErrorObject): string {
  const extra =
    error.keyword === 'additionalProperties'
      ? ` '${String(error.params.additionalProperty)}'`
      : error.keyword === 'enum'
        ? ` ${JSON.stringify(error.params.allowedValues)}`
        : '';
  return `${what}${error.instancePath} ${error.message ?? error.keyword}${extra}`;
}

/** `/v1/contacts/:id` (Fastify) → `/v1/contacts/{id}` (OpenAPI). */
export function routeTemplate(route: string): string {
  const template = route.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
  return template.length > 1 ? template.replace(/\/$/, '') : template;
}

function templatePattern(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '[^/]+' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}/?$`);
}

function pointer(...segments: string[]): string {
  return segments.map((s) => `/${escape(s)}`).join('');
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescape(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Ajv reads a `$ref` fragment as a URI: `{id}` must be percent-encoded. */
function uriFragment(jsonPointer: string): string {
  return jsonPointer.split('/').map(encodeURIComponent).join('/');
}

function objectAt(node: unknown, key: string): JsonObject {
  const value = isObject(node) ? node[key] : undefined;
  return isObject(value) ? value : {};
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function snippet(body: string, length = 160): string {
  return body.length > length ? `${body.slice(0, length)}…` : body;
}
