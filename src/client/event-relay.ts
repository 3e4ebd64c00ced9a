/**
 * Forwards typed events from a source that changes over time (the current user's sync engine)
 * to listeners that stay put (`client.on`). A source is listened to only for the event names
 * that have listeners, so sources that emit an event only while someone listens
 * (`record:changed`) stay quiet otherwise.
 */
import { EventEmitter } from 'eventemitter3';

/** Something with `on(name, listener) → unsubscribe`, like the sync engine or the AuthManager. */
export interface TypedEventSource<Events extends object> {
  on<E extends keyof Events & string>(event: E, listener: Events[E]): () => void;
}

type AnyListener = (...args: never[]) => void;

/** Relays events of the current source to stable listeners. */
export class EventRelay<Events extends { [E in keyof Events]: AnyListener }> {
  readonly #emitter = new EventEmitter();
  readonly #attached = new Map<string, () => void>();
  #source: TypedEventSource<Events> | null = null;

  /** Adds a listener; returns the function that removes it. */
  on<E extends keyof Events & string>(event: E, listener: Events[E]): () => void {
    const fn = listener as unknown as (...args: unknown[]) => void;
    this.#emitter.on(event, fn);
    this.#attach(event);
    let removed = false;
    return () => {
      if (removed) return;
      removed = true;
      this.#emitter.off(event, fn);
      if (this.#emitter.listenerCount(event) === 0) this.#detach(event);
    };
  }

  /** Switches to a new source (or none); listeners carry over. */
  setSource(source: TypedEventSource<Events> | null): void {
    for (const event of [...this.#attached.keys()]) this.#detach(event);
    this.#source = source;
    for (const event of this.#emitter.eventNames()) this.#attach(String(event));
  }

  /** Removes every listener and detaches from the source. */
  clear(): void {
    this.setSource(null);
    this.#emitter.removeAllListeners();
  }

  #attach(event: string): void {
    if (!this.#source || this.#attached.has(event)) return;
    const forward = (...args: unknown[]): void => {
      this.#emitter.emit(event, ...args);
    };
    const off = this.#source.on(
      event as keyof Events & string,
      forward as unknown as Events[keyof Events & string],
    );
    this.#attached.set(event, off);
  }

  #detach(event: string): void {
    const off = this.#attached.get(event);
    if (!off) return;
    this.#attached.delete(event);
    off();
  }
}
