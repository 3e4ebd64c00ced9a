/**
 * The on-disk layout shared by the file-system blob stores (Node and Expo): each item is a
 * `.bin` file of bytes beside a JSON entry file naming it, written to a temporary name and
 * committed by a move, so a crash leaves either the old item or the new one.
 */
import type { BlobMetadata } from './blob-store.js';

/** What an item's JSON entry file holds. */
export interface EntryFile {
  readonly key: string;
  readonly size: number;
  readonly contentType: string;
  readonly metadata: BlobMetadata;
  readonly file: string;
}

/** Suffix of a file being written, not yet committed. */
export const TEMP_SUFFIX = '.tmp';

/** Whether a file in the store's directory is a leftover of an interrupted write or removal. */
export function isLeftover(name: string, referenced: ReadonlySet<string>): boolean {
  return name.endsWith(TEMP_SUFFIX) || (name.endsWith('.bin') && !referenced.has(name));
}

/** Parses an entry file, or `null` when it is not one (a torn or foreign file). */
export function parseEntry(text: string): EntryFile | null {
  try {
    const value = JSON.parse(text) as Partial<EntryFile>;
    const ok =
      typeof value.key === 'string' &&
      typeof value.size === 'number' &&
      typeof value.contentType === 'string' &&
      typeof value.file === 'string' &&
      typeof value.metadata === 'object' &&
      value.metadata !== null;
    return ok ? (value as EntryFile) : null;
  } catch {
    return null;
  }
}
