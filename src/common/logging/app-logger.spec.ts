import { Logger } from '@nestjs/common';
import { Writable } from 'node:stream';
import { AppConfig } from '../../config/app-config';
import { appLogger } from './app-logger';
import { createRootLogger } from './root-logger';

/** A destination that keeps what is written. */
function memoryStream(): Writable & { text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return Object.assign(stream, { text: () => chunks.join('') });
}

/** What the logger prints for framework start-up lines, one of the service's own and an error. */
function printed(logLevel: AppConfig['logLevel'], logFormat: AppConfig['logFormat']): string {
  const out = memoryStream();
  try {
    Logger.overrideLogger(appLogger(createRootLogger({ logLevel, logFormat }, out)));
    // As Nest logs them: through Logger instances carrying the context.
    new Logger('RouterExplorer').log('Mapped {/v1/me, GET} route');
    new Logger('InstanceLoader').log('AppModule dependencies initialized');
    new Logger('Bootstrap').log('Prospect API listening on http://localhost:3000');
    new Logger('Errors').error({ reqId: 'req_1', err: new Error('boom') }, 'req_1 GET /x failed');
  } finally {
    Logger.overrideLogger(false);
  }
  return out.text();
}

describe('AppLogger', () => {
  it('keeps the framework start-up lines out of the default level', () => {
    const out = printed('log', 'pretty');
    expect(out).toContain('Prospect API listening');
    expect(out).not.toMatch(/RouterExplorer|InstanceLoader|Mapped/);
  });

  it('shows them at debug, as debug lines', () => {
    const out = printed('debug', 'pretty');
    expect(out).toMatch(/DEBUG.*\[RouterExplorer\] Mapped \{\/v1\/me, GET\} route/);
    expect(out).toMatch(/DEBUG.*\[InstanceLoader\]/);
    expect(out).toMatch(/INFO.*\[Bootstrap\] Prospect API listening/);
  });

  it('writes one JSON object per line, with the context and an error with its stack once', () => {
    const lines = printed('log', 'json').trim().split('\n');
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toEqual([
      expect.objectContaining({
        level: 30,
        context: 'Bootstrap',
        msg: expect.stringContaining('listening'),
      }),
      expect.objectContaining({
        level: 50,
        context: 'Errors',
        reqId: 'req_1',
        err: expect.objectContaining({ message: 'boom', stack: expect.stringContaining('at ') }),
      }),
    ]);
    expect(lines.join('\n').match(/Error: boom/g)).toHaveLength(1);
  });

  it('prints nothing when silent, and only warnings and errors at warn', () => {
    expect(appLogger(createRootLogger({ logLevel: 'silent', logFormat: 'json' }))).toBe(false);
    expect(printed('silent', 'json')).toBe('');
    expect(printed('warn', 'json')).not.toContain('Prospect API listening');
  });

  it('never writes a secret that a message quotes', () => {
    const out = memoryStream();
    const root = createRootLogger({ logLevel: 'debug', logFormat: 'json' }, out);
    const secret = 'wbk_' + 'x'.repeat(43);
    root.warn(`could not connect to postgres://app:hunter22@db/prod with ${secret}`);
    root.error({ err: new Error(`Bearer ${secret}`), authorization: `Bearer ${secret}` });
    expect(out.text()).not.toMatch(/hunter22|wbk_x{20}/);
  });
});
