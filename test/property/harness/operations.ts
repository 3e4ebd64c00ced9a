/**
 * The random operations of the convergence property, as data (so fast-check can print and
 * shrink them), and their arbitraries.
 */
import fc from 'fast-check';
import { type CoreFaultOp, coreFaultArbitraries } from './core-faults.js';

/** HTTP methods a fault can target (`undefined`: any). */
export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** One step of a run. `d` is a device index, `pick` chooses among that device's records. */
export type Op =
  | CoreFaultOp
  | { readonly kind: 'createHero'; readonly d: number; readonly age: number }
  | {
      readonly kind: 'updateHero';
      readonly d: number;
      readonly pick: number;
      readonly rename: boolean;
      readonly age: number | null;
    }
  | { readonly kind: 'deleteHero'; readonly d: number; readonly pick: number }
  | { readonly kind: 'createEvent'; readonly d: number }
  | {
      readonly kind: 'updateEvent';
      readonly d: number;
      readonly pick: number;
      readonly describe: boolean;
      readonly tone: string | null;
      readonly isFavorite: boolean | null;
    }
  | { readonly kind: 'deleteEvent'; readonly d: number; readonly pick: number }
  | {
      readonly kind: 'updateStory';
      readonly d: number;
      readonly pick: number;
      readonly retitle: boolean;
      readonly isFavorite: boolean | null;
    }
  | { readonly kind: 'offline'; readonly d: number }
  | { readonly kind: 'online'; readonly d: number }
  | { readonly kind: 'sync'; readonly d: number }
  /** Every online device syncs at the same time. */
  | { readonly kind: 'syncAll' }
  /** `d` starts a sync and the next operations run while it is in flight. */
  | { readonly kind: 'syncInBackground'; readonly d: number }
  /** The next `count` matching requests answer `status` (5xx); then `d` syncs. */
  | {
      readonly kind: 'serverError';
      readonly d: number;
      readonly count: number;
      readonly status: number;
      readonly method: Method | null;
    }
  /** The next matching write is applied, then its answer is lost; then `d` syncs. */
  | { readonly kind: 'lostAck'; readonly d: number; readonly method: Method }
  /** A sync of `d` while matching requests are slower than the client's timeout. */
  | { readonly kind: 'slowSync'; readonly d: number; readonly method: Method }
  /** `d`'s session is expired on the server `ticks` event-loop turns into a sync of `d`. */
  | { readonly kind: 'expireSession'; readonly d: number; readonly ticks: number }
  /** `d` signs in again if its session is gone. */
  | { readonly kind: 'signIn'; readonly d: number }
  /** `d` crashes (idle, or `ticks` turns into a sync) and starts again on the same storage. */
  | { readonly kind: 'restart'; readonly d: number; readonly ticks: number | null }
  /** `d` renames a hero and crashes `ticks` turns later (the write may or may not be durable). */
  | {
      readonly kind: 'crashDuringWrite';
      readonly d: number;
      readonly pick: number;
      readonly ticks: number;
    };

const TONES = ['calm', 'cheerful', 'silly'] as const;

/** Arbitrary runs of `devices` devices with at most `maxOps` steps. */
export function opsArbitrary(devices: number, maxOps: number): fc.Arbitrary<Op[]> {
  const d = fc.integer({ min: 0, max: devices - 1 });
  const pick = fc.nat(5);
  const age = fc.integer({ min: 3, max: 12 });
  const write: fc.Arbitrary<Method> = fc.constantFrom('POST', 'PATCH', 'DELETE');
  const any: fc.Arbitrary<Method> = fc.constantFrom('GET', 'POST', 'PATCH', 'DELETE');
  const op: fc.Arbitrary<Op> = fc.oneof(
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('createHero' as const), d, age }) },
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant('updateHero' as const),
        d,
        pick,
        rename: fc.boolean(),
        age: fc.option(age, { nil: null }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteHero' as const), d, pick }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('createEvent' as const), d }) },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('updateEvent' as const),
        d,
        pick,
        describe: fc.boolean(),
        tone: fc.option(fc.constantFrom(...TONES), { nil: null }),
        isFavorite: fc.option(fc.boolean(), { nil: null }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('deleteEvent' as const), d, pick }) },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('updateStory' as const),
        d,
        pick,
        retitle: fc.boolean(),
        isFavorite: fc.option(fc.boolean(), { nil: null }),
      }),
    },
    ...coreFaultArbitraries(d),
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('offline' as const), d }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('online' as const), d }) },
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('sync' as const), d }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('syncAll' as const) }) },
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('syncInBackground' as const), d }) },
    {
      weight: 1,
      // Writes only: the API client retries a failed GET itself after 1 s, 2 s, 4 s (its retry
      // policy is not configurable through `createClient`), which would make runs slow.
      arbitrary: fc.record({
        kind: fc.constant('serverError' as const),
        d,
        count: fc.integer({ min: 1, max: 3 }),
        status: fc.constantFrom(500, 502, 503),
        method: write,
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant('lostAck' as const), d, method: write }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('slowSync' as const), d, method: any }) },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('expireSession' as const),
        d,
        ticks: fc.integer({ min: 0, max: 30 }),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('signIn' as const), d }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('restart' as const),
        d,
        ticks: fc.option(fc.integer({ min: 0, max: 40 }), { nil: null }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('crashDuringWrite' as const),
        d,
        pick,
        ticks: fc.integer({ min: 0, max: 6 }),
      }),
    },
  );
  return fc.array(op, { minLength: 1, maxLength: maxOps });
}
