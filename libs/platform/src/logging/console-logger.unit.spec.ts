import { loadAppConfig } from '../config/app-config';
import { createConsoleLogger } from './console-logger';

const JWT_SECRET = 'x'.repeat(40);

/** Which lines a process writes: the per-job debug lines only when asked for. */
describe('the processes’ console logger', () => {
  const written = (config: ReturnType<typeof loadAppConfig>): string => {
    const logger = createConsoleLogger(config);
    const lines: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
    try {
      logger.log('một sự kiện', 'Test');
      logger.debug('fire-stage stage/1: reminder', 'Test');
    } finally {
      spy.mockRestore();
    }
    return lines.join('');
  };

  it('by default writes notable events but not the per-job debug lines', () => {
    const out = written(loadAppConfig({ JWT_SECRET }));
    expect(out).toContain('một sự kiện');
    expect(out).not.toContain('fire-stage');
  });

  it('with LOG_LEVEL=debug writes the debug lines too, as JSON with LOG_FORMAT=json', () => {
    const out = written(loadAppConfig({ JWT_SECRET, LOG_LEVEL: 'debug', LOG_FORMAT: 'json' }));
    const entries = out.trim().split('\n').map((line) => JSON.parse(line) as { level: string; message: string });
    expect(entries.map((e) => [e.level, e.message])).toEqual([
      ['log', 'một sự kiện'],
      ['debug', 'fire-stage stage/1: reminder'],
    ]);
  });

  it('refuses an unknown LOG_LEVEL with a message naming it', () => {
    expect(() => loadAppConfig({ JWT_SECRET, LOG_LEVEL: 'verbose' })).toThrow(/LOG_LEVEL/);
  });
});
