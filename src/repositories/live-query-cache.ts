/**
 * Hands out one {@link Subscribable} per distinct query, so `observe(query)` called on every
 * render returns the same object (and so the same snapshot) for equal queries. An entry stays
 * while it has listeners; the most recent idle entries are kept too, so the object survives
 * between a render and its subscription.
 */
import type { Observable } from '../model/types.js';
import type { Subscribable } from './subscribable.js';

/** Idle (unsubscribed) queries kept for reuse, per repository. */
const IDLE_LIMIT = 32;

interface Entry {
  readonly live: Subscribable<unknown>;
  /** How many subscriptions are active. */
  readonly use: { listeners: number };
}

/** The live queries of one repository, keyed by their normalised query. */
export class LiveQueryCache {
  readonly #entries = new Map<string, Entry>();

  /** The live query for `key`, created with `open` the first time. */
  get<T>(key: string, open: () => Observable<T>): Subscribable<T> {
    const found = this.#entries.get(key);
    if (found) {
      // Refresh its place among the idle entries (Map order is insertion order).
      this.#entries.delete(key);
      this.#entries.set(key, found);
      return found.live as Subscribable<T>;
    }
    const inner = open();
    const use = { listeners: 0 };
    const live: Subscribable<T> = Object.freeze({
      getSnapshot: () => inner.getSnapshot(),
      subscribe: (listener: (snapshot: T) => void) => {
        const unsubscribe = inner.subscribe(() => listener(inner.getSnapshot()));
        use.listeners++;
        let active = true;
        return () => {
          if (!active) return;
          active = false;
          unsubscribe();
          use.listeners--;
          this.#trim();
        };
      },
    });
    this.#entries.set(key, { live: live as Subscribable<unknown>, use });
    this.#trim();
    return live;
  }

  /** Forgets the oldest idle entries beyond {@link IDLE_LIMIT}. */
  #trim(): void {
    let idle = 0;
    for (const entry of this.#entries.values()) if (entry.use.listeners === 0) idle++;
    if (idle <= IDLE_LIMIT) return;
    for (const [key, entry] of this.#entries) {
      if (idle <= IDLE_LIMIT) break;
      if (entry.use.listeners === 0) {
        this.#entries.delete(key);
        idle--;
      }
    }
  }
}
