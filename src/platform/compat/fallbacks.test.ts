/**
 * The fallbacks the SDK uses where React Native lacks the platform API, each run with the
 * native API removed (and, for comparison, with it present).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { abortReason } from './abort-reason.js';
import { anySignal } from './any-signal.js';
import { fillRandom } from './random-values.js';
import { throwIfAborted } from './throw-if-aborted.js';
import { timeoutSignal } from './timeout-signal.js';

const nativeAny = Object.getOwnPropertyDescriptor(AbortSignal, 'any');
const nativeTimeout = Object.getOwnPropertyDescriptor(AbortSignal, 'timeout');

function removeNative(): void {
  Reflect.deleteProperty(AbortSignal, 'any');
  Reflect.deleteProperty(AbortSignal, 'timeout');
}

afterEach(() => {
  if (nativeAny) Object.defineProperty(AbortSignal, 'any', nativeAny);
  if (nativeTimeout) Object.defineProperty(AbortSignal, 'timeout', nativeTimeout);
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe.each([
  ['native', () => {}],
  ['fallback', removeNative],
])('anySignal (%s)', (_name, setup) => {
  it('aborts with the reason of the first source that aborts', () => {
    setup();
    const a = new AbortController();
    const b = new AbortController();
    const combined = anySignal([a.signal, b.signal]);
    expect(combined.aborted).toBe(false);
    b.abort('b first');
    a.abort('a later');
    expect(combined.aborted).toBe(true);
    expect(combined.reason).toBe('b first');
  });

  it('is aborted at once when a source already is', () => {
    setup();
    const a = new AbortController();
    a.abort('gone');
    const combined = anySignal([new AbortController().signal, a.signal]);
    expect(combined.aborted).toBe(true);
    expect(combined.reason).toBe('gone');
  });
});

describe('anySignal fallback', () => {
  it('unregisters from every source once it aborted (no listener left on a long-lived one)', () => {
    removeNative();
    const lifetime = new AbortController();
    const removed = vi.spyOn(lifetime.signal, 'removeEventListener');
    const request = new AbortController();
    const combined = anySignal([lifetime.signal, request.signal]);
    request.abort('done');
    expect(combined.aborted).toBe(true);
    expect(removed).toHaveBeenCalledTimes(1);
    lifetime.abort('closing');
    expect(combined.reason).toBe('done');
  });
});

describe('timeoutSignal', () => {
  it('fallback: aborts with a TimeoutError after the delay, not before', async () => {
    removeNative();
    vi.useFakeTimers();
    const signal = timeoutSignal(1000);
    await vi.advanceTimersByTimeAsync(999);
    expect(signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(signal.aborted).toBe(true);
    expect((signal.reason as Error).name).toBe('TimeoutError');
  });

  it('uses the native AbortSignal.timeout where there is one', () => {
    const spy = vi.spyOn(AbortSignal, 'timeout');
    timeoutSignal(50);
    expect(spy).toHaveBeenCalledWith(50);
  });
});

describe('throwIfAborted', () => {
  it('throws the reason of an aborted signal and nothing otherwise', () => {
    const controller = new AbortController();
    expect(() => throwIfAborted(controller.signal)).not.toThrow();
    expect(() => throwIfAborted(undefined)).not.toThrow();
    controller.abort(new Error('stop'));
    expect(() => throwIfAborted(controller.signal)).toThrow('stop');
  });

  it('throws an AbortError for an aborted signal without a reason (older polyfills)', () => {
    const signal = { aborted: true, reason: undefined } as unknown as AbortSignal;
    expect(() => throwIfAborted(signal)).toThrow(expect.objectContaining({ name: 'AbortError' }));
  });
});

describe('abortReason', () => {
  it('is an Error with the name where DOMException is missing', () => {
    vi.stubGlobal('DOMException', undefined);
    const reason = abortReason('TimeoutError', 'late');
    expect(reason).toBeInstanceOf(Error);
    expect(reason.name).toBe('TimeoutError');
    expect(reason.message).toBe('late');
  });
});

describe('fillRandom', () => {
  it('fills bytes without a crypto global', () => {
    vi.stubGlobal('crypto', undefined);
    const bytes = fillRandom(new Uint8Array(256));
    expect(new Set(bytes).size).toBeGreaterThan(64);
    expect(bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)).toBe(true);
  });

  it('uses crypto.getRandomValues where there is one', () => {
    const spy = vi.spyOn(globalThis.crypto, 'getRandomValues');
    fillRandom(new Uint8Array(4));
    expect(spy).toHaveBeenCalledTimes(1);
  });
});
