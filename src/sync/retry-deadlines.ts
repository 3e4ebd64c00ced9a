/**
 * Retry and 429 deadlines on a monotonic clock. A wall-clock deadline breaks when the device
 * clock is changed (set back a day, a change that was waiting 30 s then waits a day); the
 * monotonic clock never jumps. Deadlines set in this process are kept here; the outbox persists
 * each wait as "retry after N ms" (`retryAfterMs`), which after a restart counts from the load
 * of the store — never from a wall time.
 */
import type { OutboxEntry } from '../model/types.js';
import type { MonotonicClock } from '../platform/clock.js';

/** The deadlines of one engine. */
export class RetryDeadlines {
  readonly #clock: MonotonicClock;
  /** When this engine started (the store was loaded just before). */
  readonly #origin: number;
  /** Deadlines set in this process, with the `nextAttemptAt` they were stored with. */
  readonly #set = new Map<string, { readonly stamp: number; readonly due: number }>();

  constructor(clock: MonotonicClock) {
    this.#clock = clock;
    this.#origin = clock.now();
  }

  /** Monotonic now (ms). */
  now(): number {
    return this.#clock.now();
  }

  /** Records a wait of `waitMs` from now for the entry stored with `nextAttemptAt`. */
  schedule(mutationId: string, nextAttemptAt: number, waitMs: number): void {
    this.#set.set(mutationId, { stamp: nextAttemptAt, due: this.now() + Math.max(0, waitMs) });
  }

  /** A monotonic deadline `waitMs` from now (a 429 pause). */
  after(waitMs: number): number {
    return this.now() + Math.max(0, waitMs);
  }

  /** When `entry` may be sent (monotonic), or `null` when it does not wait. */
  dueOf(entry: OutboxEntry): number | null {
    if (entry.nextAttemptAt === null) return null;
    const known = this.#set.get(entry.mutationId);
    if (known && known.stamp === entry.nextAttemptAt) return known.due;
    // Set by an earlier run of the app: what was left to wait, counted from the load.
    return this.#origin + Math.max(0, entry.retryAfterMs ?? 0);
  }
}
