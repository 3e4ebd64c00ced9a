/**
 * Which pulled rows are older than what the device holds: an older server version, or a copy
 * from a listing that started before the record last heard from the server.
 */
import type { StoredRecord } from '../model/types.js';
import type { ServerRow } from './id-map.js';

/** The row's `updatedAt`, when it has one. */
export const updatedAtOf = (row: ServerRow): string | null =>
  typeof row.updatedAt === 'string' ? row.updatedAt : null;

/**
 * Whether `row` is older than what the device holds of `record`: an older server version, or a
 * listing taken before the record last heard from the server (`listedAt`, server clock; a write
 * that landed while the listing was in flight is newer than the listing's copy).
 */
export function isStale(
  record: StoredRecord,
  row: ServerRow,
  listedAt: number | undefined,
  trustedUntil: string | undefined,
  now: number,
): boolean {
  const updatedAt = updatedAtOf(row);
  const held = record.serverUpdatedAt;
  // A held version dated after the server's own clock says nothing about order.
  const trusted = trustedUntil === undefined || held === null || held <= trustedUntil;
  if (updatedAt !== null && held !== null && updatedAt < held && trusted) return true;
  return listedAt !== undefined && heardSince(record.lastSyncedAt, listedAt, now);
}

/**
 * Whether a record heard from the server at or after `listedAt`, so a listing started then
 * holds an older copy of it. All three times are server times (device clock + the steady offset
 * when each was taken), so a device clock changed in between does not reorder them; a
 * `lastSyncedAt` later than `now` (taken before the offset was known) is not trusted.
 */
export function heardSince(lastSyncedAt: number | null, listedAt: number, now: number): boolean {
  return lastSyncedAt !== null && lastSyncedAt >= listedAt && lastSyncedAt <= now;
}
