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
