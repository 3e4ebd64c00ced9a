/**
 * The migration's own writes. A row the migration created is, as it left it, at `updatedAt ===
 * createdAt` (the backend sets both on insert); a row it PATCHed afterwards is at the
 * `updatedAt` that PATCH answered (kept in the checkpoint's `written`). Any later `updatedAt`
 * is someone else's change: another device's edit, a play, the server's own status updates.
 */
import type { MigrationContext } from './migration-context.js';
import type { Row } from './server-rows.js';

/** The `updatedAt` the migration's own last write gave `row`. */
export function ownWriteOf(context: MigrationContext, row: Row): string | undefined {
  const written = context.checkpoint.written?.[row.id];
  if (written !== undefined) return written;
  return typeof row.createdAt === 'string' ? row.createdAt : undefined;
}

/** Whether something other than the migration changed `row` after the migration wrote it. */
export function changedSinceMigration(context: MigrationContext, row: Row): boolean {
  return row.updatedAt !== ownWriteOf(context, row);
}
