/**
 * The storage ops of record rows, as the commit path writes them: a row is encoded when its
 * commit is applied (see row-codec.ts), and written at its next revision inside the batch's
 * transaction.
 */
import type { JsonValue, StorageOp, StoragePut } from '../storage-adapters/storage-adapter.js';
import { encodeRow } from './row-codec.js';
import { isEmptyRow, type RecordRow, type RowRef, rowOf } from './row-rebase.js';
import type { StoreState } from './store-state.js';

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
export function atRevision(op: StoragePut, rev: number): StoragePut {
  (op.value as { [key: string]: JsonValue }).rev = rev;
  return op;
}
