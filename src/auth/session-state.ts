/**
 * Session state as a value, changed only through {@link reduceAuthState}.
 *
 * ```
 *          signed-in / restored (sign-in, sign-up, app start, verified token)
 *   ┌────────────┐ ───────────────────────────────▶ ┌───────────┐ ◀─┐ session-refreshed
 *   │ signed-out │                                  │ signed-in │ ──┘ (slide, check alive)
 *   └────────────┘ ◀────────── signed-out ───────── └───────────┘
 *         ▲                                           │      ▲
 *         │                           expired         │      │ signed-in (sign in again,
 *         │             (get-session null, expiresAt  ▼      │  or a check finds it alive)
 *         │                    passed while offline) ┌─────────┐
 *         └──────────────── signed-out ───────────── │ expired │
 *                                                    └─────────┘
 * ```
 *
 * `expired` keeps the user: the per-user namespace (cache and outbox) stays in place so the
 * same user signing back in continues where they were. Only `signed-out` forgets the user.
 */
import type { AuthSession, AuthUser } from '../schemas/auth.js';

/** Where the session stands. */
export type AuthStatus = 'signed-out' | 'signed-in' | 'expired';

/** The immutable, app-facing session state (`auth.getSnapshot()`). */
export interface AuthSnapshot {
  readonly status: AuthStatus;
  /** The signed-in (or expired) user; `null` when signed out. */
  readonly user: Readonly<AuthUser> | null;
  /** When the session expires (ISO timestamp), if known; `null` when signed out. */
  readonly expiresAt: string | null;
}

/** What the manager knows about the server session (never the token). */
export interface SessionInfo {
  readonly id: string;
  readonly userId: string;
  readonly expiresAt: string;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** The whole state: the public snapshot plus the session metadata behind it. */
export interface AuthState {
  readonly snapshot: AuthSnapshot;
  readonly session: SessionInfo | null;
}

/** Everything that can happen to the session. */
export type AuthAction =
  | { readonly type: 'signed-in'; readonly user: AuthUser; readonly session: SessionInfo }
  | { readonly type: 'session-refreshed'; readonly user: AuthUser; readonly session: SessionInfo }
  | { readonly type: 'expired' }
  | { readonly type: 'signed-out' }
  | {
      readonly type: 'restored';
      readonly status: 'signed-in' | 'expired';
      readonly user: AuthUser;
      readonly session: SessionInfo;
    };

const SIGNED_OUT: AuthSnapshot = Object.freeze({
  status: 'signed-out',
  user: null,
  expiresAt: null,
});

/** The state of a manager that has no session. */
export const initialAuthState: AuthState = Object.freeze({ snapshot: SIGNED_OUT, session: null });

function sameUser(a: AuthUser | null, b: AuthUser | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

function sameSession(a: SessionInfo | null, b: SessionInfo | null): boolean {
  if (a === b) return true;
  if (a === null || b === null) return false;
  return (
    a.id === b.id &&
    a.userId === b.userId &&
    a.expiresAt === b.expiresAt &&
    a.createdAt === b.createdAt &&
    a.updatedAt === b.updatedAt
  );
}

function build(
  state: AuthState,
  status: AuthStatus,
  user: AuthUser | null,
  session: SessionInfo | null,
): AuthState {
  const expiresAt =
    session?.expiresAt ?? (status === 'signed-out' ? null : state.snapshot.expiresAt);
  const previous = state.snapshot;
  const snapshotUnchanged =
    previous.status === status && previous.expiresAt === expiresAt && sameUser(previous.user, user);
  if (snapshotUnchanged && sameSession(state.session, session)) return state;
  const snapshot: AuthSnapshot = snapshotUnchanged
    ? previous
    : Object.freeze({
        status,
        user: user === null ? null : Object.freeze({ ...user }),
        expiresAt,
      });
  return Object.freeze({
    snapshot,
    session: session === null ? null : Object.freeze({ ...session }),
  });
}

/**
 * The next state. Returns the very same object when nothing changed, so identity comparison
 * tells listeners whether to re-render.
 */
export function reduceAuthState(state: AuthState, action: AuthAction): AuthState {
  switch (action.type) {
    case 'signed-in':
      return build(state, 'signed-in', action.user, action.session);
    case 'session-refreshed':
      // A late answer about a session that is no longer the current one changes nothing.
      if (state.snapshot.status !== 'signed-in' || state.snapshot.user?.id !== action.user.id) {
        return state;
      }
      return build(state, 'signed-in', action.user, action.session);
    case 'expired':
      if (state.snapshot.status !== 'signed-in') return state;
      return build(state, 'expired', state.snapshot.user, state.session);
    case 'signed-out':
      return state.snapshot.status === 'signed-out' ? state : initialAuthState;
    case 'restored':
      return build(state, action.status, action.user, action.session);
  }
}

/** The session fields the state keeps, from a server session. */
export function toSessionInfo(session: AuthSession): SessionInfo {
  const { id, userId, expiresAt, createdAt, updatedAt } = session;
  return { id, userId, expiresAt, createdAt, updatedAt };
}
