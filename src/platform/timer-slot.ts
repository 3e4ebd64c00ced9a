/** A single re-armable one-shot timer on the {@link Timers} seam. */
import type { Timers } from './clock.js';

/** A single re-armable timer slot: arming it again replaces the previous deadline. */
export class TimerSlot {
  #handle: unknown = null;
  #dueAt: number | null = null;

  constructor(
    private readonly timers: Timers,
    private readonly now: () => number,
  ) {}

  /** When the armed timer fires (epoch ms), or `null` when disarmed. */
  get dueAt(): number | null {
    return this.#dueAt;
  }

  /** Arms the slot to call `callback` in `ms` (replacing any armed timer). */
  arm(ms: number, callback: () => void): void {
    this.clear();
    const delay = Math.max(0, ms);
    this.#dueAt = this.now() + delay;
    this.#handle = this.timers.setTimeout(() => {
      this.#handle = null;
      this.#dueAt = null;
      callback();
    }, delay);
  }

  /** Arms the slot only when it is disarmed or would fire later than `ms` from now. */
  armEarlier(ms: number, callback: () => void): void {
    const at = this.now() + Math.max(0, ms);
    if (this.#dueAt !== null && this.#dueAt <= at) return;
    this.arm(ms, callback);
  }

  clear(): void {
    if (this.#handle !== null) this.timers.clearTimeout(this.#handle);
    this.#handle = null;
    this.#dueAt = null;
  }
}
