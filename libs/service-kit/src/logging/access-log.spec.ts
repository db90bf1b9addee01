import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { createAccessLog, type AccessLogEntry } from './access-log';

describe('createAccessLog', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'access-log-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A logger shaped like createLogger's, writing synchronously to a file the test reads back. */
  let files = 0;
  function linesLoggedAt(level: pino.LevelWithSilent, entries: AccessLogEntry[]): Record<string, unknown>[] {
    const file = path.join(dir, `log-${++files}.jsonl`);
    const logger = pino(
      {
        level,
        base: { service: 'ratings' },
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
      },
      pino.destination({ dest: file, sync: true }),
    );
    const accessLog = createAccessLog(logger);
    logger.info({ requestId: 'r0' }, 'an ordinary line');
    for (const entry of entries) accessLog(entry);
    const text = readFileSync(file, 'utf8');
    if (text === '') return [];
    expect(text.endsWith('\n')).toBe(true);
    return text.trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
  }

  const entry: AccessLogEntry = { requestId: 'r1', method: 'GET', url: '/ratings/0', statusCode: 200, durationMs: 1.3 };

  it('writes the fields in a fixed order after pino\'s own', () => {
    const [ordinary, access] = linesLoggedAt('info', [entry]);
    expect(Object.keys(access)).toEqual(['level', 'time', 'service', 'requestId', 'method', 'url', 'statusCode', 'durationMs', 'msg']);
    expect(access).toMatchObject({ level: 'info', service: 'ratings', ...entry, msg: 'request completed' });
    expect(Object.keys(ordinary).slice(0, 3)).toEqual(['level', 'time', 'service']);
    expect(new Date(access['time'] as string).toISOString()).toBe(access['time']);
  });

  it('keeps the line valid JSON whatever the URL and request id hold', () => {
    const hostile = { ...entry, requestId: 'a"b\\c', url: '/ratings/"},"level":"fatal\n\u2028é' };
    const [, access] = linesLoggedAt('info', [hostile]);
    expect(access['url']).toBe(hostile.url);
    expect(access['requestId']).toBe(hostile.requestId);
    expect(access['level']).toBe('info');
  });

  it('logs probes at debug only, and nothing below the configured level', () => {
    const probe = { ...entry, url: '/health/ready' };
    expect(linesLoggedAt('info', [probe, entry]).map((line) => line['url'])).toEqual([undefined, '/ratings/0']);
    expect(linesLoggedAt('debug', [probe]).map((line) => line['level'])).toEqual(['info', 'debug']);
    expect(linesLoggedAt('warn', [entry])).toHaveLength(0);
  });
});
