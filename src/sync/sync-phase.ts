/**
 * The engine's phase, as a reducer over a closed union of actions (pure; the engine dispatches).
 *
 * ```
 *                      round-started
 *   ┌──────┐ ─────────────────────────────► ┌─────────┐  step(push)  ┌─────────┐
 *   │ idle │                                │ pulling │ ───────────► │ pushing │
 *   └──────┘ ◄──── succeeded / aborted ──── └─────────┘              └─────────┘
 *     ▲  ▲ ◄──────────────── succeeded / aborted ─────────────────────────┤
 *     │  │                                      │ failed (server,          │ failed
 *     │  │ failed (offline: stays idle,         ▼  contract, storage…)     │
 *     │  │  `online` goes false)            ┌───────┐ ◄──────────────────┘
 *     │  └───────── round-started ───────── │ error │
 *     │                                     └───────┘
 *     │ auth-restored / succeeded      (any) ── auth-lost (401) ──┐
 *     │                                                          ▼
 *     └───────────────────────────────────────────────────── ┌────────┐
 *                                                            │ paused │ (rounds are not
 *                                                            └────────┘  scheduled)
 * ```
 *
 * `lastError` is set by `failed` and `auth-lost`, cleared by `succeeded`; `lastSyncedAt` is set
 * by `succeeded`.
 */
import type { SyncErrorInfo } from '../model/types.js';
import type { SyncPhase } from './sync-events.js';

/** The phase state. */
export interface PhaseState {
  readonly phase: SyncPhase;
  readonly lastError: SyncErrorInfo | null;
  readonly lastSyncedAt: number | null;
}

/** Everything that moves the phase. */
export type PhaseAction =
  | { readonly type: 'round-started' }
  | { readonly type: 'step'; readonly step: 'pulling' | 'pushing' }
  | { readonly type: 'succeeded'; readonly at: number }
  | { readonly type: 'failed'; readonly error: SyncErrorInfo }
  | { readonly type: 'aborted' }
  | { readonly type: 'auth-lost'; readonly error: SyncErrorInfo }
  | { readonly type: 'auth-restored' };

/** The state of a new engine. */
export const initialPhaseState: PhaseState = Object.freeze({
  phase: 'idle',
  lastError: null,
  lastSyncedAt: null,
});

function next(state: PhaseState, patch: Partial<PhaseState>): PhaseState {
  const merged = { ...state, ...patch };
  return merged.phase === state.phase &&
    merged.lastError === state.lastError &&
    merged.lastSyncedAt === state.lastSyncedAt
    ? state
    : Object.freeze(merged);
}

/** The phase after `action` (the same object when nothing changed). */
export function reducePhase(state: PhaseState, action: PhaseAction): PhaseState {
  switch (action.type) {
    case 'round-started':
      return state.phase === 'paused' ? state : next(state, { phase: 'pulling' });
    case 'step':
      return state.phase === 'paused' ? state : next(state, { phase: action.step });
    case 'succeeded':
      return next(state, { phase: 'idle', lastError: null, lastSyncedAt: action.at });
    case 'failed':
      if (state.phase === 'paused') return next(state, { lastError: action.error });
      return next(state, {
        phase: action.error.kind === 'offline' ? 'idle' : 'error',
        lastError: action.error,
      });
    case 'aborted':
      return state.phase === 'pulling' || state.phase === 'pushing'
        ? next(state, { phase: 'idle' })
        : state;
    case 'auth-lost':
      return next(state, { phase: 'paused', lastError: action.error });
    case 'auth-restored':
      return state.phase === 'paused' ? next(state, { phase: 'idle' }) : state;
    default:
      return state;
  }
}

/**
 * The whole engine state: the phase, plus what decides when rounds run. `paused` (a 401 or a
 * signed-out user) is the phase itself; rounds are not scheduled while it lasts.
 *
 * - `started`: `start()` was called and not `stop()`;
 * - `foreground`: the app is visible (the foreground poll applies);
 * - `dirty`: the outbox changed during a round (a follow-up round is due);
 * - `retryOffline`: connectivity came back, so the next round retries offline failures at once;
 * - `failures`: rounds failed in a row (the retry backoff's exponent; `failed` and a round's
 *   `auth-lost` count one, `succeeded` resets it).
 */
export interface EngineState {
  readonly phase: PhaseState;
  readonly started: boolean;
  readonly foreground: boolean;
  readonly dirty: boolean;
  readonly retryOffline: boolean;
  readonly failures: number;
}

/** Everything that moves the engine state: the phase actions and the engine's own. */
export type EngineAction =
  | Exclude<PhaseAction, { readonly type: 'round-started' | 'auth-lost' | 'succeeded' }>
  | { readonly type: 'round-started' }
  | { readonly type: 'succeeded'; readonly at: number }
  /** `countsAsFailure`: a round ended on the 401 (not a sign-out seen between rounds). */
  | {
      readonly type: 'auth-lost';
      readonly error: SyncErrorInfo;
      readonly countsAsFailure?: boolean;
    }
  | { readonly type: 'started' }
  | { readonly type: 'stopped' }
  | { readonly type: 'foreground'; readonly foreground: boolean }
  | { readonly type: 'dirtied' }
  | { readonly type: 'reachable' };

/** The state of a new engine. */
export const initialEngineState: EngineState = Object.freeze({
  phase: initialPhaseState,
  started: false,
  foreground: true,
  dirty: false,
  retryOffline: false,
  failures: 0,
});

function engineNext(state: EngineState, patch: Partial<EngineState>): EngineState {
  for (const key of Object.keys(patch) as Array<keyof EngineState>) {
    if (patch[key] !== state[key]) return Object.freeze({ ...state, ...patch });
  }
  return state;
}

/** The engine state after `action` (the same object when nothing changed). */
export function reduceEngine(state: EngineState, action: EngineAction): EngineState {
  switch (action.type) {
    case 'started':
      return engineNext(state, { started: true });
    case 'stopped':
      return engineNext(state, { started: false });
    case 'foreground':
      return engineNext(state, { foreground: action.foreground });
    case 'dirtied':
      return engineNext(state, { dirty: true });
    case 'reachable':
      return engineNext(state, { retryOffline: true });
    case 'failed':
      return engineNext(state, {
        phase: reducePhase(state.phase, action),
        failures: state.failures + 1,
      });
    case 'round-started':
      return engineNext(state, {
        phase: reducePhase(state.phase, action),
        dirty: false,
        retryOffline: false,
      });
    case 'succeeded':
      return engineNext(state, { phase: reducePhase(state.phase, action), failures: 0 });
    case 'auth-lost':
      return engineNext(state, {
        phase: reducePhase(state.phase, { type: 'auth-lost', error: action.error }),
        failures: action.countsAsFailure ? state.failures + 1 : state.failures,
      });
    default:
      return engineNext(state, { phase: reducePhase(state.phase, action) });
  }
}
