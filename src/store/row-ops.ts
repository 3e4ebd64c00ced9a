/**
 * The storage ops of record rows, as the commit path writes them: a row is encoded when its
 * commit is applied (see row-codec.ts), and written at its next revision inside the batch's
 * transaction.
 */
import type { JsonValue, StorageOp, StoragePut } from '../storage-adapters/storage-adapter.js';
import type { QueuedCommit, RebasedRow } from './change-set.js';
import { decodeRow, encodeRow, storedRevision } from './row-codec.js';
import { isEmptyRow, type RecordRow, type RowRef, rebaseRow, rowOf } from './row-rebase.js';
import type { StoreState } from './store-state.js';

/** One batch being written: its commits, ops and rows, and what planning it found. */
export interface WrittenBatch {
  readonly group: readonly QueuedCommit[];
  readonly merged: Iterable<StorageOp>;
  readonly rows: ReadonlyMap<string, RowRef>;
  /** Position of each row read in the transaction's keys. */
  readonly position: ReadonlyMap<string, number>;
  /** The revision each row written has now (`undefined`: deleted). */
  revs: Array<[string, number | undefined]>;
  rebased: RebasedRow[];
}

/**
 * The ops that write `batch`, given the stored values of its keys: rows whose stored revision
 * is the one `state` knows are written as they are in memory, at the next revision; the others
 * are rebased onto what is stored (see row-rebase.ts).
 */
export function planBatch(
  state: StoreState,
  viewKeys: boolean,
  batch: WrittenBatch,
  values: ReadonlyArray<JsonValue | undefined>,
): StorageOp[] {
  const { rows, position } = batch;
  batch.revs = [];
  batch.rebased = [];
  const out: StorageOp[] = [];
  for (const op of batch.merged) {
    const ref = rows.get(op.key);
    if (!ref) {
      out.push(op);
      continue;
    }
    const at = position.get(op.key);
    const value = at === undefined ? undefined : values[at];
    const storedRev = storedRevision(value);
    const rev = (storedRev ?? 0) + 1;
    if (storedRev === state.rowRevs.get(op.key)) {
      batch.revs.push([op.key, op.type === 'put' ? rev : undefined]);
      out.push(op.type === 'put' ? atRevision(op, rev) : op);
      continue;
    }
    const stored = value === undefined ? undefined : decodeRow(value, ref);
    const row = rebaseRow(state, ref, stored, batch.group);
    batch.rebased.push({ ref, row, rev });
    out.push(rowOp(state, ref, viewKeys, { ...row, rev }));
  }
  return out;
}

/**
 * The op that stores `row` (the row `ref` as it is in `state` now when omitted): a delete
 * when it holds nothing. `viewKeys`: see `encodeRow`.
 */
export function rowOp(
  state: StoreState,
  ref: RowRef,
  viewKeys: boolean,
  row: RecordRow = rowOf(state, ref),
): StorageOp {
  return isEmptyRow(row)
    ? { type: 'delete', key: ref.key }
    : { type: 'put', key: ref.key, value: encodeRow(row, ref.localId, viewKeys) };
}

/**
 * `op` (from {@link rowOp}) at revision `rev`. Its value is the commit's own, fresh from
 * `encodeRow` and written once: it takes the revision in place (last, as `encodeRow` puts it).
 */
function atRevision(op: StoragePut, rev: number): StoragePut {
  (op.value as { [key: string]: JsonValue }).rev = rev;
  return op;
}
