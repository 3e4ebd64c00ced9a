import { describe, expect, it } from 'vitest';
import type { LogFields, Logger } from './logger.js';
import { noopLogger } from './logger.js';
import { REDACTED } from './redact.js';
import { redactingLogger } from './redacting-logger.js';

interface Record_ {
  level: string;
  message: string;
  fields: LogFields | undefined;
}

function captureLogger(): { logger: Logger; records: Record_[] } {
  const records: Record_[] = [];
  const make =
    (level: string) =>
    (message: string, fields?: LogFields): void => {
      records.push({ level, message, fields });
    };
  return {
    records,
    logger: { debug: make('debug'), info: make('info'), warn: make('warn'), error: make('error') },
  };
}

describe('redactingLogger', () => {
  it('redacts messages and fields at every level', () => {
    const { logger, records } = captureLogger();
    const log = redactingLogger(logger);
    log.debug('Authorization: Bearer abcdefghijkl', { password: 'hunter2222' });
    log.info('info', { nested: { token: 'abcdefghijkl' } });
    log.warn('plain');
    log.error('err', { headers: { cookie: 'a=b' } });
    expect(records).toEqual([
      {
        level: 'debug',
        message: `Authorization: Bearer ${REDACTED}`,
        fields: { password: REDACTED },
      },
      { level: 'info', message: 'info', fields: { nested: { token: REDACTED } } },
      { level: 'warn', message: 'plain', fields: undefined },
      { level: 'error', message: 'err', fields: { headers: { cookie: REDACTED } } },
    ]);
  });

  it('reads the current secrets at every call', () => {
    const { logger, records } = captureLogger();
    let current = 'first-secret-value';
    const log = redactingLogger(logger, { secrets: () => [current] });
    log.info('value first-secret-value');
    current = 'second-secret-value';
    log.info('value second-secret-value', { note: 'second-secret-value' });
    expect(records.map((r) => r.message)).toEqual([`value ${REDACTED}`, `value ${REDACTED}`]);
    expect(records[1]?.fields).toEqual({ note: REDACTED });
  });

  it('never throws when the sink throws', () => {
    const throwing: Logger = {
      ...noopLogger,
      info() {
        throw new Error('sink down');
      },
    };
    expect(() => redactingLogger(throwing).info('hello')).not.toThrow();
  });
});

describe('redactingLogger over the silent logger', () => {
  it('returns the silent logger itself, so hot paths pay nothing for redaction', () => {
    expect(redactingLogger(noopLogger)).toBe(noopLogger);
  });
});

describe('redactingLogger over a redacting logger', () => {
  it('redacts once: the same wrapper back, or one wrapper scrubbing every secret source', () => {
    const { logger, records } = captureLogger();
    let calls = 0;
    const counting: Logger = {
      ...logger,
      info: (message, fields) => {
        calls++;
        logger.info(message, fields);
      },
    };
    const outer = redactingLogger(counting, { secrets: () => ['outer-secret-value'] });
    expect(redactingLogger(outer)).toBe(outer);
    const both = redactingLogger(outer, { secrets: () => ['inner-secret-value'] });
    both.info('outer-secret-value and inner-secret-value', { token: 'abcdefghijkl' });
    expect(calls).toBe(1);
    expect(records).toEqual([
      {
        level: 'info',
        message: `${REDACTED} and ${REDACTED}`,
        fields: { token: REDACTED },
      },
    ]);
  });
});
