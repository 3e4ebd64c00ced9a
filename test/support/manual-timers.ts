/**
 * `Timers` that fire only when a test moves them: no wall clock, and a test can see what is
 * waiting on them.
 */
import type { Timers } from '../../src/platform/clock.js';

/** Manual timers and the controls a test drives them with. */
export interface ManualTimers {
  readonly timers: Timers;
  /** How many timers are waiting. */
  pending(): number;
  /** Moves time by `ms` and fires what came due, in order. */
  advance(ms: number): void;
}

/** See the module comment. */
export function manualTimers(): ManualTimers {
  let now = 0;
  const queue: Array<{ readonly at: number; readonly callback: () => void }> = [];
  return {
    timers: {
      setTimeout(callback, ms) {
        const handle = { at: now + ms, callback };
        queue.push(handle);
        return handle;
      },
      clearTimeout(handle) {
        const index = queue.indexOf(handle as (typeof queue)[number]);
        if (index >= 0) queue.splice(index, 1);
      },
    },
    pending: () => queue.length,
    advance(ms) {
      now += ms;
      const due = queue.filter((handle) => handle.at <= now).sort((a, b) => a.at - b.at);
      for (const handle of due) queue.splice(queue.indexOf(handle), 1);
      for (const handle of due) handle.callback();
    },
  };
}
