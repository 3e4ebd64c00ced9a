import { describe, expect, it } from 'vitest';
import type { SyncErrorInfo } from '../model/types.js';
import { initialPhaseState, type PhaseAction, reducePhase } from './sync-phase.js';

const error = (kind: SyncErrorInfo['kind']): SyncErrorInfo => ({
  kind,
  message: kind,
  status: null,
  code: null,
  at: 1,
});

function run(actions: PhaseAction[]) {
  return actions.reduce(reducePhase, initialPhaseState);
}

describe('reducePhase', () => {
  it('walks idle → pulling → pushing → idle and records the success', () => {
    const state = run([
      { type: 'round-started' },
      { type: 'step', step: 'pushing' },
      { type: 'succeeded', at: 42 },
    ]);
    expect(state).toEqual({ phase: 'idle', lastError: null, lastSyncedAt: 42 });
  });

  it('goes to error on a server failure, but stays idle (with the error) when offline', () => {
    expect(
      run([{ type: 'round-started' }, { type: 'failed', error: error('server') }]),
    ).toMatchObject({
      phase: 'error',
      lastError: { kind: 'server' },
    });
    expect(
      run([{ type: 'round-started' }, { type: 'failed', error: error('offline') }]),
    ).toMatchObject({
      phase: 'idle',
      lastError: { kind: 'offline' },
    });
  });

  it('pauses on auth loss and ignores steps until restored or a round succeeds', () => {
    const paused = run([{ type: 'round-started' }, { type: 'auth-lost', error: error('auth') }]);
    expect(paused.phase).toBe('paused');
    expect(reducePhase(paused, { type: 'round-started' })).toBe(paused);
    expect(reducePhase(paused, { type: 'step', step: 'pushing' })).toBe(paused);
    expect(reducePhase(paused, { type: 'aborted' })).toBe(paused);
    expect(reducePhase(paused, { type: 'auth-restored' }).phase).toBe('idle');
    expect(reducePhase(paused, { type: 'succeeded', at: 1 }).phase).toBe('idle');
  });

  it('returns the same object when nothing changes, frozen values otherwise', () => {
    expect(reducePhase(initialPhaseState, { type: 'aborted' })).toBe(initialPhaseState);
    expect(reducePhase(initialPhaseState, { type: 'auth-restored' })).toBe(initialPhaseState);
    const next = reducePhase(initialPhaseState, { type: 'round-started' });
    expect(Object.isFrozen(next)).toBe(true);
    expect(reducePhase(next, { type: 'step', step: 'pulling' })).toBe(next);
  });
});
