/**
 * What the engine remembers between pulls, in memory: which collections failed their last pull
 * (their existing records may be stale, so changes to them wait), which server rows were left
 * out because they failed their schema (counted in the status; their records' changes wait),
 * and which anomalies were already reported (each is reported once).
 */
import type { InvalidListItem } from '../api/lenient-list.js';
import type { CollectionName, OutboxEntry } from '../model/types.js';
import type { PulledCollection } from './pull-listing.js';

/** The collections each listing brings (profiles ride with heroes, illustrations with stories). */
export const PULLED_WITH: Readonly<Record<PulledCollection, readonly CollectionName[]>> = {
  heroes: ['heroes', 'visualProfiles'],
  stories: ['stories', 'illustrations'],
  customEvents: ['customEvents'],
};

const key = (collection: CollectionName, localId: string): string =>
  `${collection}\u0000${localId}`;

/** Pull state of one engine. */
export class PullState {
  readonly #failed = new Set<CollectionName>();
  /** Refused rows by collection, keyed by server id, with their local record's key. */
  readonly #rejected = new Map<PulledCollection, Map<string, string | null>>();
  readonly #reported = new Set<string>();

  /** The listing of `collection` failed: changes to its existing records wait. */
  failed(collection: PulledCollection): void {
    for (const name of PULLED_WITH[collection]) this.#failed.add(name);
  }

  /**
   * The listing of `collection` succeeded: rows of `validIds` arrived valid, `invalid` rows
   * were left out (`localIdOf` names their records, known to be behind the server). A
   * `complete` listing replaces what was known; an incremental one adds to it.
   */
  succeeded(
    collection: PulledCollection,
    listing: {
      readonly validIds: Iterable<string>;
      readonly invalid: readonly InvalidListItem[];
      readonly complete: boolean;
      readonly localIdOf: (serverId: string) => string;
    },
  ): void {
    for (const name of PULLED_WITH[collection]) this.#failed.delete(name);
    const known = listing.complete
      ? new Map<string, string | null>()
      : this.#rejectedOf(collection);
    if (known.size > 0) for (const id of listing.validIds) known.delete(id);
    listing.invalid.forEach((item, index) => {
      if (item.id === null) known.set(`#${index}`, null);
      else known.set(item.id, key(collection, listing.localIdOf(item.id)));
    });
    this.#rejected.set(collection, known);
  }

  #rejectedOf(collection: PulledCollection): Map<string, string | null> {
    return this.#rejected.get(collection) ?? new Map();
  }

  /** Server rows left out because they failed validation, until they arrive valid. */
  rejectedCount(): number {
    let count = 0;
    for (const rows of this.#rejected.values()) count += rows.size;
    return count;
  }

  /**
   * Whether `entry` waits for a pull: a change to an existing record of a collection whose
   * last pull failed, or to a record whose server row was refused (creates never wait).
   */
  holds(entry: Pick<OutboxEntry, 'collection' | 'localId' | 'op'>): boolean {
    if (entry.op === 'create') return false;
    if (this.#failed.has(entry.collection)) return true;
    const k = key(entry.collection, entry.localId);
    for (const rows of this.#rejected.values()) {
      for (const stale of rows.values()) if (stale === k) return true;
    }
    return false;
  }

  /** True the first time `anomaly` is seen (reports are made once). */
  firstReport(anomaly: string): boolean {
    if (this.#reported.has(anomaly)) return false;
    this.#reported.add(anomaly);
    return true;
  }
}
