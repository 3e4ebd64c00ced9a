import { describe, expect, it } from 'vitest';
import { AbortError, AuthError, StorageError } from '../errors/index.js';
import { abortable, guardStorage } from './async-guards.js';

describe('guardStorage', () => {
  it('passes results through and wraps foreign failures in StorageError', async () => {
    expect(await guardStorage('op', 'msg', async () => 3)).toBe(3);
    const error = await guardStorage('op', 'could not wipe', async () => {
      throw new Error('disk full');
    }).catch((e) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error.message).toBe('op: could not wipe');
    expect(error.cause.message).toBe('disk full');
  });

  it('lets SDK errors through unchanged', async () => {
    const original = new AuthError({ operation: 'op', code: 'X' });
    await expect(
      guardStorage('op', 'msg', async () => {
        throw original;
      }),
    ).rejects.toBe(original);
  });
});

describe('abortable', () => {
  it('resolves and rejects like the promise when not aborted', async () => {
    const controller = new AbortController();
    expect(await abortable(Promise.resolve(1), controller.signal, 'op')).toBe(1);
    await expect(
      abortable(Promise.reject(new Error('x')), controller.signal, 'op'),
    ).rejects.toThrow('x');
    expect(await abortable(Promise.resolve(2), undefined, 'op')).toBe(2);
  });

  it('stops waiting on abort without cancelling the shared promise', async () => {
    const controller = new AbortController();
    let resolveShared!: (value: number) => void;
    const shared = new Promise<number>((resolve) => {
      resolveShared = resolve;
    });
    const waiting = abortable(shared, controller.signal, 'auth.getSession');
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
    resolveShared(5);
    expect(await shared).toBe(5);
  });

  it('rejects at once when already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(abortable(new Promise(() => {}), controller.signal, 'op')).rejects.toMatchObject({
      name: 'AbortError',
      operation: 'op',
    });
  });
});
