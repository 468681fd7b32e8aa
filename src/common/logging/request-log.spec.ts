import { Writable } from 'node:stream';
import { RequestLine, REQUEST_MESSAGE } from './pretty-line';
import { requestLineFields } from './request-log';
import { createRootLogger, isoTime, jsonInfoWriter } from './root-logger';

/** A destination that keeps each line written. */
function memoryStream(): Writable & { lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return Object.assign(stream, { lines });
}

const LINES: RequestLine[] = [
  {
    reqId: 'req_01M8R47WVDDGQ3WB103BXTJ3SG',
    method: 'GET',
    route: '/v1/me',
    status: 200,
    ms: 0.53,
    workspaceId: '02281b91-9fa7-4af8-bfa0-6683538ffe7c',
    keyPrefix: 'wbk_9H4f2jdB',
  },
  // No route (a 404), no caller, and text that JSON must escape.
  { reqId: 'a"b\\c', method: 'DELETE', route: undefined, status: 404, ms: 12 },
  { reqId: 'r', method: 'POST', route: '/v1/lists/:id/"x"', status: 201, ms: 1.5 },
];

/** A line without its time, which the two writers may take a millisecond apart. */
function withoutTime(line: string): string {
  return line.replace(/,"time":"[^"]+"/, '');
}

describe('the request line', () => {
  it('is written in JSON exactly as pino writes it, field order included', () => {
    const out = memoryStream();
    const root = createRootLogger({ logLevel: 'log', logFormat: 'json' }, out);
    const write = jsonInfoWriter(root, REQUEST_MESSAGE)!;
    for (const line of LINES) {
      root.info(line, REQUEST_MESSAGE);
      write(requestLineFields(line));
    }
    expect(out.lines).toHaveLength(LINES.length * 2);
    for (let i = 0; i < out.lines.length; i += 2) {
      expect(withoutTime(out.lines[i + 1])).toBe(withoutTime(out.lines[i]));
      expect(JSON.parse(out.lines[i + 1])).toMatchObject({ level: 30, msg: 'request' });
    }
  });

  it('has no fast writer for pretty lines or below the info level', () => {
    const out = memoryStream();
    expect(
      jsonInfoWriter(createRootLogger({ logLevel: 'log', logFormat: 'pretty' }, out), 'x'),
    ).toBeUndefined();
    expect(
      jsonInfoWriter(createRootLogger({ logLevel: 'warn', logFormat: 'json' }, out), 'x'),
    ).toBeUndefined();
  });
});

describe('isoTime', () => {
  it("writes pino's time field with the current instant", () => {
    const before = Date.now();
    const field = isoTime();
    const after = Date.now();
    const [, iso] = /^,"time":"(.+)"$/.exec(field)!;
    expect(new Date(iso).toISOString()).toBe(iso);
    expect(Date.parse(iso)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(iso)).toBeLessThanOrEqual(after);
  });
});
