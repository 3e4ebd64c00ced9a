/**
 * Several clients over one storage (browser tabs, an app and its background task, two
 * processes over one SQLite file), for one user's store:
 *
 * - each durable write is announced on the change channel, and the other clients take the
 *   rows it names into memory (live queries update without a reload); without a channel, the
 *   store re-reads its rows every `pollMs`;
 * - one client at a time pushes and pulls: the holder of the push lock. The others' outbox is
 *   not sendable. A client that takes the lock re-reads the store first (it sends what storage
 *   holds, never what it remembered), then starts a sync round. Before each send the pusher
 *   confirms it still holds the lock (`lock.confirm`: the lease's fencing token, read from the
 *   storage), so a pusher that was paused past its lease never sends;
 * - `syncNow()` on another client asks the pusher for a round (see sync-requests.ts).
 *
 * Writes themselves never overwrite each other's whatever this module does: the store rebases
 * a write onto another client's (see the store's commit path).
 */
import { AbortError, isAbortError } from '../errors/index.js';
import { systemTimers, type TimerHandle, type Timers } from '../platform/clock.js';
import type { LocalStore } from '../store/local-store.js';
import type { SyncSummary } from '../sync/sync-events.js';
import type { ChangeChannel } from './change-channel.js';
import { type Frames, HeardRows, pageFrames } from './heard-rows.js';
import { Presence } from './presence.js';
import type { PushLock } from './push-lease.js';
import type { SyncRequests } from './sync-requests.js';

/** The part of the sync engine sharing drives. */
export interface SharedEngine {
  start(): void;
  stop(): void;
  syncNow(options?: { readonly signal?: AbortSignal | undefined }): Promise<SyncSummary>;
}

/** Options of {@link shareStore}. */
export interface ShareStoreOptions {
  readonly store: LocalStore;
  /** This client's id, unique among the clients over the storage. */
  readonly clientId: string;
  /** Who pushes (see `webLocksPushLock`, `storagePushLease`). */
  readonly lock: PushLock;
  /**
   * Announces writes to the other clients (see presence.ts); without one the store polls
   * (`pollMs`). Closed once both {@link StoreSharing.close} and the store's close have finished.
   */
  readonly channel?: ChangeChannel | undefined;
  /**
   * The client's sync engine. Only the pusher syncs: it is started when this client becomes
   * the pusher (with a round at once) and stopped when it stops being one. The other clients
   * get the pusher's results through the storage (a pull there could race with a send).
   */
  readonly engine?: SharedEngine | undefined;
  /**
   * The change counter of the storage (see `openCoordinatedStorage`): without a channel, a poll
   * reads it and re-reads the rows only when another client wrote. Without it, every poll
   * re-reads the rows.
   */
  readonly changes?: { changedElsewhere(): Promise<boolean> } | undefined;
  /** Where clients that are not the pusher ask it for a round (`syncNow`). */
  readonly requests?: SyncRequests | undefined;
  /** How often the lock is taken or renewed. @default 1000 */
  readonly renewMs?: number | undefined;
  /**
   * Whether the engine runs in the background on the pusher (started with a round at once
   * when this client becomes it; the others' requests are served either way). @default true
   */
  readonly background?: boolean | undefined;
  /** How often the store re-reads its rows when there is no channel. @default 1000 */
  readonly pollMs?: number | undefined;
  readonly timers?: Timers | undefined;
  /**
   * The page's animation frames: while announcements keep coming, the rows they name are read
   * at most once a frame (heard-rows.ts). `null`: never wait for one. @default the page's, if any
   */
  readonly frames?: Frames | null | undefined;
  /** Clock for the poll interval, epoch ms. @default Date.now */
  readonly now?: (() => number) | undefined;
  /** Told about a failed renewal or refresh (they are retried on the next tick). */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/** A running {@link shareStore}. */
export interface StoreSharing {
  /** Whether this client is the pusher now. */
  isPusher(): boolean;
  /**
   * A sync round. On the pusher, its own round. Elsewhere, it asks the pusher for one (through
   * the storage) and resolves with the summary of the pusher's next round, which pushed the
   * changes this client had made and pulled; then this client re-reads the store. When this
   * client becomes the pusher while it waits, the first round it runs as the pusher answers
   * (the one that pushed its change). Without an
   * engine or request record, just a re-read. Rejects with `AbortError` when `signal` aborts or
   * sharing stops while it waits, and with the pusher's error (same class and fields) when its
   * round failed.
   */
  syncNow(options?: { readonly signal?: AbortSignal | undefined }): Promise<SyncSummary>;
  /**
   * Turns background sync on or off: on, the engine runs while this client is the pusher (at
   * once if it is one now, else when it becomes one); off, it stops. Other clients' requests
   * are served either way. (Pulls run on the pusher only: every client pulling in the
   * background would multiply the requests for the same rows.)
   */
  setBackground(on: boolean): void;
  /** Runs one renewal (and, without a channel, one poll) now. */
  tick(): Promise<void>;
  /**
   * Holds the ticks back (for a sign-out that must close the user's data with nothing in
   * flight): resolves once the tick in progress, and the round it ran, finished. The push lock
   * is kept, and renewed, meanwhile. Resolves with the function that lets the ticks run again
   * (idempotent).
   */
  pause(): Promise<() => void>;
  /**
   * Stops and gives the push lock up. Idempotent. The channel stays open, announcing what the
   * store still makes durable, until the store has closed too; then it closes.
   */
  close(): Promise<void>;
}

/** Shares `options.store` with the other clients over its storage (see the module comment). */
export function shareStore(options: ShareStoreOptions): StoreSharing {
  return new Sharing(options);
}

/** The requests waiting for a round: where, and up to which one. */
interface Asked {
  readonly requests: SyncRequests;
  readonly wanted: number;
}

const NOTHING: SyncSummary = Object.freeze({ pushed: 0, pulled: 0, conflicts: 0, failed: 0 });

class Sharing implements StoreSharing {
  readonly #options: ShareStoreOptions;
  readonly #timers: Timers;
  readonly #onError: (error: unknown) => void;
  readonly #clock: () => number;
  readonly #unsubscribe: Array<() => unknown> = [];
  /** Woken after every tick and message (a `syncNow` waiting for the pusher's answer). */
  readonly #wakers = new Set<() => void>();
  #closed = false;
  /** Called by {@link close}: the channel closes once the store has closed too. */
  #stop: () => void = () => {};
  readonly #stopped = new Promise<void>((resolve) => {
    this.#stop = resolve;
  });
  #timer: TimerHandle | undefined;
  #lastPoll = Number.NEGATIVE_INFINITY;
  #ticking: Promise<void> | undefined;
  /** A renewal of the lock made while a tick ran long or the ticks were paused. */
  #renewing: Promise<void> | undefined;
  /** Whether this client acted as the pusher at the last tick (`undefined` before the first). */
  #pushing: boolean | undefined;
  #background: boolean;
  /** How many {@link pause} holds are on. */
  #paused = 0;
  readonly #presence: Presence | undefined;

  constructor(options: ShareStoreOptions) {
    this.#options = options;
    this.#timers = options.timers ?? systemTimers;
    this.#onError = options.onError ?? (() => {});
    this.#clock = options.now ?? Date.now;
    this.#background = options.background !== false;
    const { store, lock, channel, clientId, requests } = options;
    store.outbox.pushAllowed = () => !this.#closed && lock.held();
    store.outbox.confirmPush = async () =>
      !this.#closed && (lock.confirm ? await lock.confirm() : lock.held());
    // After a read of rows others wrote, wake a waiting syncNow. Without a channel nothing is
    // announced; with one, durable writes are posted unless this client is alone (presence.ts).
    const after = (error?: unknown) => (error === undefined ? this.#wake() : this.#onError(error));
    this.#presence =
      channel &&
      new Presence({
        clientId,
        channel,
        rows: store.shared,
        stopped: this.#stopped,
        holdsLock: () => lock.held(),
        after,
      });
    // The rows other clients name are read one read at a time, keys heard meanwhile merged.
    const heard = new HeardRows(
      (keys) => store.shared.refresh(keys),
      after,
      options.frames === undefined ? pageFrames() : (options.frames ?? undefined),
      this.#timers,
    );
    this.#unsubscribe.push(() => heard.close());
    const unheard = channel?.subscribe((message) => {
      if (message.source === clientId || this.#closed || this.#presence?.hear(message)) return;
      if (requests && message.keys.includes(requests.key)) void this.tick();
      else heard.hear(message.keys);
    });
    if (unheard) this.#unsubscribe.push(unheard);
    this.#presence?.open();
    // From the start: the timer renews the lease while a first tick (a takeover round) runs.
    this.#schedule();
    void this.tick();
  }

  isPusher(): boolean {
    return !this.#closed && this.#options.lock.held();
  }

  async syncNow(options: { readonly signal?: AbortSignal | undefined } = {}): Promise<SyncSummary> {
    if (this.#closed) throw new AbortError('sync.syncNow');
    const { engine, requests, store } = this.#options;
    if (this.isPusher() && engine) return engine.syncNow(options);
    if (!engine || !requests) {
      await store.shared.refresh();
      return NOTHING;
    }
    const mine = await requests.request();
    this.#post([requests.key]);
    for (;;) {
      await this.#nextWake(options.signal);
      // Answered first: when this client took the lock over meanwhile, its own takeover round
      // (or the round its tick served the requests with) pushed the change and answered.
      const summary = await requests.answer(mine);
      if (summary) {
        await store.shared.refresh();
        return summary;
      }
      // The pusher now, with no tick under way that would answer: a round of its own.
      if (this.isPusher() && this.#ticking === undefined) return engine.syncNow(options);
    }
  }

  setBackground(on: boolean): void {
    this.#background = on;
    if (!on) this.#options.engine?.stop();
    else if (this.#pushing === true && !this.#closed) this.#options.engine?.start();
  }

  tick(): Promise<void> {
    if (this.#paused > 0) return this.#ticking ?? Promise.resolve();
    this.#ticking ??= this.#once()
      .catch(this.#onError)
      .finally(() => {
        this.#ticking = undefined;
        this.#wake();
      });
    return this.#ticking;
  }

  async pause(): Promise<() => void> {
    this.#paused++; // the timer keeps running: it only renews the lock while paused
    let held = true;
    const resume = (): void => {
      if (!held) return;
      held = false;
      this.#paused--;
    };
    await this.#ticking;
    return resume;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    const stops = [this.#presence?.close(), ...this.#unsubscribe.splice(0).map((s) => s())];
    const unsubscribed = Promise.all(stops);
    this.#options.engine?.stop();
    this.#wake();
    await unsubscribed; // reads of heard rows or of all rows settle: none lands after the close
    await this.#ticking;
    await this.#renewing; // a renewal that landed after the release would hold the lock on
    this.#stop();
    await this.#options.lock.release();
  }

  async #once(): Promise<void> {
    const { lock, engine, store, channel } = this.#options;
    const background = this.#background;
    const was = this.#pushing;
    const now = await lock.acquire();
    if (this.#closed) return;
    this.#pushing = now;
    if (now && was !== true) {
      await store.shared.refresh();
      this.#presence?.tookOver();
      this.#lastPoll = this.#clock();
      if (background && engine) await this.#takeOver(engine);
    } else if (!now && was !== false) {
      engine?.stop();
    } else if (!channel && this.#clock() - this.#lastPoll >= (this.#options.pollMs ?? 1000)) {
      await this.#catchUp();
    }
    if (now) await this.#serveRequests();
  }

  /** Re-reads the rows when another client wrote (always when the storage has no counter). */
  async #catchUp(): Promise<void> {
    this.#lastPoll = this.#clock();
    const { changes, store } = this.#options;
    if (!changes || (await changes.changedElsewhere())) await store.shared.refresh();
  }

  /**
   * The first round of a client that took the lock over with background sync on. It answers
   * the requests made before it too: a client that asked and then became the pusher gets the
   * round that pushed its change, not an empty one after it.
   */
  async #takeOver(engine: SharedEngine): Promise<void> {
    const asked = await this.#asked();
    const round = engine.syncNow();
    engine.start(); // after the round started: that round is its first
    if (asked === undefined) await round;
    else await this.#answer(asked, round, true);
  }

  /** The pusher runs a round for the other clients' requests and answers them. */
  async #serveRequests(): Promise<void> {
    const { engine } = this.#options;
    const asked = await this.#asked();
    if (asked !== undefined && engine) await this.#answer(asked, engine.syncNow(), false);
  }

  /**
   * The newest request waiting, if any, with the asking clients' writes then read into memory
   * (with a channel, the counter is not kept: read everything), so a round started after this
   * pushes them.
   */
  async #asked(): Promise<Asked | undefined> {
    const { requests, engine, channel, store } = this.#options;
    const wanted = await requests?.waiting();
    if (wanted === undefined || !requests || !engine || this.#closed) return undefined;
    if (channel) await store.shared.refresh();
    else await this.#catchUp();
    return { requests, wanted };
  }

  /** Answers the requests up to `wanted` with `round`; `rethrow`: its failure too. */
  async #answer(
    { requests, wanted }: Asked,
    round: Promise<SyncSummary>,
    rethrow: boolean,
  ): Promise<void> {
    try {
      await requests.serve(wanted, { summary: await round });
    } catch (error) {
      // A round aborted (this client is closing) served no one: the next pusher will.
      if (isAbortError(error)) return;
      await requests.serve(wanted, { error });
      if (rethrow) throw error;
    }
    this.#post([requests.key]);
  }

  /** Tells the other clients (never after close: a closed channel throws). */
  #post(keys: readonly string[]): void {
    if (!this.#closed) this.#options.channel?.post({ source: this.#options.clientId, keys });
  }

  /**
   * The next tick in `renewMs`. While a tick still runs (a long round) or the ticks are paused
   * (a sign-out waits for the running round), it renews the lock instead: a busy or held-back
   * pusher keeps pushing to itself, and no other client takes over in the middle of its round.
   */
  #schedule(): void {
    if (this.#closed || this.#timer !== undefined) return;
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = undefined;
      const busy = this.#paused > 0 || this.#ticking !== undefined;
      this.#schedule(); // the next one comes in `renewMs`, however long this one takes
      if (busy) void this.#renew();
      else void this.tick();
    }, this.#options.renewMs ?? 1000);
  }

  /** Renews the lock this client holds (it never takes one here: no takeover while busy). */
  async #renew(): Promise<void> {
    const { lock } = this.#options;
    if (this.#closed || this.#renewing || !lock.held()) return;
    this.#renewing = lock.acquire().then(() => {}, this.#onError);
    await this.#renewing;
    this.#renewing = undefined;
  }

  #wake(): void {
    for (const waker of [...this.#wakers]) waker();
  }

  /** Waits for the next tick or message; rejects when `signal` aborts or sharing stops. */
  #nextWake(signal: AbortSignal | undefined): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const done = (): void => {
        this.#wakers.delete(done);
        signal?.removeEventListener('abort', done);
        if (this.#closed || signal?.aborted) reject(new AbortError('sync.syncNow'));
        else resolve();
      };
      if (signal?.aborted) return done();
      this.#wakers.add(done);
      signal?.addEventListener('abort', done);
    });
  }
}
