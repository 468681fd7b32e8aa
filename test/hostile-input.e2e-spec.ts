import { connect } from 'node:net';
import { recordRawAnswer } from './helpers/contract-log';
import { startTestApp, TestApp, TestWorkspace } from './helpers/test-app';

/**
 * Requests found by a hostile-input sweep that once ended in a 500, a hang or an error in another
 * shape. Each must get a 4xx in the one error shape and leave nothing written.
 */
const ERROR_SHAPE = {
  error: {
    code: expect.any(String),
    message: expect.any(String),
    request_id: expect.stringMatching(/^req_/),
  },
};

/** `{"a":{"a":...1...}}`, `depth` objects deep. */
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

/**
 * Sends raw bytes to the server and resolves with everything it answers before it closes the
 * connection (send `Connection: close` where a request would otherwise keep it open). The
 * server writes these answers to the socket itself, past the app's contract hook: checked here.
 */
function rawRequest(port: number, bytes: string | Buffer): Promise<string> {
  const [method, path] = bytes.toString('latin1').split(' ');
  return new Promise((resolve, reject) => {
    // Not half-closed after the bytes: a server may drop a request whose client has ended.
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => {
      recordRawAnswer(method, path, answer);
      resolve(answer);
    });
    socket.on('error', reject);
  });
}

describe('Hostile input (e2e)', () => {
  let t: TestApp;
  let ws: TestWorkspace;
  let port: number;

  beforeAll(async () => {
    t = await startTestApp();
    ws = await t.createWorkspace({ scopes: ['read', 'write', 'admin'] });
    await t.app.listen(0, '127.0.0.1');
    port = Number(new URL(await t.app.getUrl()).port);
  });
  afterAll(() => t.close());

  const listCount = async () =>
    (await t.http().get('/v1/lists').set(ws.auth).expect(200)).body.meta.total as number;

  const post = (path: string, body: string, headers: Record<string, string> = {}) =>
    t
      .http()
      .post(path)
      .set(ws.auth)
      .set({ 'Content-Type': 'application/json', ...headers })
      .send(body);

  describe('request bodies', () => {
    it.each(['/v1/lists', '/v1/prospects/search', '/v1/contacts'])(
      'refuses JSON nested thousands of levels deep on %s',
      async (path) => {
        const res = await post(path, nested(3_000)).expect(400);
        expect(res.body).toMatchObject(ERROR_SHAPE);
        expect(res.body.error.message).toMatch(/nested/);
      },
    );

    it('refuses deep nesting inside a saved item, with an Idempotency-Key', async () => {
      const body = `{"contacts":[{"full_name":"Deep","extra":${nested(3_000)}}]}`;
      const res = await post('/v1/contacts/bulk', body, { 'Idempotency-Key': 'deep-1' });
      expect(res.status).toBe(400);
    });

    it('takes JSON only: a form body is a 415', async () => {
      const res = await t
        .http()
        .post('/v1/lists')
        .set(ws.auth)
        .set('Content-Type', 'application/x-www-form-urlencoded')
        .send('name=Form')
        .expect(415);
      expect(res.body).toMatchObject(ERROR_SHAPE);
    });

    it('refuses an object with thousands of fields, at once', async () => {
      const junk = Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, 0]));
      const before = await listCount();
      const res = await post('/v1/lists', JSON.stringify({ name: 'Wide', junk })).expect(400);
      expect(res.body.error.message).toMatch(/fields/);
      expect(await listCount()).toBe(before);
    });

    it('refuses unpaired surrogates, and writes nothing even with an Idempotency-Key', async () => {
      const before = await listCount();
      const res = await post('/v1/lists', '{"name":"Ghost \\ud800"}', {
        'Idempotency-Key': 'ghost-1',
      }).expect(400);
      expect(res.body).toMatchObject(ERROR_SHAPE);
      expect(res.body.error.message).toMatch(/Unicode/);
      expect(await listCount()).toBe(before);
      await post('/v1/contacts', '{"email":"a\\ud800@ex.com"}').expect(400);
      // A surrogate pair, escaped, is an ordinary character.
      await post('/v1/lists', '{"name":"Pair \\ud83d\\ude00"}').expect(201);
    });

    it('refuses a body that is not UTF-8, sized or chunked, and writes nothing', async () => {
      const before = await listCount();
      /** A POST of these bytes as they are, with a Content-Length or in one chunk. */
      const postBytes = (body: Buffer, framing: 'sized' | 'chunked') =>
        rawRequest(
          port,
          Buffer.concat([
            Buffer.from(
              `POST /v1/lists HTTP/1.1\r\nHost: x\r\nAuthorization: ${ws.auth.Authorization}\r\n` +
                'Content-Type: application/json\r\nConnection: close\r\n' +
                (framing === 'sized'
                  ? `Content-Length: ${body.length}\r\n\r\n`
                  : `Transfer-Encoding: chunked\r\n\r\n${body.length.toString(16)}\r\n`),
            ),
            body,
            Buffer.from(framing === 'sized' ? '' : '\r\n0\r\n\r\n'),
          ]),
        );
      // "Café" in Latin-1, and a UTF-8 sequence cut short inside a string.
      const latin1 = Buffer.from('{"name":"Caf\xe9"}', 'latin1');
      const cutShort = Buffer.concat([
        Buffer.from('{"name":"Cut '),
        Buffer.from([0xe2, 0x82]),
        Buffer.from('"}'),
      ]);
      for (const body of [latin1, cutShort]) {
        for (const framing of ['sized', 'chunked'] as const) {
          const answer = await postBytes(body, framing);
          expect(answer).toMatch(/^HTTP\/1\.1 400 /);
          expect(answer).toMatch(/"code":"validation_error"/);
          expect(answer).toMatch(/not valid UTF-8/);
        }
      }
      expect(await listCount()).toBe(before);
      // The same name in UTF-8 is an ordinary one.
      const utf8 = await postBytes(Buffer.from('{"name":"Café"}'), 'chunked');
      expect(utf8).toMatch(/^HTTP\/1\.1 201 /);
    });
  });

  // Many HTTP clients send `Content-Type: application/json` on every request, bodiless or not.
  describe('bodiless requests with a JSON content type', () => {
    const JSON_TYPE = { 'Content-Type': 'application/json' };
    const withoutBody = (method: 'get' | 'delete', path: string, headers = {}) =>
      t
        .http()
        [method](path)
        .set(ws.auth)
        .set({ ...JSON_TYPE, ...headers });

    const newList = async (name: string): Promise<string> =>
      (await post('/v1/lists', JSON.stringify({ name })).expect(201)).body.data.id as string;
    const newContact = async (email: string): Promise<string> =>
      (await post('/v1/contacts', JSON.stringify({ email })).expect(201)).body.data.id as string;

    it('deletes a list, a contact, a membership and a key', async () => {
      const listId = await newList('Bodiless delete');
      const res = await withoutBody('delete', `/v1/lists/${listId}`).expect(200);
      expect(res.body.data).toMatchObject({ deleted: true, id: listId });

      const contactId = await newContact('bodiless-delete@example.com');
      // With `Content-Length: 0` said outright, and with an Idempotency-Key.
      const contact = await withoutBody('delete', `/v1/contacts/${contactId}`, {
        'Content-Length': '0',
        'Idempotency-Key': 'bodiless-delete-1',
      }).expect(200);
      expect(contact.body.data).toMatchObject({ deleted: true, id: contactId });

      const memberListId = await newList('Bodiless members');
      const memberId = await newContact('bodiless-member@example.com');
      await post(
        `/v1/lists/${memberListId}/contacts`,
        JSON.stringify({ contact_ids: [memberId] }),
      ).expect(200);
      const removed = await withoutBody(
        'delete',
        `/v1/lists/${memberListId}/contacts/${memberId}`,
      ).expect(200);
      expect(removed.body.data).toMatchObject({ removed: true, contact_id: memberId });

      const { id: keyId } = await t.createKey(ws.id, ['read']);
      await withoutBody('delete', `/v1/api-keys/${keyId}`).expect(204);
    });

    it('reads a list, a contact, the lists and the calling key', async () => {
      const listId = await newList('Bodiless read');
      const contactId = await newContact('bodiless-read@example.com');
      for (const path of [
        `/v1/lists/${listId}`,
        `/v1/contacts/${contactId}`,
        '/v1/lists',
        '/v1/me',
      ]) {
        await withoutBody('get', path).expect(200);
      }
    });

    it('refuses a POST with an empty JSON body, in its own words', async () => {
      const before = await listCount();
      const res = await t.http().post('/v1/lists').set(ws.auth).set(JSON_TYPE).expect(400);
      expect(res.body).toMatchObject(ERROR_SHAPE);
      expect(res.body.error).toMatchObject({
        code: 'validation_error',
        message: 'The request body is empty: send a JSON object.',
      });
      expect(await listCount()).toBe(before);
    });
  });

  describe('fields', () => {
    it.each(['toString', '__proto__', 'constructor'])(
      'treats "%s" as the unknown name it is (scopes, headcount, seniority)',
      async (name) => {
        const key = await post('/v1/api-keys', JSON.stringify({ name: 'k', scopes: [name] }));
        expect(key.status).toBe(400);
        const search = await post('/v1/prospects/search', JSON.stringify({ headcount: [name] }));
        expect(search.status).toBe(400);
        const seniority = await post(
          '/v1/prospects/search',
          JSON.stringify({ query: { person_seniorities: [name] } }),
        );
        expect(seniority.status).toBe(400);
      },
    );

    it('ignores a keyword without letters or digits, alone or with other filters', async () => {
      const titleOnly = await post(
        '/v1/prospects/search',
        JSON.stringify({ query: { person_titles: ['CEO'] } }),
      ).expect(200);
      for (const keyword of ['%', '-', '_', '\\', '😀']) {
        const res = await post(
          '/v1/prospects/search',
          JSON.stringify({ query: { person_titles: ['CEO'], q_keywords: keyword } }),
        ).expect(200);
        expect(res.body.meta.total).toBe(titleOnly.body.meta.total);
      }
    });

    it('refuses a page number beyond the cap', async () => {
      for (const path of ['/v1/contacts', '/v1/lists', '/v1/api-keys']) {
        const res = await t
          .http()
          .get(`${path}?page=99999999999999999999`)
          .set(ws.auth)
          .expect(400);
        expect(res.body.error.details.page).toBeDefined();
      }
    });

    it('reads created_after as a calendar date or date-time, and refuses week dates', async () => {
      await t.http().get('/v1/contacts?created_after=2026-01-31').set(ws.auth).expect(200);
      await t
        .http()
        .get('/v1/contacts?created_after=2026-01-31T12:00:00Z')
        .set(ws.auth)
        .expect(200);
      for (const value of ['2026', '2026-01', '2026-W01', '2026-W01-1', '2026-02-30']) {
        const res = await t
          .http()
          .get(`/v1/contacts?created_after=${value}`)
          .set(ws.auth)
          .expect(400);
        expect(res.body.error.details.created_after).toBeDefined();
      }
    });
  });

  describe('requests Fastify refuses before a route runs', () => {
    it('answers a path with bad percent-encoding in the error shape, with a request id', async () => {
      const res = await t.http().get('/v1/contacts/%ff').set(ws.auth).expect(400);
      expect(res.body).toMatchObject(ERROR_SHAPE);
      expect(res.headers['x-request-id']).toBe(res.body.error.request_id);
    });

    it('answers a very long id with 404, like any other malformed id', async () => {
      const res = await t
        .http()
        .get(`/v1/contacts/${'a'.repeat(300)}`)
        .set(ws.auth)
        .expect(404);
      expect(res.body).toMatchObject(ERROR_SHAPE);
    });

    it('answers a malformed HTTP request in the error shape', async () => {
      const answer = await rawRequest(
        port,
        'GET /v1/me HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n',
      );
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
      expect(body).toMatchObject(ERROR_SHAPE);
      expect(answer).toMatch(new RegExp(`X-Request-ID: ${body.error.request_id}`, 'i'));
      expect(answer).toMatch(/X-Content-Type-Options: nosniff/i);
    });

    it('refuses a request with two Authorization headers (400), rather than using the first', async () => {
      // Written without closing the sending side (unlike rawRequest): a key lookup takes a while.
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1', () =>
          socket.write(
            `GET /v1/me HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${ws.key}\r\n` +
              `Authorization: Bearer wbk_${'o'.repeat(43)}\r\nConnection: close\r\n\r\n`,
          ),
        );
        let received = '';
        socket.on('data', (chunk) => (received += chunk.toString()));
        socket.on('close', () => resolve(received));
        socket.on('error', reject);
      });
      recordRawAnswer('GET', '/v1/me', answer);
      expect(answer).toMatch(/^HTTP\/1\.1 400 /);
      const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
      expect(body).toMatchObject(ERROR_SHAPE);
      expect(body.error.details).toHaveProperty('Authorization');
    });

    it('answers oversized headers with 431 headers_too_large, in the error shape', async () => {
      const answer = await rawRequest(
        port,
        `GET /v1/me HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
      );
      expect(answer).toMatch(/^HTTP\/1\.1 431 /);
      const body = JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4));
      expect(body).toMatchObject(ERROR_SHAPE);
      expect(body.error.code).toBe('headers_too_large');
    });
  });

  it('accepts the Bearer scheme in any case', async () => {
    await t
      .http()
      .get('/v1/me')
      .set({ Authorization: `bearer ${ws.key}` })
      .expect(200);
  });
});
