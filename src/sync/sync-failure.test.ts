import { describe, expect, it } from 'vitest';
import {
  AbortError,
  AuthError,
  ContractError,
  HttpError,
  NetworkError,
  RateLimitError,
  StorageError,
  TimeoutError,
  ValidationError,
} from '../errors/index.js';
import { classifyFailure, createOutcomeUnknown, toSyncErrorInfo } from './sync-failure.js';

const where = { operation: 'heroes.update', method: 'PATCH', url: 'http://x/api/v1/heroes/c1' };
const http = (status: number, code?: string) => new HttpError({ ...where, status, code });

describe('classifyFailure', () => {
  it('sorts errors into the failure classes', () => {
    expect(classifyFailure(new NetworkError(where))).toEqual({
      type: 'transient',
      kind: 'offline',
      unreachable: true,
    });
    expect(classifyFailure(new TimeoutError({ ...where, timeoutMs: 1 }))).toMatchObject({
      type: 'transient',
      unreachable: false,
    });
    for (const status of [408, 500, 502, 503, 504]) {
      expect(classifyFailure(http(status)).type).toBe('transient');
    }
    expect(classifyFailure(new ContractError({ ...where, status: 502, issues: [] })).type).toBe(
      'transient',
    );
    expect(classifyFailure(new ContractError({ ...where, status: 200, issues: [] })).type).toBe(
      'transient',
    );
    expect(classifyFailure(new ContractError({ ...where, status: 400, issues: [] })).type).toBe(
      'permanent',
    );
    expect(classifyFailure(new AuthError({ operation: 'x', code: 'SESSION_EXPIRED' })).type).toBe(
      'auth',
    );
    expect(classifyFailure(http(401)).type).toBe('auth');
    const resetAt = new Date('2030-01-01T00:00:00.000Z');
    expect(classifyFailure(new RateLimitError({ ...where, status: 429, resetAt }))).toEqual({
      type: 'rate-limit',
      resetAt: resetAt.getTime(),
    });
    for (const status of [400, 403, 422])
      expect(classifyFailure(http(status)).type).toBe('permanent');
    expect(
      classifyFailure(new ValidationError({ operation: 'x', field: 'f', message: 'm' })).type,
    ).toBe('permanent');
    expect(classifyFailure(http(404)).type).toBe('not-found');
    expect(classifyFailure(http(409, 'Conflict')).type).toBe('exists');
    expect(classifyFailure(new AbortError('x')).type).toBe('aborted');
    expect(classifyFailure(new StorageError('x', 'disk full')).type).toBe('fatal');
    expect(classifyFailure(new Error('bug')).type).toBe('transient');
  });
});

describe('createOutcomeUnknown', () => {
  const info = (status: number | null) => toSyncErrorInfo(http(status ?? 500), 'server', 1);
  it('is true for a create sent before whose failure does not prove a refusal', () => {
    expect(createOutcomeUnknown({ op: 'create', attempts: 1, lastError: null })).toBe(true);
    expect(
      createOutcomeUnknown({
        op: 'create',
        attempts: 2,
        lastError: { ...info(null), status: null },
      }),
    ).toBe(true);
    expect(createOutcomeUnknown({ op: 'create', attempts: 1, lastError: info(503) })).toBe(true);
  });
  it('is false before the first attempt, after a 4xx, and for other operations', () => {
    expect(createOutcomeUnknown({ op: 'create', attempts: 0, lastError: null })).toBe(false);
    expect(createOutcomeUnknown({ op: 'create', attempts: 1, lastError: info(429) })).toBe(false);
    expect(createOutcomeUnknown({ op: 'update', attempts: 3, lastError: null })).toBe(false);
  });
});

describe('toSyncErrorInfo', () => {
  it('keeps the status and server code of HTTP errors', () => {
    expect(toSyncErrorInfo(http(400, 'ValidationError'), 'permanent', 7)).toMatchObject({
      kind: 'permanent',
      status: 400,
      code: 'ValidationError',
      at: 7,
    });
    expect(toSyncErrorInfo('boom', 'server', 1)).toMatchObject({ message: 'boom', status: null });
  });
});
