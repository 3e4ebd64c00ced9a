/**
 * A 401 while the auth seam still says signed in (the session check has not concluded, or the
 * 401 was transient): the engine tries again later rather than stay paused for good. These are
 * the timers of those later tries.
 */
import type { TimerHandle, Timers } from '../platform/clock.js';

/** Pending re-checks of one engine. */
export class AuthRecheck {
  readonly #handles = new Set<TimerHandle>();

  constructor(private readonly timers: Timers) {}

  /** Calls `check` in `ms`. */
  schedule(ms: number, check: () => void): void {
    const handle = this.timers.setTimeout(() => {
      this.#handles.delete(handle);
      check();
    }, ms);
    this.#handles.add(handle);
  }

  /** Cancels every pending re-check. */
  clear(): void {
    for (const handle of this.#handles) this.timers.clearTimeout(handle);
    this.#handles.clear();
  }
}
