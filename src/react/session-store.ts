/**
 * An external store (for `useSyncExternalStore`) over a value of the signed-in user's session:
 * it re-resolves its source whenever the session may have changed, so a component never shows
 * the previous user's data after a sign-out or a user switch.
 *
 * ```
 * getSnapshot ── source(client) ── null (signed out) ──▶ fallback
 *                    │
 *                    └── same source as last time? reuse its Observable : open a new one
 * subscribe ──── client.auth + client.sync (session changes) + the current Observable
 * ```
 *
 * React-free, so it is tested and reused without a renderer.
 */

import type { InfiniteStoriesClient } from '../client/create-client.js';
import type { Observable } from '../model/types.js';

/** What a {@link SessionStore} reads: a per-session source and how to observe it. */
export interface SessionStoreDefinition<S extends object, T> {
  /** The source of the current session (a repository), or `null` when there is none. */
  readonly source: (client: InfiniteStoriesClient) => S | null;
  /** Opens the live value over a source (called once per source). */
  readonly observe: (source: S) => Observable<T>;
  /** The value while no session is open, and on the server. */
  readonly fallback: T;
}

/** `subscribe` + `getSnapshot`, both already bound. */
export interface SessionStore<T> {
  readonly subscribe: (listener: () => void) => () => void;
  readonly getSnapshot: () => T;
}

/** Builds a {@link SessionStore} for one client and one definition. */
export function createSessionStore<S extends object, T>(
  client: InfiniteStoriesClient,
  definition: SessionStoreDefinition<S, T>,
): SessionStore<T> {
  let source: S | null = null;
  let observable: Observable<T> | null = null;

  const current = (): Observable<T> | null => {
    const next = definition.source(client);
    if (next !== source) {
      source = next;
      observable = next === null ? null : definition.observe(next);
    }
    return observable;
  };

  const getSnapshot = (): T => {
    const live = current();
    return live === null ? definition.fallback : live.getSnapshot();
  };

  const subscribe = (listener: () => void): (() => void) => {
    let attached: Observable<T> | null = null;
    let detach: (() => void) | null = null;
    const follow = (): void => {
      const live = current();
      if (live === attached) return;
      detach?.();
      attached = live;
      detach = live === null ? null : live.subscribe(() => listener());
    };
    const onSessionChange = (): void => {
      follow();
      listener();
    };
    follow();
    const offAuth = client.auth.subscribe(() => onSessionChange());
    const offSync = client.sync.subscribe(() => onSessionChange());
    return () => {
      offAuth();
      offSync();
      detach?.();
      detach = null;
      attached = null;
    };
  };

  return { subscribe, getSnapshot };
}
