import { describe, expect, it, vi } from 'vitest';
import { systemClock, systemTimers } from './clock.js';

describe('system clock and timers', () => {
  it('follow fake timers installed after import', async () => {
    vi.useFakeTimers({ now: 1_000 });
    try {
      expect(systemClock.now()).toBe(1_000);
      let fired = 0;
      systemTimers.setTimeout(() => fired++, 50);
      const cancelled = systemTimers.setTimeout(() => fired++, 60);
      systemTimers.clearTimeout(cancelled);
      await vi.advanceTimersByTimeAsync(100);
      expect(fired).toBe(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('unref Node timers so a pending check never keeps the process alive', () => {
    const handle = systemTimers.setTimeout(() => {}, 10_000) as NodeJS.Timeout;
    expect(handle.hasRef()).toBe(false);
    systemTimers.clearTimeout(handle);
  });
});
