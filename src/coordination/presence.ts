/**
 * Which durable writes a client announces on its change channel. A write nobody can hear need
 * not be posted (with a post per write, a writer alone took 1.13–1.19× as long for its creates
 * in Chromium, 0039), so a client that is **alone** marks its writes unannounced instead of
 * posting them. Alone means: it holds the push lock, it has not closed, and it has never heard
 * another client since it opened. Every other client posts every write.
 *
 * - A client posts `hello` when it opens (after it subscribed) and answers every `hello` it
 *   hears with `here`; any message from another client (a `hello`, a `here`, a write) ends
 *   its being alone for good.
 * - A client that learns of another while it has unannounced writes posts `refresh` instead
 *   (it is a `here` too) and clears the mark. Its unannounced writes committed before (the
 *   decision is made as each write is told durable), so the `refresh` the others receive
 *   comes after them: they re-read every row.
 * - A client that closes with unannounced writes posts `refresh` (a client that opened while
 *   it wrote may not have been answered yet).
 * - A client that takes the push lock over posts `refresh` after its own re-read: the holder
 *   before it may have died (a closed tab) between another client's `hello` and its answer.
 *
 * The messages are change messages with no keys (a client of an older build reads no rows
 * for them, and it never sends `hello`: its writes, posted, end the new client's being alone).
 */
import type { SharedRows } from '../store/shared-rows.js';
import type { ChangeChannel, ChangeMessage } from './change-channel.js';

/** What a presence message says (see the module comment). */
export type PresenceKind = NonNullable<ChangeMessage['presence']>;

/** The parts {@link Presence} works with. */
export interface PresenceOptions {
  /** This client's id: the `source` of its messages (messages from it are not heard). */
  readonly clientId: string;
  /** The change channel presence messages and announced writes go through. */
  readonly channel: ChangeChannel;
  /** The store's rows (`store.shared`): its durable writes, its close, a full re-read. */
  readonly rows: Pick<SharedRows, 'onWritten' | 'whenClosed' | 'refresh'>;
  /** Whether this client holds the push lock now. */
  readonly holdsLock: () => boolean;
  /**
   * Settles when the sharing has stopped: once it has and the store has closed too, writes
   * are no longer announced and the channel closes (a write the store makes durable while it
   * closes is still announced).
   */
  readonly stopped: Promise<void>;
  /** Called after each full re-read another client asked for (`error` when it failed). */
  readonly after: (error?: unknown) => void;
}

/** One client's presence on its change channel (see the module comment). */
export class Presence {
  /** Whether this client has heard another since it opened. */
  #peers = false;
  /** Whether a durable write of this client was not posted. */
  #unannounced = false;
  #closed = false;
  /** The full re-reads other clients asked for, under way. */
  readonly #reading = new Set<Promise<void>>();

  constructor(private readonly options: PresenceOptions) {
    const { rows, channel, stopped, after } = options;
    const unannounce = rows.onWritten((keys) => this.written(keys));
    void Promise.all([stopped, rows.whenClosed()])
      .then(() => {
        unannounce();
        channel.close();
      })
      .catch(after);
  }

  /** Says `hello` (call it once subscribed to the channel). */
  open(): void {
    this.#post('hello');
  }

  /** Whether a write now would be heard by nobody (this client is alone). */
  alone(): boolean {
    return !this.#peers && !this.#closed && this.options.holdsLock();
  }

  /** A durable write of this client: posted, or marked unannounced while alone. */
  written(keys: readonly string[]): void {
    if (this.alone()) this.#unannounced = true;
    else this.options.channel.post({ source: this.options.clientId, keys });
  }

  /**
   * A message of another client. Returns whether it was a presence message (nothing else to
   * do with it).
   */
  hear(message: ChangeMessage): boolean {
    const first = !this.#peers;
    this.#peers = true;
    if (first && this.#unannounced) this.#announce();
    else if (message.presence === 'hello') this.#post('here');
    if (message.presence === 'refresh' && !this.#closed) {
      const { rows, after } = this.options;
      // A throwing callback (the app's logger) is not the read's failure: it ends the read too.
      const read = rows
        .refresh()
        .then(() => after(), after)
        .catch(() => {});
      this.#reading.add(read);
      void read.finally(() => this.#reading.delete(read));
    }
    return message.presence !== undefined;
  }

  /** This client took the push lock over and re-read every row: the others re-read too. */
  tookOver(): void {
    if (!this.#closed) this.#post('refresh');
  }

  /**
   * Sharing stops: later writes are posted; unannounced ones are announced now. Settles once
   * the re-reads other clients asked for are over (none takes rows in after the close).
   */
  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      if (this.#unannounced) this.#announce();
    }
    await Promise.all(this.#reading);
  }

  #announce(): void {
    this.#unannounced = false;
    this.#post('refresh');
  }

  #post(presence: PresenceKind): void {
    this.options.channel.post({ source: this.options.clientId, keys: [], presence });
  }
}
