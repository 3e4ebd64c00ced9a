/**
 * Several acknowledgements, and the in-flight mark of the next request, as few commits as
 * possible: the Pusher writes the answer of one request in the same storage transaction as the
 * attempt of the next. Each acknowledgement is planned as {@link planAck} plans it alone; plans
 * that touch only their own record are merged into one commit. A plan that touches other
 * records (a pulled duplicate folded in, the references to it rewritten) is committed on its
 * own, after the merged ones before it and planned again on top of them, so no plan ever
 * overwrites another's change to a record.
 */
import type { OutboxEntry } from '../model/types.js';
import type { ChangeSet, EntryWrite, RecordWrite } from './change-set.js';
import type { ServerRow } from './id-map.js';
import type { StoreState } from './store-state.js';
import { planAck } from './sync-ops.js';

/** One acknowledgement: the entry the server applied and the row it answered with. */
export interface AckInput {
  readonly mutationId: string;
  readonly row?: ServerRow | undefined;
}

/** Commits one change set (applied in memory at once, durable when the promise resolves). */
type Commit = (change: ChangeSet) => Promise<void>;

const recordKey = (entry: Pick<OutboxEntry, 'collection' | 'localId'>): string =>
  `${entry.collection}\u0000${entry.localId}`;

/** Whether `change` writes nothing but `entry`'s own record and entries. */
function ownRecordOnly(state: StoreState, change: ChangeSet, entry: OutboxEntry): boolean {
  const key = recordKey(entry);
  if (!change.records.every((write) => recordKey(write) === key)) return false;
  return change.entries.every((write) => {
    const owner = write.next ?? state.getEntry(write.mutationId);
    return owner !== undefined && recordKey(owner) === key;
  });
}

/** A commit being gathered: the merged writes of several own-record plans. */
class Gathered {
  records: RecordWrite[] = [];
  entries: EntryWrite[] = [];
  release: string[] = [];
  readonly keys = new Set<string>();

  add(change: ChangeSet, key: string, mutationId: string): void {
    this.records.push(...change.records);
    this.entries.push(...change.entries);
    this.release.push(mutationId);
    this.keys.add(key);
  }

  get empty(): boolean {
    return this.release.length === 0 && this.entries.length === 0;
  }

  build(): ChangeSet {
    return { records: this.records, entries: this.entries, releaseInFlight: this.release };
  }
}

/**
 * Commits `acks` (gone entries are skipped) and then `mark` — the next entry's in-flight write,
 * built by the caller on the state as it is once the acknowledgements are applied — with as
 * few commits as the plans allow. Resolves once every commit is durable; rejects with the
 * first failure.
 */
export function commitAcks(
  state: StoreState,
  acks: readonly AckInput[],
  now: number,
  commit: Commit,
  mark?: () => EntryWrite | undefined,
): Promise<void> {
  const commits: Promise<void>[] = [];
  let gathered = new Gathered();
  const flush = (): void => {
    if (!gathered.empty) commits.push(commit(gathered.build()));
    gathered = new Gathered();
  };
  for (const { mutationId, row } of acks) {
    const entry = state.getEntry(mutationId);
    if (!entry) continue;
    const key = recordKey(entry);
    const change = planAck(state, entry, row, now);
    if (ownRecordOnly(state, change, entry) && !gathered.keys.has(key)) {
      gathered.add(change, key, mutationId);
      continue;
    }
    flush();
    // Planned again on the state with the merged acknowledgements applied.
    commits.push(commit({ ...planAck(state, entry, row, now), releaseInFlight: [mutationId] }));
  }
  let next: EntryWrite | undefined;
  try {
    next = mark?.();
  } catch (error) {
    flush();
    return Promise.all(commits).then(() => Promise.reject(error));
  }
  if (next) {
    const owner = next.next ?? state.getEntry(next.mutationId);
    if (owner && gathered.keys.has(recordKey(owner))) flush();
    gathered.entries.push(next);
  }
  flush();
  return Promise.all(commits).then(() => undefined);
}
