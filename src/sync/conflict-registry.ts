/**
 * The open conflicts, persisted in the user's namespace (store meta `sync.conflicts`) so they
 * survive restarts. At most one open conflict per record: a newer one for the same record
 * replaces it, keeping its id.
 *
 * A conflict is live while its record exists and has queued changes. Writing a conflict and
 * holding the record's entries are two store commits (conflict first): after a crash between
 * them, {@link ConflictRegistry.unheld} lists the conflicts whose entries must be held again.
 */

import type { Conflict, ConflictKind } from '../conflict/conflict.js';
import { jsonEqual } from '../model/json.js';
import { COLLECTIONS, type CollectionName } from '../model/types.js';
import { ListenerSet } from '../platform/listener-set.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';
import type { LocalStore } from '../store/local-store.js';

/** The store meta name the conflicts are kept under. */
export const CONFLICTS_META = 'sync.conflicts';

const KINDS: readonly ConflictKind[] = [
  'fields',
  'deleted-remotely',
  'updated-remotely-while-deleted',
];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A stored value that has the shape of a {@link Conflict} (anything else is dropped). */
function asConflict(value: unknown): Conflict | null {
  if (!isObject(value)) return null;
  const { id, collection, recordId, kind, fields, local, createdAt } = value;
  if (typeof id !== 'string' || typeof recordId !== 'string') return null;
  if (!COLLECTIONS.includes(collection as CollectionName)) return null;
  if (!KINDS.includes(kind as ConflictKind)) return null;
  if (!Array.isArray(fields) || !fields.every((f) => typeof f === 'string')) return null;
  if (!isObject(local) || typeof createdAt !== 'number') return null;
  for (const key of ['base', 'remote', 'proposed'] as const) {
    if (value[key] !== null && !isObject(value[key])) return null;
  }
  return Object.freeze(value) as unknown as Conflict;
}

/** The result of {@link ConflictRegistry.upsert}. */
export interface UpsertResult {
  /** The conflict as stored (with the id of the one it replaced, if any). */
  readonly conflict: Conflict;
  /** False when an identical conflict was already open (nothing to announce). */
  readonly changed: boolean;
}

/** The open conflicts of one store. */
export class ConflictRegistry {
  #conflicts: readonly Conflict[];
  readonly #listeners = new ListenerSet({
    onError: () => {
      // A listener's failure never breaks sync.
    },
  });

  constructor(private readonly store: LocalStore) {
    const stored = store.getMeta(CONFLICTS_META);
    const list = Array.isArray(stored) ? stored.map(asConflict) : [];
    this.#conflicts = Object.freeze(list.filter((c): c is Conflict => c !== null));
  }

  /** Every open conflict, oldest first (the same array until one changes). */
  getSnapshot = (): readonly Conflict[] => this.#conflicts;

  /** Calls `listener` after every change; returns the unsubscribe function. */
  subscribe = (listener: () => void): (() => void) => {
    return this.#listeners.add(listener);
  };

  get(id: string): Conflict | undefined {
    return this.#conflicts.find((conflict) => conflict.id === id);
  }

  forRecord(collection: CollectionName, recordId: string): Conflict | undefined {
    return this.#conflicts.find((c) => c.collection === collection && c.recordId === recordId);
  }

  /** Opens `conflict`, replacing the record's open one (its id and `createdAt` are kept). */
  async upsert(conflict: Conflict): Promise<UpsertResult> {
    const previous = this.forRecord(conflict.collection, conflict.recordId);
    const next: Conflict = previous
      ? Object.freeze({ ...conflict, id: previous.id, createdAt: previous.createdAt })
      : conflict;
    if (previous && jsonEqual(previous as unknown as JsonValue, next as unknown as JsonValue)) {
      return { conflict: previous, changed: false };
    }
    await this.#write([...this.#conflicts.filter((c) => c !== previous), next]);
    return { conflict: next, changed: true };
  }

  /** Closes the conflict with `id` (no-op when it is not open). */
  async remove(id: string): Promise<void> {
    if (!this.get(id)) return;
    await this.#write(this.#conflicts.filter((conflict) => conflict.id !== id));
  }

  /** Closes the record's open conflict, if any. */
  async removeForRecord(collection: CollectionName, recordId: string): Promise<void> {
    const open = this.forRecord(collection, recordId);
    if (open) await this.remove(open.id);
  }

  /**
   * Closes conflicts that are no longer live: the record is gone, or it has no queued changes,
   * or none of them is held although some was edited after the conflict was opened (the user
   * moved on, e.g. deleted the record). Returns how many were closed.
   */
  async prune(): Promise<number> {
    const live = this.#conflicts.filter((conflict) => this.#isLive(conflict));
    const closed = this.#conflicts.length - live.length;
    if (closed > 0) await this.#write(live);
    return closed;
  }

  /**
   * Live conflicts whose record has no held entry (a crash between writing the conflict and
   * holding the entries): the caller holds them again.
   */
  unheld(): readonly Conflict[] {
    return this.#conflicts.filter((conflict) => {
      const entries = this.store.entriesOf(conflict.collection, conflict.recordId);
      return entries.length > 0 && !entries.some((entry) => entry.status === 'conflict');
    });
  }

  #isLive(conflict: Conflict): boolean {
    if (!this.store.getStored(conflict.collection, conflict.recordId)) return false;
    const entries = this.store.entriesOf(conflict.collection, conflict.recordId);
    if (entries.length === 0) return false;
    if (entries.some((entry) => entry.status === 'conflict')) return true;
    return entries.every((entry) => entry.editedAt <= conflict.createdAt);
  }

  async #write(next: readonly Conflict[]): Promise<void> {
    this.#conflicts = Object.freeze([...next]);
    this.#listeners.emit();
    await this.store.setMeta(
      CONFLICTS_META,
      this.#conflicts.length === 0 ? undefined : (this.#conflicts as unknown as JsonValue),
    );
  }
}
