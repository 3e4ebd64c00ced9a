/**
 * The cache index: every item of the blob store in memory (loaded once), the byte budget with
 * reservations for downloads in flight, eviction, pins, and the writes that keep the blob store
 * in step. Every change runs under one lock, so the budget holds whatever interleaves.
 */
import type { Logger } from '../platform/logging/logger.js';
import type { BlobData, BlobStore } from './blob-store.js';
import { planEviction } from './eviction.js';
import {
  decodeEntry,
  encodeMetadata,
  type MediaEntry,
  storageKeyOf,
  userPrefix,
} from './media-entry.js';
import { MediaError } from './media-error.js';
import type { ResolvedMediaOptions } from './media-options.js';
import type { MediaRef } from './media-ref.js';
import type { MediaOwner } from './media-source.js';

/** Bytes promised to a write in progress; `release()` gives them back. Idempotent. */
export interface Reservation {
  readonly bytes: number;
  release(): void;
}

/** What a write stores. */
export interface MediaWrite {
  readonly operation: string;
  readonly userId: string;
  readonly ref: MediaRef;
  readonly data: BlobData;
  readonly contentType: string;
  readonly pin: boolean;
  readonly owner: MediaOwner;
  readonly signal?: AbortSignal | undefined;
}

/** The outcome of an eviction. */
export interface EvictionResult {
  readonly evicted: number;
  readonly bytes: number;
}

const TOUCH_PERSIST_MS = 60_000;

/** The cache index (see the module comment). */
export class MediaIndex {
  readonly #store: BlobStore;
  readonly #options: ResolvedMediaOptions;
  readonly #now: () => number;
  readonly #logger: Logger;
  readonly #entries = new Map<string, MediaEntry>();
  readonly #onChange: () => void;
  #reserved = 0;
  #loading: Promise<void> | undefined;
  #lock: Promise<unknown> = Promise.resolve();
  #touches: Promise<void> = Promise.resolve();
  readonly #persistedAccess = new WeakMap<MediaEntry, number>();

  constructor(
    store: BlobStore,
    options: ResolvedMediaOptions,
    now: () => number,
    logger: Logger,
    onChange: () => void,
  ) {
    this.#store = store;
    this.#options = options;
    this.#now = now;
    this.#logger = logger;
    this.#onChange = onChange;
  }

  get options(): ResolvedMediaOptions {
    return this.#options;
  }

  /** Loads the index from the blob store (once), then evicts what has aged out. */
  ready(): Promise<void> {
    this.#loading ??= (async () => {
      const now = this.#now();
      for (const blob of await this.#store.list()) {
        const entry = decodeEntry(blob, now);
        if (entry) this.#entries.set(entry.storageKey, entry);
      }
      // The statistics were those of an empty index until now (a cache hit only adds its
      // counters to them, so they must count what was loaded).
      this.#onChange();
      await this.evict();
    })().catch((error: unknown) => {
      this.#loading = undefined;
      throw error;
    });
    return this.#loading;
  }

  /** The entry of `ref` for `userId`, if cached. */
  find(userId: string, ref: MediaRef): MediaEntry | undefined {
    return this.#entries.get(storageKeyOf(userId, ref));
  }

  /** Every entry of `userId`. */
  entriesOf(userId: string): MediaEntry[] {
    return [...this.#entries.values()].filter((entry) => entry.userId === userId);
  }

  /** Bytes of every entry (all users): what the budget counts. */
  usedBytes(): number {
    let used = 0;
    for (const entry of this.#entries.values()) used += entry.size;
    return used;
  }

  /**
   * Marks a read: the entry becomes the most recently used. Persisted in the background, at
   * most once a minute per entry (the order across restarts is exact to the minute).
   */
  touch(entry: MediaEntry): void {
    const now = this.#now();
    entry.lastAccessAt = now;
    const persisted = this.#persistedAccess.get(entry) ?? entry.storedAt;
    if (now - persisted < TOUCH_PERSIST_MS) return;
    this.#persistedAccess.set(entry, now);
    this.#touches = this.#locked(async () => {
      if (this.#entries.get(entry.storageKey) !== entry) return;
      await this.#store.setMetadata(entry.storageKey, encodeMetadata(entry));
    }).catch((error: unknown) => this.#logger.warn('media: could not record a read', { error }));
  }

  /**
   * Promises `bytes` to a write: evicts what must go so that everything cached plus every
   * promise fits the budget, or throws `MediaError` `OVER_BUDGET` (evicting only aged items).
   */
  reserve(operation: string, ref: MediaRef, bytes: number): Promise<Reservation> {
    return this.#locked(async () => {
      await this.#makeRoom(operation, ref, bytes + this.#reserved, undefined);
      this.#reserved += bytes;
      let released = false;
      return {
        bytes,
        release: () => {
          if (released) return;
          released = true;
          this.#reserved -= bytes;
        },
      };
    });
  }

  /**
   * Writes an item into the blob store and the index. Its reservation (if any) must cover its
   * size; without one (unknown size) room is made after the write, and an item that cannot fit
   * is deleted again and refused. Older versions of the same media that are not pinned go.
   */
  async write(write: MediaWrite, reservation?: Reservation): Promise<MediaEntry> {
    const key = storageKeyOf(write.userId, write.ref);
    const now = this.#now();
    const draft = { storedAt: now, lastAccessAt: now, pinned: write.pin, owner: write.owner };
    const blob = await this.#store.put(key, write.data, {
      contentType: write.contentType,
      metadata: encodeMetadata({ ...draft, storageKey: key } as MediaEntry),
      signal: write.signal,
    });
    return this.#locked(async () => {
      const covered = reservation?.bytes ?? 0;
      reservation?.release();
      const previous = this.#entries.get(key);
      const entry: MediaEntry = {
        ...draft,
        storageKey: key,
        userId: write.userId,
        ref: write.ref,
        kind: write.ref.kind,
        size: blob.size,
        contentType: blob.contentType,
        pinned: write.pin || previous?.pinned === true,
      };
      if (entry.pinned && !write.pin) await this.#store.setMetadata(key, encodeMetadata(entry));
      this.#entries.delete(key);
      if (blob.size > covered) {
        try {
          await this.#makeRoom(write.operation, write.ref, blob.size + this.#reserved, key);
        } catch (error) {
          await this.#store.delete([key]);
          this.#onChange();
          throw error;
        }
      }
      this.#entries.set(key, entry);
      await this.#dropSuperseded(entry);
      this.#onChange();
      return entry;
    });
  }

  /** Pins or unpins an entry; `false` when it is not cached. */
  setPinned(userId: string, ref: MediaRef, pinned: boolean): Promise<boolean> {
    return this.#locked(async () => {
      const entry = this.find(userId, ref);
      if (!entry) return false;
      if (entry.pinned === pinned) return true;
      entry.pinned = pinned;
      await this.#store.setMetadata(entry.storageKey, encodeMetadata(entry));
      this.#onChange();
      return true;
    });
  }

  /** Evicts aged items, then least recently used ones down to the budget. */
  evict(): Promise<EvictionResult> {
    return this.#locked(async () => {
      const plan = planEviction({
        entries: this.#entries.values(),
        now: this.#now(),
        maxBytes: this.#options.maxBytes,
        maxAgeMs: this.#options.maxAgeMs,
        incomingBytes: this.#reserved,
      });
      // When pinned items alone exceed a (lowered) budget, nothing more can be done here.
      return this.#remove(plan.evict);
    });
  }

  /** Deletes the entries `select` picks (pinned ones too, if it picks them). */
  removeWhere(select: (entry: MediaEntry) => boolean): Promise<EvictionResult> {
    return this.#locked(() => this.#remove([...this.#entries.values()].filter(select)));
  }

  /** Deletes everything stored for `userId`, indexed or not. */
  removeUser(userId: string): Promise<EvictionResult> {
    return this.#locked(async () => {
      const prefix = userPrefix(userId);
      const stored = await this.#store.list(prefix);
      const result = await this.#remove(this.entriesOf(userId));
      await this.#store.delete(stored.map((blob) => blob.key));
      return result;
    });
  }

  /** Waits for background writes (recorded reads). */
  async flush(): Promise<void> {
    await this.#touches;
    await this.#lock.catch(() => {});
  }

  async #makeRoom(
    operation: string,
    ref: MediaRef,
    incomingBytes: number,
    exclude: string | undefined,
  ): Promise<void> {
    const entries = [...this.#entries.values()].filter((entry) => entry.storageKey !== exclude);
    const plan = planEviction({
      entries,
      now: this.#now(),
      maxBytes: this.#options.maxBytes,
      maxAgeMs: this.#options.maxAgeMs,
      incomingBytes,
    });
    if (!plan.fits) {
      await this.#remove(plan.evict);
      throw new MediaError({
        operation,
        code: 'OVER_BUDGET',
        ref,
        message: `cannot fit ${incomingBytes} more bytes in the ${this.#options.maxBytes}-byte budget: pinned media fills it; unpin items or raise media.maxBytes`,
      });
    }
    await this.#remove(plan.evict);
  }

  async #dropSuperseded(entry: MediaEntry): Promise<void> {
    const stale = this.entriesOf(entry.userId).filter(
      (other) =>
        other !== entry &&
        !other.pinned &&
        other.kind === entry.kind &&
        other.ref.id === entry.ref.id &&
        other.ref.version !== entry.ref.version,
    );
    await this.#remove(stale);
  }

  async #remove(entries: readonly MediaEntry[]): Promise<EvictionResult> {
    if (entries.length === 0) return { evicted: 0, bytes: 0 };
    await this.#store.delete(entries.map((entry) => entry.storageKey));
    let bytes = 0;
    for (const entry of entries) {
      this.#entries.delete(entry.storageKey);
      bytes += entry.size;
    }
    this.#onChange();
    return { evicted: entries.length, bytes };
  }

  #locked<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#lock.then(task, task);
    this.#lock = run.catch(() => {});
    return run;
  }
}
