import { ConsoleLogger } from '@nestjs/common';
import { beijingIso } from '../../../src/platform/clock/clock';
import { serviceLogger, ServiceLogger } from '../../../src/platform/logging/json-logger';

/** What the service writes to stdout and stderr while `fn` runs, line by line. */
function captured(fn: () => void): string[] {
  const lines: string[] = [];
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  });
  try {
    fn();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return lines;
}

const ESC = '\u001b';

describe('the service logger', () => {
  it('writes Beijing time as ISO 8601 with +08:00', () => {
    expect(beijingIso(Date.UTC(2026, 10, 28, 12, 1, 2, 345))).toBe('2026-11-28T20:01:02.345+08:00');
    // Past midnight in Beijing, still the day before in UTC.
    expect(beijingIso(Date.UTC(2025, 11, 31, 16, 0, 0, 0))).toBe('2026-01-01T00:00:00.000+08:00');
  });

  it('writes one JSON object a line, without colours, when stdout is not a terminal', () => {
    const logger = serviceLogger(['log', 'warn', 'error'], { isTTY: false });
    const before = Date.now();
    const lines = captured(() => {
      logger.log('Enclave Ledger listening on http://127.0.0.1:3000/api', 'Main');
      logger.warn('database unavailable: 数据库暂时不可用', 'HTTP');
      logger.error('boom', 'Error: boom\n    at somewhere', 'HTTP');
      logger.debug('not at this level', 'Main');
    });
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line).not.toContain(ESC);
      const record = JSON.parse(line);
      expect(Object.keys(record).slice(0, 4)).toEqual(['time', 'level', 'context', 'message']);
      expect(record.time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00$/);
      const at = new Date(record.time).getTime();
      expect(at).toBeGreaterThanOrEqual(before);
      expect(at).toBeLessThanOrEqual(Date.now());
      expect(record).not.toHaveProperty('timestamp');
    }
    const [log, warn, error] = lines.map((l) => JSON.parse(l));
    expect(log).toMatchObject({ level: 'log', context: 'Main', message: 'Enclave Ledger listening on http://127.0.0.1:3000/api' });
    expect(warn).toMatchObject({ level: 'warn', context: 'HTTP', message: 'database unavailable: 数据库暂时不可用' });
    expect(error).toMatchObject({ level: 'error', context: 'HTTP', message: 'boom', stack: 'Error: boom\n    at somewhere' });
  });

  it('writes readable text with the Beijing time on a terminal', () => {
    const logger = serviceLogger(['log'], { isTTY: true });
    const [line] = captured(() => logger.log('hello', 'Main'));
    expect(() => JSON.parse(line)).toThrow();
    expect(line).toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}\+08:00/);
    expect(line).toContain('hello');
  });

  it('is a Nest ConsoleLogger, so Nest and every Logger write through it', () => {
    expect(new ServiceLogger(true)).toBeInstanceOf(ConsoleLogger);
  });
});
