/**
 * An internal capability of `memoryStorage`: it keeps values as frozen objects in this
 * process, never as text. Its size means nothing on disk, and reading a value back costs no
 * decoding, so the store writes a record row there with the record's data as the app sees it
 * (view keys included: see row-codec.ts), which a reopen adopts as it is instead of copying it.
 *
 * The capability sits under a symbol, not enumerable, so a wrapper built by copying an
 * adapter's properties (`{ ...adapter, batch }`) does not inherit it: such a wrapper gets rows
 * as any adapter does.
 */
import type { StorageAdapter } from './storage-adapter.js';

const OBJECT_VALUES = Symbol.for('@infinitestories/sdk.objectValues');

/** Marks `adapter` as keeping its values as objects (see the module comment). */
export function withObjectValues<T extends StorageAdapter>(adapter: T): T {
  Object.defineProperty(adapter, OBJECT_VALUES, { value: true, enumerable: false });
  return adapter;
}

/** Whether `adapter` keeps its values as objects (see the module comment). */
export function keepsObjectValues(adapter: StorageAdapter): boolean {
  return (adapter as { readonly [OBJECT_VALUES]?: boolean })[OBJECT_VALUES] === true;
}
