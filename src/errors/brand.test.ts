import { describe, expect, it, vi } from 'vitest';
import { createApiClient } from '../api/api-client.js';
import { guardStorage } from '../auth/async-guards.js';
import {
  AbortError,
  AuthError,
  ConflictResolverError,
  ContractError,
  HttpError,
  isAbortError,
  isAuthError,
  isConflictResolverError,
  isContractError,
  isHttpError,
  isNetworkError,
  isOfflineError,
  isPendingChangesError,
  isRateLimitError,
  isSdkError,
  isStorageError,
  isTimeoutError,
  isValidationError,
  NetworkError,
  OfflineError,
  PendingChangesError,
  RateLimitError,
  SdkError,
  StorageError,
  TimeoutError,
  ValidationError,
} from './index.js';

const request = { operation: 'heroes.list', method: 'GET', url: 'https://x.test/api/v1/heroes' };

/** One instance of every SDK error class, with the guard that must recognise it. */
const samples: ReadonlyArray<readonly [SdkError, (v: unknown) => boolean]> = [
  [new HttpError({ ...request, status: 500 }), isHttpError],
  [new NetworkError(request), isNetworkError],
  [new TimeoutError({ ...request, timeoutMs: 10 }), isTimeoutError],
  [new OfflineError('heroes.generateAvatar'), isOfflineError],
  [new RateLimitError({ ...request, status: 429, resetAt: new Date(0) }), isRateLimitError],
  [new ContractError({ ...request, status: 200, issues: [] }), isContractError],
  [new AuthError({ operation: 'auth.signIn', code: 'X' }), isAuthError],
  [
    new ValidationError({ operation: 'heroes.create', field: 'age', message: 'bad' }),
    isValidationError,
  ],
  [new StorageError('store.commit', 'disk full'), isStorageError],
  [new PendingChangesError(2), isPendingChangesError],
  [new AbortError('sync.syncNow'), isAbortError],
  [
    new ConflictResolverError({
      operation: 'conflicts.resolve',
      collection: 'stories',
      recordId: 'r1',
      reason: 'invalid',
      issues: [],
    }),
    isConflictResolverError,
  ],
];
const guards = samples.map(([, guard]) => guard);

describe('error brands', () => {
  it('each guard accepts its own class and no other SDK class', () => {
    for (const [error, own] of samples) {
      expect(isSdkError(error), error.name).toBe(true);
      for (const guard of guards)
        expect(guard(error), `${guard.name}(${error.name})`).toBe(guard === own);
    }
    expect(isSdkError(new SdkError('base'))).toBe(true);
  });

  it('never accepts a platform error, whatever its name', () => {
    const platform: unknown[] = [
      new DOMException('The operation was aborted.', 'AbortError'),
      new DOMException('The operation timed out.', 'TimeoutError'),
      AbortSignal.abort().reason,
      AbortSignal.timeout(0).reason,
      new TypeError('fetch failed'),
      Object.assign(new Error('named like ours'), { name: 'HttpError' }),
      Object.assign(new Error('named like ours'), { name: 'SdkError' }),
      { name: 'AbortError', message: 'plain object' },
      null,
      undefined,
      'AbortError',
    ];
    for (const value of platform) {
      expect(isSdkError(value)).toBe(false);
      for (const guard of guards) expect(guard(value), guard.name).toBe(false);
    }
  });

  it('recognises errors from a duplicate copy of the package', async () => {
    vi.resetModules();
    // A second evaluation of the module graph: classes distinct from the ones imported above.
    // @ts-expect-error -- the query string only makes the module loader evaluate a fresh copy
    const copy: typeof import('./index.js') = await import('./index.js?copy');
    const foreign = new copy.TimeoutError({ ...request, timeoutMs: 5 });
    expect(copy.TimeoutError).not.toBe(TimeoutError);
    expect(Object.getPrototypeOf(foreign)).not.toBe(TimeoutError.prototype);
    expect(foreign).toBeInstanceOf(TimeoutError);
    expect(foreign).toBeInstanceOf(SdkError);
    expect(foreign).not.toBeInstanceOf(AbortError);
    expect(new TimeoutError({ ...request, timeoutMs: 5 })).toBeInstanceOf(copy.TimeoutError);
    expect(new DOMException('x', 'AbortError')).not.toBeInstanceOf(copy.AbortError);
    expect(isTimeoutError(foreign)).toBe(true);
    expect(isSdkError(foreign)).toBe(true);
    expect(isAbortError(foreign)).toBe(false);
    expect(copy.isTimeoutError(new TimeoutError({ ...request, timeoutMs: 5 }))).toBe(true);
    expect(copy.isAbortError(new DOMException('x', 'AbortError'))).toBe(false);
  });
});

describe('instanceof, the public test', () => {
  const classes = samples.map(
    ([error]) => error.constructor as abstract new (...a: never[]) => SdkError,
  );

  it('each class accepts its own instances and no other SDK class', () => {
    for (const [error] of samples) {
      expect(error).toBeInstanceOf(SdkError);
      expect(error).toBeInstanceOf(Error);
      for (const cls of classes)
        expect(error instanceof cls, `${error.name} instanceof ${cls.name}`).toBe(
          error.constructor === cls,
        );
    }
  });

  it('never accepts a platform error, whatever its name', () => {
    const platform: unknown[] = [
      new DOMException('aborted', 'AbortError'),
      new DOMException('timed out', 'TimeoutError'),
      Object.assign(new Error('named like ours'), { name: 'SdkError' }),
      { name: 'NetworkError' },
      null,
    ];
    for (const value of platform) {
      expect(value instanceof SdkError).toBe(false);
      for (const cls of classes) expect(value instanceof cls, cls.name).toBe(false);
    }
  });

  it("an app's own subclass keeps the prototype-chain test", () => {
    class AppError extends SdkError {}
    class AppHttpError extends HttpError {}
    const own = new AppError('app');
    const http = new HttpError({ ...request, status: 500 });
    expect(own).toBeInstanceOf(AppError);
    expect(own).toBeInstanceOf(SdkError);
    expect(http).not.toBeInstanceOf(AppError);
    expect(http).not.toBeInstanceOf(AppHttpError);
    expect(new AppHttpError({ ...request, status: 502 })).toBeInstanceOf(HttpError);
  });
});

describe('platform errors are wrapped, not passed through as ours', () => {
  it('host storage throwing a DOMException AbortError becomes a StorageError', async () => {
    const platform = new DOMException('aborted by the host', 'AbortError');
    const error = await guardStorage('auth.restore', 'could not read the session', async () => {
      throw platform;
    }).catch((e: unknown) => e);
    expect(isStorageError(error)).toBe(true);
    expect((error as StorageError).cause).toBe(platform);
  });

  it('an auth hook throwing a DOMException TimeoutError becomes AuthError AUTH_HOOK_FAILED', async () => {
    const platform = new DOMException('keychain timed out', 'TimeoutError');
    const api = createApiClient({
      baseUrl: 'https://x.test',
      fetch: () => Promise.reject(new Error('must not be called')),
      auth: {
        getAuthorization: () => {
          throw platform;
        },
        onUnauthorized: async () => 'fail',
      },
    });
    const error = await api.heroes.list().catch((e: unknown) => e);
    expect(isTimeoutError(error)).toBe(false);
    expect(isAuthError(error)).toBe(true);
    expect(error).toMatchObject({ code: 'AUTH_HOOK_FAILED', cause: platform });
  });
});
