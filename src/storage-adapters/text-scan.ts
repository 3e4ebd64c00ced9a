/**
 * Internal (not part of the public adapter interface): a prefix scan that hands over the stored
 * JSON text of each value undecoded, for adapters that store text (SQLite). Opening a store
 * uses it to decode each collection's rows only when the collection is first used; a value
 * that is not JSON text is reported then, as `decodeJson` reports it.
 */
import type { StorageAdapter } from './storage-adapter.js';

/** The property under which an adapter offers its {@link TextScan}. */
export const textScanKey: unique symbol = Symbol('infinitestories.textScan');

/** Every `[key, stored text]` whose key starts with `prefix`, in key order (as `scan`). */
export type TextScan = (prefix: string) => Promise<Array<[string, unknown]>>;

/** An adapter that may offer a {@link TextScan}. */
export interface TextScanning {
  [textScanKey]?: TextScan;
}

/** The adapter's text scan, if it has one. */
export function textScanOf(adapter: StorageAdapter): TextScan | undefined {
  const scan = (adapter as TextScanning)[textScanKey];
  return typeof scan === 'function' ? scan : undefined;
}
