/**
 * Which entries to evict: pure logic over the index, no I/O.
 *
 * 1. age: an entry that is not pinned goes once it was last used longer ago than its kind's
 *    max age (content under one key never changes, so age is only a space policy);
 * 2. budget: if the entries left plus the bytes about to be written exceed the budget, the
 *    least recently used entries that are not pinned go, oldest first, until they fit. When
 *    even evicting every unpinned entry would not make room, nothing is evicted for the budget
 *    and `fits` is false: the write must be refused.
 */
import type { MediaKind } from './media-ref.js';

/** What eviction reads from an index entry. */
export interface EvictionCandidate {
  readonly storageKey: string;
  readonly kind: MediaKind;
  readonly size: number;
  readonly pinned: boolean;
  /** Last stored or read, epoch ms. */
  readonly lastAccessAt: number;
}

/** The inputs of one eviction decision. */
export interface EvictionPlanInput<E extends EvictionCandidate> {
  readonly entries: Iterable<E>;
  readonly now: number;
  readonly maxBytes: number;
  readonly maxAgeMs: Readonly<Record<MediaKind, number>>;
  /** Bytes about to be written (and already promised to downloads in flight). @default 0 */
  readonly incomingBytes?: number | undefined;
}

/** The decision. */
export interface EvictionPlan<E extends EvictionCandidate> {
  /** Entries to delete, age-expired first, then least recently used. */
  readonly evict: readonly E[];
  /** Whether the incoming bytes fit after those deletions. */
  readonly fits: boolean;
  /** Bytes of the entries that stay. */
  readonly keptBytes: number;
}

/** Plans an eviction (see the module comment). O(n log n) in the number of entries. */
export function planEviction<E extends EvictionCandidate>(
  input: EvictionPlanInput<E>,
): EvictionPlan<E> {
  const incoming = input.incomingBytes ?? 0;
  const evict: E[] = [];
  const unpinned: E[] = [];
  let kept = 0;
  for (const entry of input.entries) {
    if (!entry.pinned && input.now - entry.lastAccessAt > input.maxAgeMs[entry.kind]) {
      evict.push(entry);
      continue;
    }
    kept += entry.size;
    if (!entry.pinned) unpinned.push(entry);
  }
  if (kept + incoming <= input.maxBytes) return { evict, fits: true, keptBytes: kept };
  const reclaimable = unpinned.reduce((sum, entry) => sum + entry.size, 0);
  if (kept - reclaimable + incoming > input.maxBytes) {
    return { evict, fits: false, keptBytes: kept };
  }
  unpinned.sort((a, b) => a.lastAccessAt - b.lastAccessAt);
  for (const entry of unpinned) {
    if (kept + incoming <= input.maxBytes) break;
    evict.push(entry);
    kept -= entry.size;
  }
  return { evict, fits: true, keptBytes: kept };
}
