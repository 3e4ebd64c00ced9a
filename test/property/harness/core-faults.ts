/**
 * Fault kinds of the convergence property for the sync core (issue 9): the device clock jumps
 * (forward or back, by an hour or a day), and storage fails right when the answer to a write
 * is being saved (the acknowledgement).
 */
import fc from 'fast-check';
import type { Clock } from '../../../src/platform/clock.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;

/** The core's fault operations. */
export type CoreFaultOp =
  /** `d`'s device clock moves by `ms` (negative: back). */
  | { readonly kind: 'clockJump'; readonly d: number; readonly ms: number }
  /** Storage fails when `d` saves the answer to its next write; then `d` syncs. */
  | { readonly kind: 'ackStorageFailure'; readonly d: number };

/** Arbitraries of {@link CoreFaultOp}, weighted like the other fault kinds. */
export function coreFaultArbitraries(
  d: fc.Arbitrary<number>,
): Array<fc.WeightedArbitrary<CoreFaultOp>> {
  return [
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('clockJump' as const),
        d,
        ms: fc.constantFrom(-DAY, -HOUR, HOUR, DAY),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('ackStorageFailure' as const), d }) },
  ];
}

/** A device clock that follows the run's time plus a jump a run can change. */
export interface JumpClock extends Clock {
  jump(ms: number): void;
}

/** See {@link JumpClock}; `base` is the time it follows (the run's virtual time). */
export function jumpClock(base: () => number = Date.now): JumpClock {
  let offset = 0;
  return {
    now: () => base() + offset,
    jump(ms) {
      offset += ms;
    },
  };
}

/**
 * A fetch wrapper that runs a hook once, right after the answer to the next write (not GET)
 * arrived — that is, just before the client saves it.
 */
export class AfterWriteHook {
  #hook: (() => void) | null = null;

  arm(hook: () => void): void {
    this.#hook = hook;
  }

  disarm(): void {
    this.#hook = null;
  }

  wrap(fetch: typeof globalThis.fetch): typeof globalThis.fetch {
    return async (input, init) => {
      const method = (
        init?.method ?? (input instanceof Request ? input.method : 'GET')
      ).toUpperCase();
      const response = await fetch(input, init);
      const hook = this.#hook;
      if (hook && method !== 'GET' && response.ok) {
        this.#hook = null;
        hook();
      }
      return response;
    };
  }
}
