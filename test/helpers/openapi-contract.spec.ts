import {
  Exchange,
  loadOpenApiDocument,
  OpenApiContract,
  OpenApiDocument,
  routeTemplate,
} from './openapi-contract';

/** A small document of the same build as openapi.json, so each check can be made to fail. */
function document(): OpenApiDocument {
  const error = { content: { 'application/json': { schema: ref('ErrorResponseDto') } } };
  const requestId = { $ref: '#/components/headers/X-Request-ID' };
  return {
    openapi: '3.0.0',
    info: { title: 'test', version: '1' },
    paths: {
      '/v1/things/{id}': {
        get: {
          responses: {
            '200': {
              description: 'ok',
              headers: {
                'X-Request-ID': requestId,
                'X-RateLimit-Limit': { $ref: '#/components/headers/X-RateLimit-Limit' },
              },
              content: { 'application/json': { schema: ref('ThingResponseDto') } },
            },
            '404': { description: 'missing', headers: { 'X-Request-ID': requestId }, ...error },
          },
        },
        delete: { responses: { '204': { description: 'gone' }, '4XX': error } },
      },
      '/v1/things/bulk': {
        get: { responses: { '200': { description: 'ok', content: { 'text/csv': {} } } } },
      },
    },
    components: {
      headers: {
        'X-Request-ID': { required: true, schema: { type: 'string' } },
        'X-RateLimit-Limit': { required: false, schema: { type: 'integer' } },
      },
      schemas: {
        ThingResponseDto: {
          type: 'object',
          properties: { data: ref('ThingDto') },
          required: ['data'],
        },
        ThingDto: {
          type: 'object',
          properties: {
            id: { type: 'string', format: 'uuid', example: '3f1c2b8e-8a6d-4a57-9a43-0f1b7d9c2e11' },
            // As @nestjs/swagger writes a nullable reference.
            parent: { nullable: true, type: 'object', allOf: [ref('ParentDto')] },
            note: { type: 'string', nullable: true },
            extra: { type: 'object', additionalProperties: true },
          },
          required: ['id', 'parent'],
        },
        ParentDto: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
        ErrorResponseDto: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              properties: { code: { type: 'string' }, message: { type: 'string' } },
              required: ['code', 'message'],
            },
          },
          required: ['error'],
        },
      },
    },
  };
}

function ref(name: string) {
  return { $ref: `#/components/schemas/${name}` };
}

const ID = '3f1c2b8e-8a6d-4a57-9a43-0f1b7d9c2e11';
const JSON_TYPE = { 'content-type': 'application/json; charset=utf-8', 'x-request-id': 'req_1' };
const NOT_FOUND = JSON.stringify({ error: { code: 'not_found', message: 'No such thing.' } });

function thing(data: Record<string, unknown>): Exchange {
  return {
    method: 'GET',
    path: `/v1/things/${ID}`,
    status: 200,
    headers: JSON_TYPE,
    body: JSON.stringify({ data: { id: ID, parent: null, ...data } }),
  };
}

describe('OpenAPI response contract (helper)', () => {
  const contract = new OpenApiContract(document());
  const problems = (exchange: Exchange) => contract.check(exchange).problems;

  it('passes a response that matches its operation', () => {
    expect(problems(thing({}))).toEqual([]);
    expect(problems(thing({ parent: { id: 'p' }, note: null, extra: { any: 1 } }))).toEqual([]);
    expect(contract.check(thing({})).operation).toBe('GET /v1/things/{id}');
  });

  it('fails a status the operation does not declare, and honours 4XX', () => {
    expect(problems({ ...thing({}), status: 201 })).toEqual([
      'status 201 is not declared (declared: 200, 404)',
    ]);
    const del = { method: 'DELETE', path: `/v1/things/${ID}`, headers: JSON_TYPE };
    expect(problems({ ...del, status: 204, body: '' })).toEqual([]);
    expect(problems({ ...del, status: 409, body: NOT_FOUND })).toEqual([]);
    expect(problems({ ...del, status: 500, body: NOT_FOUND })).toEqual([
      'status 500 is not declared (declared: 204, 4XX)',
    ]);
  });

  it('fails undeclared fields, at any depth, but not where the schema is open', () => {
    expect(problems(thing({ secret: 'x' }))).toEqual([
      "body/data must NOT have additional properties 'secret'",
    ]);
    expect(problems(thing({ parent: { id: 'p', hash: 'x' } }))).toContainEqual(
      "body/data/parent must NOT have additional properties 'hash'",
    );
    expect(problems(thing({ extra: { whatever: [1] } }))).toEqual([]);
  });

  it('fails a body that breaks the schema: a missing field, a wrong type or format', () => {
    const { data } = JSON.parse(thing({}).body);
    delete data.parent;
    expect(problems({ ...thing({}), body: JSON.stringify({ data }) })).toEqual([
      "body/data must have required property 'parent'",
    ]);
    expect(problems(thing({ note: 3 }))).toContainEqual('body/data/note must be string');
    expect(problems(thing({ id: 'nope' }))).toEqual(['body/data/id must match format "uuid"']);
    expect(problems({ ...thing({}), body: 'nope' })).toEqual(['the body is not JSON: nope']);
  });

  it('fails a missing required header (any case), and a declared header of the wrong type', () => {
    expect(problems({ ...thing({}), headers: { 'Content-Type': 'application/json' } })).toEqual([
      'required header X-Request-ID is missing',
    ]);
    const upperCase = { 'Content-Type': 'application/json', 'X-REQUEST-ID': 'req_1' };
    expect(problems({ ...thing({}), headers: upperCase })).toEqual([]);
    expect(
      problems({ ...thing({}), headers: { ...JSON_TYPE, 'x-ratelimit-limit': '10' } }),
    ).toEqual([]);
    expect(
      problems({ ...thing({}), headers: { ...JSON_TYPE, 'x-ratelimit-limit': 'ten' } }),
    ).toEqual(['header X-RateLimit-Limit must be integer (ten)']);
  });

  it('checks the media type and that a body is there exactly when one is declared', () => {
    const headers = { ...JSON_TYPE, 'content-type': 'text/html' };
    expect(problems({ ...thing({}), headers })).toEqual([
      'Content-Type text/html is not declared (application/json)',
    ]);
    expect(problems({ ...thing({}), body: '' })).toEqual([
      'declares a body (application/json), got none',
    ]);
    const del = { method: 'DELETE', path: `/v1/things/${ID}`, status: 204, headers: JSON_TYPE };
    expect(problems({ ...del, body: '{}' })).toEqual(['declares no body, but got one: {}']);
    // HEAD gets a GET's status and headers, never its body.
    expect(problems({ ...thing({}), method: 'HEAD', body: '' })).toEqual([]);
    const csv = { ...thing({}), path: '/v1/things/bulk', body: 'a,b' };
    expect(problems({ ...csv, headers: { 'content-type': 'text/csv' } })).toEqual([]);
  });

  it('matches a Fastify route pattern, and fails a served route the document lacks', () => {
    expect(routeTemplate('/v1/lists/:id/contacts/:contact_id')).toBe(
      '/v1/lists/{id}/contacts/{contact_id}',
    );
    expect(problems({ ...thing({}), route: '/v1/things/:id' })).toEqual([]);
    expect(problems({ ...thing({}), route: '/v1/secret/:id' })).toEqual([
      'the server serves GET /v1/secret/:id, which is not in openapi.json',
    ]);
    // `bulk` is the literal path, not an id.
    expect(contract.check({ ...thing({}), path: '/v1/things/bulk' }).operation).toBe(
      'GET /v1/things/bulk',
    );
  });

  it('wants the error shape, and no success, for a request no operation serves', () => {
    const unknown = { method: 'GET', path: '/v1/nowhere', headers: JSON_TYPE };
    expect(problems({ ...unknown, status: 404, body: NOT_FOUND })).toEqual([]);
    expect(
      problems({
        ...unknown,
        method: 'PUT',
        path: `/v1/things/${ID}`,
        status: 404,
        body: NOT_FOUND,
      }),
    ).toEqual([]);
    expect(problems({ ...unknown, status: 404, body: '{"message":"Not Found"}' })).toEqual([
      "body must have required property 'error'",
      "body must NOT have additional properties 'message'",
    ]);
    expect(problems({ ...unknown, status: 200, body: NOT_FOUND })).toEqual([
      'answered 200 to a request that matches no operation in openapi.json',
    ]);
    expect(problems({ ...unknown, path: '/docs/swagger-ui.css', status: 200, body: '' })).toEqual(
      [],
    );
  });
});

describe('OpenAPI response contract (the committed openapi.json)', () => {
  it('compiles every response schema and header of the document', () => {
    expect(() => new OpenApiContract(loadOpenApiDocument()).compileAll()).not.toThrow();
  });

  it('fails a status once it is removed from the document', () => {
    const me = (doc: OpenApiDocument) =>
      new OpenApiContract(doc).check({
        method: 'GET',
        path: '/v1/me',
        status: 401,
        headers: { ...JSON_TYPE, 'x-request-id': 'req_1', 'x-content-type-options': 'nosniff' },
        body: JSON.stringify({
          error: { code: 'invalid_key', message: 'Invalid key.', request_id: 'req_1' },
        }),
      }).problems;
    const doc = loadOpenApiDocument();
    expect(me(doc)).toEqual([]);
    const responses = (doc.paths['/v1/me'].get as { responses: Record<string, unknown> }).responses;
    delete responses['401'];
    expect(me(doc)).toEqual([expect.stringMatching(/^status 401 is not declared/)]);
  });

  it('refuses a document it cannot read correctly', () => {
    expect(() => new OpenApiContract({ ...loadOpenApiDocument(), openapi: '3.1.0' })).toThrow(
      /OpenAPI 3\.0/,
    );
  });
});
