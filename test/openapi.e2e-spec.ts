import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startTestApp, TestApp } from './helpers/test-app';

const ROOT = resolve(__dirname, '..');
const read = (path: string) => readFileSync(resolve(ROOT, path), 'utf8');

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the document is walked as plain JSON
type Json = any;

describe('OpenAPI document (e2e)', () => {
  let t: TestApp;
  let served: Record<string, Json>;

  beforeAll(async () => {
    t = await startTestApp();
    served = (await t.http().get('/openapi.json').expect(200)).body;
  });
  afterAll(() => t.close());

  it('matches the committed openapi.json (run `npm run openapi:export` after changing the API)', () => {
    expect(served).toEqual(JSON.parse(read('openapi.json')));
  });

  it('documents every operation: summary, description, scopes, tags and its error responses', () => {
    const methods = ['get', 'post', 'patch', 'delete'];
    for (const [path, item] of Object.entries<Record<string, Json>>(served.paths)) {
      for (const method of methods.filter((m) => item[m])) {
        const op = item[method];
        const where = `${method.toUpperCase()} ${path}`;
        expect([where, typeof op.summary]).toEqual([where, 'string']);
        expect([where, typeof op.description]).toEqual([where, 'string']);
        expect([where, op.tags?.length]).toEqual([where, 1]);
        if (path.startsWith('/v1/')) {
          expect([where, Array.isArray(op['x-required-scopes'])]).toEqual([where, true]);
          for (const status of ['401', '403', '429']) {
            expect([
              where,
              status,
              op.responses[status]?.content['application/json'].schema,
            ]).toEqual([where, status, { $ref: '#/components/schemas/ErrorResponseDto' }]);
          }
          if (path.includes('{')) expect([where, !!op.responses['404']]).toEqual([where, true]);
          if (op.requestBody) expect([where, !!op.responses['400']]).toEqual([where, true]);
        }
      }
    }
  });

  it('gives every property of every component schema an example', () => {
    // A $ref, allOf, array of $ref or nested object is exemplified by the schema it points to.
    const exemplified = (p: Json) =>
      p.example !== undefined || p.$ref || p.allOf || p.items?.$ref || p.type === 'object';
    const missing = Object.entries<Json>(served.components.schemas).flatMap(([name, schema]) =>
      Object.entries<Json>(schema.properties ?? {})
        .filter(([, property]) => !exemplified(property))
        .map(([property]) => `${name}.${property}`),
    );
    expect(missing).toEqual([]);
  });

  it('has the seed example for save and the workflow query for search', () => {
    const save = JSON.stringify(served.paths['/v1/prospects/save'].post.requestBody);
    expect(save).toContain('Acme Legal Corp');
    const search = JSON.stringify(served.paths['/v1/prospects/search'].post.requestBody);
    expect(search).toContain('person_titles');
  });

  it('passes `redocly lint` with zero errors and zero warnings', () => {
    const result = spawnSync('npx', ['redocly', 'lint', 'openapi.json', '--format', 'json'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    const report = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
    expect(report.problems).toEqual([]);
  });

  it("passes Spectral's `oas` ruleset with zero errors and zero warnings", () => {
    const result = spawnSync(
      'npx',
      ['spectral', 'lint', 'openapi.json', '--format', 'json', '--quiet'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    const problems = JSON.parse(result.stdout.slice(result.stdout.indexOf('[')));
    expect(problems).toEqual([]);
  });

  it('names operations as a client author would: a verb first, the resource once', () => {
    const VERBS =
      /^(get|list|create|update|delete|revoke|search|save|bulkCreate|add|remove|check)[A-Z]/;
    const words = (name: string) => name.split(/(?=[A-Z])/).map((w) => w.toLowerCase());
    const bad: string[] = [];
    const ids = new Set<string>();
    for (const [path, item] of Object.entries<Record<string, Json>>(served.paths)) {
      for (const op of Object.values<Json>(item)) {
        const id: string = op.operationId;
        ids.add(id);
        // No controller or tag name glued on twice (`meMe`, `listMembersList`, `Contacts_list`).
        const repeated = words(id).some((w, i, all) => all.indexOf(w) !== i);
        const tagPrefix = id.toLowerCase().startsWith(op.tags[0].replace(/\W/g, '').toLowerCase());
        if (!VERBS.test(id) || repeated || tagPrefix || id.includes('_')) bad.push(`${path} ${id}`);
      }
    }
    expect(bad).toEqual([]);
    expect(ids.size).toBe(
      Object.values<Json>(served.paths).reduce((n, item) => n + Object.keys(item).length, 0),
    );
  });

  it('declares X-Request-ID on every response, the rate-limit headers on protected ones, Retry-After on 429 and 503', () => {
    const missing: string[] = [];
    for (const [path, item] of Object.entries<Record<string, Json>>(served.paths)) {
      for (const [method, op] of Object.entries<Json>(item)) {
        const isProtected = op.security.length > 0;
        // Any operation may meet a database fault: a 503 to retry.
        if (!op.responses['503']) missing.push(`${method} ${path} 503`);
        for (const [status, response] of Object.entries<Json>(op.responses)) {
          const expected = ['X-Request-ID'];
          if (isProtected)
            expected.push('X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset');
          if (status === '429' || status === '503') expected.push('Retry-After');
          for (const name of expected)
            if (!response.headers?.[name]) missing.push(`${method} ${path} ${status} ${name}`);
        }
      }
    }
    expect(missing).toEqual([]);
    expect(served.components.headers['X-Request-ID'].required).toBe(true);
    expect(served.components.headers['Retry-After'].required).toBe(true);
  });

  it('types filters that accept one string or a list as exactly that, with portable patterns only', () => {
    const titles = served.components.schemas.WorkflowQueryDto.properties.person_titles;
    expect(titles.oneOf.map((s: Json) => s.type)).toEqual(['string', 'array']);
    expect(served.components.schemas.FlatSearchDto.properties.seniority.oneOf).toHaveLength(2);
    // `\p{…}` classes are not in ECMA-262 without the `u` flag that JSON Schema validators lack.
    expect(JSON.stringify(served)).not.toMatch(/\\\\p\{/);
  });

  it('says the bearer scheme takes wbk_ keys and defines every tag it uses', () => {
    expect(served.components.securitySchemes.bearer.bearerFormat).toMatch(/^wbk_/);
    const defined = served.tags.map((t: Json) => t.name);
    const used = Object.values<Json>(served.paths).flatMap((item) =>
      Object.values<Json>(item).map((op) => op.tags[0]),
    );
    expect([...new Set(used)].filter((t) => !defined.includes(t))).toEqual([]);
  });

  it('has a generated TypeScript client up to date with the document (run `npm run client:generate`)', () => {
    const out = join(tmpdir(), `schema-${process.pid}.d.ts`);
    const result = spawnSync(
      'npx',
      ['openapi-typescript', 'openapi.json', '--default-non-nullable', 'false', '-o', out],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(read('clients/typescript/schema.d.ts'));
  });
});
