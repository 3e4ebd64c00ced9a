/**
 * The seam several clients over one storage use to tell each other which rows they wrote, who
 * is there, and when a sync is asked for or answered. In browsers a `BroadcastChannel` carries
 * it between tabs of one origin; tests use {@link memoryChangeChannels}.
 */

/**
 * One message between clients over one storage. It is one of:
 * - a durable write: `keys` are the storage keys of the rows the client wrote;
 * - presence (`presence` set, `keys` empty): `hello`, `here` or `refresh` (see presence.ts and
 *   decision 0042);
 * - a sync request or its answer: `keys` holds the storage's sync-request record
 *   (see sync-requests.ts).
 *
 * A custom {@link ChangeChannel} must deliver the whole message as it was posted (it is
 * structured-cloneable), fields it does not know included: one that forwards only
 * `{ source, keys }` turns a `refresh` into an empty write announcement, and writes made by a
 * client alone are then missed by the others until they reload.
 */
export interface ChangeMessage {
  /** The sending client's id (a client ignores its own messages). */
  readonly source: string;
  /** The storage keys the message is about (empty for presence messages). */
  readonly keys: readonly string[];
  /**
   * Set on the messages that say who is there rather than what was written (their `keys` are
   * empty; see presence.ts). Clients of older builds ignore them.
   */
  readonly presence?: 'hello' | 'here' | 'refresh' | undefined;
}

/**
 * Carries {@link ChangeMessage}s to the other clients (never back to the sender): durable
 * writes, presence and sync requests. An implementation must deliver each message whole,
 * including fields it does not know (see {@link ChangeMessage}).
 */
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
