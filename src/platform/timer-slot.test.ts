import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAbortError } from '../errors/index.js';
import { sleep as delay } from './abort.js';
import { systemTimers as systemSyncTimers } from './clock.js';
import { TimerSlot } from './timer-slot.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('TimerSlot', () => {
  it('re-arming replaces the deadline; armEarlier only moves it earlier', () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    const slot = new TimerSlot(systemSyncTimers, () => Date.now());
    slot.arm(100, () => calls.push('a'));
    slot.arm(200, () => calls.push('b'));
    slot.armEarlier(300, () => calls.push('later'));
    expect(slot.dueAt).toBe(Date.now() + 200);
    slot.armEarlier(50, () => calls.push('earlier'));
    vi.advanceTimersByTime(1000);
    expect(calls).toEqual(['earlier']);
    expect(slot.dueAt).toBeNull();
    slot.arm(10, () => calls.push('cleared'));
    slot.clear();
    vi.advanceTimersByTime(100);
    expect(calls).toEqual(['earlier']);
  });
});

describe('delay', () => {
  it('resolves after the time, and rejects with AbortError when aborted', async () => {
    vi.useFakeTimers();
    const done = delay(systemSyncTimers, 100, 'test');
    await vi.advanceTimersByTimeAsync(100);
    await expect(done).resolves.toBeUndefined();
    const controller = new AbortController();
    const waiting = delay(systemSyncTimers, 100, 'test', controller.signal);
    controller.abort();
    expect(isAbortError(await waiting.catch((e: unknown) => e))).toBe(true);
    expect(
      isAbortError(
        await delay(systemSyncTimers, 1, 't', controller.signal).catch((e: unknown) => e),
      ),
    ).toBe(true);
  });
});
