/**
 * What several clients over one storage need from a store: hear which rows this store wrote
 * (to tell the others), and take in the rows the others wrote (their local writes, sync
 * results, conflicts), so live queries update without a reload.
 */
import { COLLECTIONS, type CollectionName } from '../model/types.js';
import type { JsonValue, StorageAdapter } from '../storage-adapters/storage-adapter.js';
import type { Committer } from './commit.js';
import type { KeyLayout } from './keys.js';
import { decodeRow } from './row-codec.js';
import type { RowRef, StoredRow } from './row-rebase.js';
import { revisionsNow } from './row-revisions.js';

/** Other clients' writes, seen through the storage they share with this store. */
export class SharedRows {
  readonly #listeners = new Set<(keys: readonly string[]) => void>();

  constructor(
    private readonly committer: Committer,
    private readonly storage: StorageAdapter,
    private readonly keys: KeyLayout,
  ) {}

  /** Calls `listener` with the storage keys of the rows each durable batch of this store wrote. */
  onWritten(listener: (keys: readonly string[]) => void): () => void {
    this.#listeners.add(listener);
    // Told only while someone listens: a store alone over its storage skips the work.
    this.committer.onDurable = (written) => {
      for (const each of this.#listeners) each(written);
    };
    return () => {
      this.#listeners.delete(listener);
      if (this.#listeners.size === 0) this.committer.onDurable = undefined;
    };
  }

  /** Settles once the store has closed: its last durable write has been announced. */
  whenClosed(): Promise<void> {
    return this.committer.whenClosed;
  }

  /**
   * Reads the rows `keys` (another client said it wrote them) — or, without `keys`, every row
   * of the namespace — and takes in those another client changed. Resolves with how many
   * records changed.
   */
  async refresh(keys?: readonly string[]): Promise<number> {
    const { prefix } = this.keys;
    const mine = (keys ?? []).filter((key) => key.startsWith(`${prefix}rec/`));
    const before = revisionsNow(this.committer.rowRevisions, keys && mine);
    const found: Array<[string, JsonValue | undefined]> = keys
      ? (await this.storage.getMany(mine)).map((value, i) => [mine[i] as string, value])
      : await this.storage.scan(`${prefix}rec/`);
    const rows: StoredRow[] = [];
    const seen = new Set<string>();
    for (const [key, value] of found) {
      const ref = this.refOf(key);
      if (!ref) continue;
      seen.add(key);
      rows.push([ref, value === undefined ? undefined : decodeRow(value, ref)]);
    }
    if (!keys) {
      // A full read also finds the rows another client deleted (of those known as it began).
      for (const key of before.keys()) {
        const ref = this.refOf(key);
        if (ref && !seen.has(key)) rows.push([ref, undefined]);
      }
    }
    return this.committer.adoptStored(rows, before);
  }

  private refOf(key: string): RowRef | undefined {
    const rest = key.slice(this.keys.prefix.length + 4);
    const slash = rest.indexOf('/');
    const collection = rest.slice(0, slash);
    if (slash < 0 || !(COLLECTIONS as readonly string[]).includes(collection)) return undefined;
    return {
      collection: collection as CollectionName,
      localId: decodeURIComponent(rest.slice(slash + 1)),
      key,
    };
  }
}
