/**
 * The fake backend's clock. Every app timestamp, the `Date` header, rate-limit windows and media
 * expiry read it, so tests can move time without touching the process clock.
 */
export interface FakeClock {
  /** The backend's current time. */
  now(): Date;
  /** Moves the clock forward (or back, with a negative value) by `ms`. */
  advance(ms: number): void;
  /** Jumps the clock to `date`; time keeps flowing from there like the base clock does. */
  set(date: Date): void;
}

/**
 * Creates a clock that follows `base` (default: the real time) plus an adjustable offset.
 * Pass a frozen `base` (`() => new Date(fixed)`) for a clock that only moves when told to.
 */
export function createFakeClock(base: () => Date = () => new Date()): FakeClock {
  let offsetMs = 0;
  return {
    now: () => new Date(base().getTime() + offsetMs),
    advance(ms) {
      offsetMs += ms;
    },
    set(date) {
      offsetMs = date.getTime() - base().getTime();
    },
  };
}
