import { Logger } from '@nestjs/common';
import { AppLogger, appLogger } from './app-logger';

/** What the logger prints for a framework route line and one of the service's own lines. */
function printed(logger: AppLogger | false): string {
  const lines: string[] = [];
  const write = jest
    .spyOn(process.stdout, 'write')
    .mockImplementation((chunk: string | Uint8Array) => lines.push(String(chunk)) > 0);
  try {
    Logger.overrideLogger(logger);
    // As Nest logs them: through Logger instances carrying the context.
    new Logger('RouterExplorer').log('Mapped {/v1/me, GET} route');
    new Logger('InstanceLoader').log('AppModule dependencies initialized');
    new Logger('Bootstrap').log('Prospect API listening on http://localhost:3000');
  } finally {
    write.mockRestore();
  }
  return lines.join('');
}

describe('AppLogger', () => {
  afterAll(() => Logger.overrideLogger(new AppLogger()));

  it('keeps the framework start-up lines out of the default level', () => {
    const out = printed(appLogger('log'));
    expect(out).toContain('Prospect API listening');
    expect(out).not.toMatch(/RouterExplorer|InstanceLoader|Mapped/);
  });

  it('shows them at debug, as debug lines', () => {
    const out = printed(appLogger('debug'));
    expect(out).toMatch(/DEBUG.*\[RouterExplorer\].*Mapped \{\/v1\/me, GET\} route/);
    expect(out).toMatch(/DEBUG.*\[InstanceLoader\]/);
    expect(out).toMatch(/LOG.*\[Bootstrap\].*Prospect API listening/);
  });

  it('prints nothing when silent, and only warnings and errors at warn', () => {
    expect(appLogger('silent')).toBe(false);
    expect(printed(appLogger('silent'))).toBe('');
    expect(printed(appLogger('warn'))).toBe('');
  });
});
