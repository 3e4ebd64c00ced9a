import { afterEach, describe, expect, it, vi } from 'vitest';
import { isAbortError } from '../errors/index.js';
import { raceAbort, sleep } from './abort.js';
import { foregroundTimers } from './clock.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('raceAbort', () => {
  it('passes the value through, and rejects with AbortError when the signal aborts first', async () => {
    await expect(raceAbort(Promise.resolve(1), undefined, 'op')).resolves.toBe(1);
    const controller = new AbortController();
    let finish: (value: number) => void = () => {};
    const shared = new Promise<number>((resolve) => {
      finish = resolve;
    });
    const waiting = raceAbort(shared, controller.signal, 'op');
    controller.abort('stop');
    const error = await waiting.catch((e: unknown) => e);
    expect(isAbortError(error)).toBe(true);
    expect((error as Error).cause).toBe('stop');
    finish(2);
    await expect(shared).resolves.toBe(2);
    expect(isAbortError(await raceAbort(shared, controller.signal, 'op').catch((e) => e))).toBe(
      true,
    );
  });
});

describe('sleep on foreground timers', () => {
  it('keeps the process alive while it waits (the timer is ref-ed)', async () => {
    vi.useFakeTimers();
    const handle = foregroundTimers.setTimeout(() => {}, 10);
    expect(typeof handle).not.toBe('undefined');
    foregroundTimers.clearTimeout(handle);
    const done = sleep(foregroundTimers, 50, 'wait');
    await vi.advanceTimersByTimeAsync(50);
    await expect(done).resolves.toBeUndefined();
  });

  it('is ref-ed on Node', () => {
    const handle = foregroundTimers.setTimeout(() => {}, 10_000) as NodeJS.Timeout;
    expect(handle.hasRef()).toBe(true);
    foregroundTimers.clearTimeout(handle);
  });
});
