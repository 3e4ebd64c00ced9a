/**
 * Holds the {@link AuthState} value, applies actions through the reducer and tells subscribers
 * and typed-event listeners about real changes only. A throwing listener is logged and never
 * stops the others.
 */

import { EventEmitter } from 'eventemitter3';
import { ListenerSet } from '../platform/listener-set.js';
import type { Logger } from '../platform/logging/logger.js';
import type { AuthEvents } from './auth-options.js';
import type { AuthAction, AuthSnapshot, AuthState } from './session-state.js';
import { initialAuthState, reduceAuthState } from './session-state.js';

/** The session state container of one AuthManager. */
export class AuthStateStore {
  readonly #log: Logger;
  readonly #emitter = new EventEmitter<AuthEvents>();
  readonly #listeners: ListenerSet<[AuthSnapshot]>;
  #state: AuthState = initialAuthState;

  constructor(log: Logger) {
    this.#log = log;
    this.#listeners = new ListenerSet({
      onError: (error) => this.#log.error('auth: a subscriber threw', { error }),
    });
  }

  /** The whole current state. */
  get state(): AuthState {
    return this.#state;
  }

  /** The current public snapshot. */
  get snapshot(): AuthSnapshot {
    return this.#state.snapshot;
  }

  /** Applies `action`; notifies only when the snapshot object changed. */
  dispatch(action: AuthAction): void {
    const previous = this.#state;
    const next = reduceAuthState(previous, action);
    if (next === previous) return;
    this.#state = next;
    if (next.snapshot === previous.snapshot) return;
    const snapshot = next.snapshot;
    this.#listeners.emit(snapshot);
    this.#emitter.emit('auth:changed', { snapshot, previous: previous.snapshot });
    if (snapshot.status === 'expired' && previous.snapshot.status !== 'expired') {
      this.#emitter.emit('auth:expired', { userId: snapshot.user?.id ?? null, snapshot });
    }
  }

  /** Adds a snapshot listener; returns the unsubscribe function. */
  subscribe(listener: (snapshot: AuthSnapshot) => void): () => void {
    return this.#listeners.add(listener);
  }

  /** Adds a typed-event listener; returns the unsubscribe function. */
  on<E extends keyof AuthEvents>(event: E, listener: AuthEvents[E]): () => void {
    const call = listener as (payload: Parameters<AuthEvents[E]>[0]) => void;
    const safe = (payload: Parameters<AuthEvents[E]>[0]): void => {
      try {
        call(payload);
      } catch (error) {
        this.#log.error(`auth: an ${event} listener threw`, { error });
      }
    };
    this.#emitter.on(event, safe as never);
    return () => {
      this.#emitter.off(event, safe as never);
    };
  }

  /** Drops every listener. */
  clear(): void {
    this.#emitter.removeAllListeners();
    this.#listeners.clear();
  }
}
