import { describe, expect, it } from 'vitest';
import {
  AbortError,
  AuthError,
  ClientClosedError,
  ConfigurationError,
  ConflictResolverError,
  ContractError,
  HttpError,
  NetworkError,
  OfflineError,
  PendingChangesError,
  RateLimitError,
  SdkError,
  StorageError,
  TimeoutError,
  ValidationError,
} from '../errors/index.js';
import { errorRecord, rebuildError } from './error-record.js';

const request = { operation: 'heroes.list', method: 'GET', url: 'https://x.test/api/v1/heroes' };

/** One instance of every SDK error class a sync round can fail with (and the rest). */
const samples: readonly SdkError[] = [
  new HttpError({ ...request, status: 503, code: 'Unavailable', details: { retry: true } }),
  new NetworkError(request),
  new TimeoutError({ ...request, timeoutMs: 10 }),
  new OfflineError('sync.syncNow'),
  new RateLimitError({
    ...request,
    status: 429,
    limitedOperation: 'hero_create',
    limit: 5,
    resetAt: new Date('2030-01-01T00:00:00.000Z'),
  }),
  new ContractError({ ...request, status: 200, issues: [{ path: 'data.0.id', message: 'x' }] }),
  new AuthError({ operation: 'auth.signIn', code: 'SESSION_EXPIRED', status: 401 }),
  new ValidationError({ operation: 'heroes.create', field: 'age', message: 'bad' }),
  new StorageError('store.commit', 'disk full'),
  new PendingChangesError(2),
  new AbortError('sync.syncNow'),
  new ClientClosedError('client.sync'),
  new ConfigurationError({ operation: 'createClient', option: 'baseUrl', message: 'missing' }),
  new ConflictResolverError({
    operation: 'conflicts.resolve',
    collection: 'stories',
    recordId: 'r1',
    reason: 'invalid',
    issues: ['unknown field'],
  }),
];

describe('error records', () => {
  it('rebuild every SDK error as its own class, with its message and fields, through JSON', () => {
    for (const error of samples) {
      const stored = JSON.parse(JSON.stringify(errorRecord(error)));
      const rebuilt = rebuildError(stored, 'from another client');
      expect(rebuilt, error.name).toBeInstanceOf(error.constructor);
      for (const other of samples) {
        if (other.constructor !== error.constructor) {
          expect(rebuilt, `${error.name} vs ${other.name}`).not.toBeInstanceOf(other.constructor);
        }
      }
      expect(rebuilt?.message).toBe(error.message);
      expect({ ...rebuilt }).toEqual({ ...error }); // every field, dates as dates
      expect(rebuilt?.stack).toMatch(new RegExp(`^${error.name}: `));
      expect(rebuilt?.cause).toEqual(new Error('from another client'));
    }
    const limited = rebuildError(
      JSON.parse(JSON.stringify(errorRecord(samples[4]))),
      'elsewhere',
    ) as RateLimitError;
    expect(limited.resetAt).toEqual(new Date('2030-01-01T00:00:00.000Z'));
  });

  it('carries nothing for an error of another kind, and rebuilds nothing from a damaged record', () => {
    expect(errorRecord(new TypeError('boom'))).toBeUndefined();
    expect(errorRecord('boom')).toBeUndefined();
    expect(errorRecord(new SdkError('base'))).toBeUndefined();
    for (const damaged of [
      null,
      'x',
      { class: 'Nope', message: 'm', fields: {} },
      { class: 'HttpError' },
    ]) {
      expect(rebuildError(damaged, 'elsewhere')).toBeUndefined();
    }
  });
});
