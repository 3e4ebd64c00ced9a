/**
 * The time of one convergence run, so that a seed and a path replay the same run every time.
 *
 * With real clocks a run depended on how fast the machine was: the server-clock estimate comes
 * from `Date` headers of one-second resolution, so where in its second a run happened to start
 * moved every last-writer-wins decision between a device edit and a server `updatedAt`; retry
 * and backoff timers raced the operations. Here every clock of the run reads one virtual time:
 * the server's (`createFakeBackend({ now })`), each device's wall clock (plus its jumps) and
 * monotonic clock. Time moves only
 *
 * - by 1 ms at each read (work takes time, and no two events share a millisecond),
 * - by {@link OP_STEP_MS} between operations ({@link VirtualTime.advance}),
 * - to the due time of a timer when it fires.
 *
 * Timers run on this time too: a timer fires at the first turn of the event loop (a
 * `setImmediate`) after it was set, earliest due first, one per turn — so a backoff or a
 * re-check waits for the work already started, never for the wall clock. Timers longer than
 * {@link SHORT_TIMER_MS} (periodic sync, keep-alive) fire only once time has reached them.
 * Everything else the SDK and the fake backend do in a run is promises and `setImmediate`, so
 * the order of events, and with it the run, is a function of the operations.
 */

/** The first instant of every run (a fixed sub-second phase, so `Date` headers repeat). */
export const RUN_EPOCH_MS = Date.parse('2026-06-01T08:00:00.000Z');

/** Time between two operations of a run. */
export const OP_STEP_MS = 250;

/** Timers up to this length fire at the next turn; longer ones wait for time to reach them. */
export const SHORT_TIMER_MS = 60_000;

interface Timer {
  readonly due: number;
  readonly seq: number;
  readonly fire: () => void;
}

/** See the module comment. One per run. */
export class VirtualTime {
  #now = RUN_EPOCH_MS;
  #seq = 0;
  readonly #timers = new Set<Timer>();
  #pumping = false;

  /** Reads the time (and moves it on by 1 ms). */
  now(): number {
    return this.#now++;
  }

  /** Moves time on by `ms` (between operations). */
  advance(ms: number): void {
    this.#now += ms;
    this.#pump();
  }

  setTimeout(callback: () => void, ms: number): unknown {
    const timer: Timer = { due: this.#now + Math.max(0, ms), seq: this.#seq++, fire: callback };
    this.#timers.add(timer);
    this.#pump();
    return timer;
  }

  clearTimeout(handle: unknown): void {
    this.#timers.delete(handle as Timer);
  }

  /** Fires the earliest timer that may fire, at the next turn; then looks again. */
  #pump(): void {
    if (this.#pumping || this.#timers.size === 0) return;
    this.#pumping = true;
    setImmediate(() => {
      this.#pumping = false;
      let next: Timer | undefined;
      for (const timer of this.#timers) {
        if (timer.due - this.#now > SHORT_TIMER_MS) continue;
        if (!next || timer.due < next.due || (timer.due === next.due && timer.seq < next.seq)) {
          next = timer;
        }
      }
      if (!next) return;
      this.#timers.delete(next);
      this.#now = Math.max(this.#now, next.due);
      next.fire();
      this.#pump();
    });
  }
}
