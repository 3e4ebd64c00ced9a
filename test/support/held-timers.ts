/**
 * Timers that fire only when a test says so: passed as an API client's `timers`, they make
 * timeouts and retry waits exact on any machine (no wall-clock time involved).
 */
import { expect, vi } from 'vitest';
import type { Timers } from '../../src/platform/clock.js';

/** One timer set and not yet fired or cleared. */
export interface HeldTimer {
  readonly ms: number;
  fire(): void;
}

/** {@link Timers} whose pending timers the test inspects and fires. */
export interface HeldTimers extends Timers {
  readonly pending: HeldTimer[];
}

/** Timers that fire only when the test calls `fire()` on one of `pending`. */
export function heldTimers(): HeldTimers {
  const pending: HeldTimer[] = [];
  return {
    pending,
    setTimeout(callback, ms) {
      const handle: HeldTimer = {
        ms,
        fire: () => {
          pending.splice(pending.indexOf(handle), 1);
          callback();
        },
      };
      pending.push(handle);
      return handle;
    },
    clearTimeout(handle) {
      const index = pending.indexOf(handle as HeldTimer);
      if (index >= 0) pending.splice(index, 1);
    },
  };
}

/** Waits until exactly one timer is pending, checks its delay, and fires it. */
export async function fireNext(timers: HeldTimers, ms: number): Promise<void> {
  await vi.waitFor(() => expect(timers.pending.map((timer) => timer.ms)).toEqual([ms]));
  timers.pending[0]?.fire();
}
