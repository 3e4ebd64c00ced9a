import { describe, expect, it } from 'vitest';
import type { AuthUser } from '../schemas/auth.js';
import type { SessionInfo } from './session-state.js';
import { initialAuthState, reduceAuthState } from './session-state.js';

const user: AuthUser = {
  id: 'LMmv2LmcMzCxXJkAfpwnJ6xXqnWhbV3n',
  email: 'alice@example.test',
  emailVerified: false,
  name: 'Alice',
  image: null,
  createdAt: '2026-11-26T21:09:18.632Z',
  updatedAt: '2026-11-26T21:09:18.632Z',
  totalStoriesGenerated: 0,
  totalAudioGenerated: 0,
  totalIllustrationsGenerated: 0,
  lastStoryGeneratedAt: null,
};
const session: SessionInfo = {
  id: 'SSL3In7vnvK7PvwySABX1Zqygtn9RZSK',
  userId: user.id,
  expiresAt: '2026-12-26T21:09:30.087Z',
  createdAt: '2026-11-26T21:09:30.087Z',
  updatedAt: '2026-11-26T21:09:30.087Z',
};

describe('reduceAuthState', () => {
  it('starts signed out', () => {
    expect(initialAuthState.snapshot).toEqual({
      status: 'signed-out',
      user: null,
      expiresAt: null,
    });
  });

  it('signs in with the user and the session expiry', () => {
    const state = reduceAuthState(initialAuthState, { type: 'signed-in', user, session });
    expect(state.snapshot).toEqual({ status: 'signed-in', user, expiresAt: session.expiresAt });
    expect(Object.isFrozen(state.snapshot)).toBe(true);
    expect(Object.isFrozen(state.snapshot.user)).toBe(true);
  });

  it('returns the same objects when nothing changed', () => {
    const a = reduceAuthState(initialAuthState, { type: 'signed-in', user, session });
    const b = reduceAuthState(a, {
      type: 'session-refreshed',
      user: { ...user },
      session: { ...session },
    });
    expect(b).toBe(a);
    expect(reduceAuthState(initialAuthState, { type: 'signed-out' })).toBe(initialAuthState);
    expect(reduceAuthState(initialAuthState, { type: 'expired' })).toBe(initialAuthState);
  });

  it('keeps the snapshot object when only hidden session metadata changed', () => {
    const a = reduceAuthState(initialAuthState, { type: 'signed-in', user, session });
    const b = reduceAuthState(a, {
      type: 'session-refreshed',
      user,
      session: { ...session, updatedAt: '2026-11-27T00:00:00.000Z' },
    });
    expect(b).not.toBe(a);
    expect(b.snapshot).toBe(a.snapshot);
    expect(b.session?.updatedAt).toBe('2026-11-27T00:00:00.000Z');
  });

  it('slides the expiry on refresh', () => {
    const a = reduceAuthState(initialAuthState, { type: 'signed-in', user, session });
    const slid = { ...session, expiresAt: '2026-12-27T21:09:30.087Z' };
    const b = reduceAuthState(a, { type: 'session-refreshed', user, session: slid });
    expect(b.snapshot.expiresAt).toBe('2026-12-27T21:09:30.087Z');
    expect(b.snapshot).not.toBe(a.snapshot);
  });

  it('expires but keeps the user and expiry (the namespace stays)', () => {
    const a = reduceAuthState(initialAuthState, { type: 'signed-in', user, session });
    const b = reduceAuthState(a, { type: 'expired' });
    expect(b.snapshot).toEqual({ status: 'expired', user, expiresAt: session.expiresAt });
    expect(reduceAuthState(b, { type: 'expired' })).toBe(b);
  });

  it('ignores a refresh that arrives after expiry, sign-out or for another user', () => {
    const a = reduceAuthState(initialAuthState, { type: 'signed-in', user, session });
    const expired = reduceAuthState(a, { type: 'expired' });
    expect(reduceAuthState(expired, { type: 'session-refreshed', user, session })).toBe(expired);
    expect(reduceAuthState(initialAuthState, { type: 'session-refreshed', user, session })).toBe(
      initialAuthState,
    );
    const other = { ...user, id: 'if4DpfYPX01VFrwm2uRObjH20Fu9PyUy' };
    expect(reduceAuthState(a, { type: 'session-refreshed', user: other, session })).toBe(a);
  });

  it('signs in again from expired, and out from anywhere', () => {
    const a = reduceAuthState(initialAuthState, { type: 'signed-in', user, session });
    const expired = reduceAuthState(a, { type: 'expired' });
    const again = reduceAuthState(expired, { type: 'signed-in', user, session });
    expect(again.snapshot.status).toBe('signed-in');
    expect(reduceAuthState(expired, { type: 'signed-out' })).toBe(initialAuthState);
    expect(reduceAuthState(again, { type: 'signed-out' })).toBe(initialAuthState);
  });

  it('does not let callers mutate the state through the user they passed in', () => {
    const mine = { ...user };
    const state = reduceAuthState(initialAuthState, { type: 'signed-in', user: mine, session });
    mine.name = 'Mallory';
    expect(state.snapshot.user?.name).toBe('Alice');
  });

  it('restores straight into signed-in or expired', () => {
    const a = reduceAuthState(initialAuthState, {
      type: 'restored',
      status: 'expired',
      user,
      session,
    });
    expect(a.snapshot).toEqual({ status: 'expired', user, expiresAt: session.expiresAt });
    const b = reduceAuthState(initialAuthState, {
      type: 'restored',
      status: 'signed-in',
      user,
      session,
    });
    expect(b.snapshot.status).toBe('signed-in');
  });
});
