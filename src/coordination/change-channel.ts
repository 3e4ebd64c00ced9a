/**
 * The seam several clients over one storage use to tell each other which rows they wrote.
 * In browsers a `BroadcastChannel` carries it between tabs of one origin; tests use
 * {@link memoryChangeChannels}.
 */

/** One client's durable write: the storage keys of the rows it wrote. */
export interface ChangeMessage {
  /** The writing client's id (a client ignores its own messages). */
  readonly source: string;
  readonly keys: readonly string[];
  /**
   * Set on the messages that say who is there rather than what was written (their `keys` are
   * empty; see presence.ts). Clients of older builds ignore them.
   */
  readonly presence?: 'hello' | 'here' | 'refresh' | undefined;
}

/** Carries {@link ChangeMessage}s to the other clients (never back to the sender). */
export interface ChangeChannel {
  post(message: ChangeMessage): void;
  subscribe(listener: (message: ChangeMessage) => void): () => void;
  close(): void;
}

/** The part of the `BroadcastChannel` constructor a change channel needs. */
export type BroadcastChannelConstructor = new (
  name: string,
) => Pick<BroadcastChannel, 'postMessage' | 'close' | 'addEventListener' | 'removeEventListener'>;

/**
 * A change channel over `BroadcastChannel` (every tab and worker of one origin that opens
 * `name`). `channelClass` defaults to the global one.
 */
export function broadcastChangeChannel(
  name: string,
  channelClass: BroadcastChannelConstructor = globalThis.BroadcastChannel,
): ChangeChannel {
  const channel = new channelClass(name);
  const listeners = new Map<(message: ChangeMessage) => void, (event: Event) => void>();
  return {
    post: (message) => channel.postMessage(message),
    subscribe(listener) {
      const handler = (event: Event) => listener((event as MessageEvent<ChangeMessage>).data);
      listeners.set(listener, handler);
      channel.addEventListener('message', handler);
      return () => {
        channel.removeEventListener('message', handler);
        listeners.delete(listener);
      };
    },
    close: () => channel.close(),
  };
}

/** Change channels that reach each other in this process (for tests and stand-ins). */
export function memoryChangeChannels(): () => ChangeChannel {
  const all = new Set<Set<(message: ChangeMessage) => void>>();
  return () => {
    const mine = new Set<(message: ChangeMessage) => void>();
    all.add(mine);
    return {
      post(message) {
        for (const other of all) {
          if (other === mine) continue;
          for (const listener of other) queueMicrotask(() => listener(message));
        }
      },
      subscribe(listener) {
        mine.add(listener);
        return () => mine.delete(listener);
      },
      close: () => all.delete(mine),
    };
  };
}
