/** Human-readable migration and rollback reports for the terminal. */
import type {
  MigrationPlan,
  MigrationReport,
  RollbackKeptReason,
  RollbackReport,
} from '../migration/migration-report.js';

function planLines(plan: MigrationPlan): string[] {
  const c = plan.counts;
  return [
    `  heroes ${c.heroes}, stories ${c.stories}, custom events ${c.customEvents}, visual profiles ${c.visualProfiles}`,
    `  illustrations ${c.illustrations}, media files ${c.mediaFiles}`,
    `  about ${plan.requests} requests, roughly ${Math.max(1, Math.round(plan.estimatedMs / 1000))} s`,
  ];
}

function keptLines(report: MigrationReport): string[] {
  const groups = new Map<string, { count: number; reason: string; cached: number }>();
  for (const item of report.keptLocally) {
    const key = `${item.collection}.${item.field}`;
    const group = groups.get(key) ?? { count: 0, reason: item.reason, cached: 0 };
    group.count++;
    if (item.media?.stored === 'media-cache') group.cached++;
    groups.set(key, group);
  }
  if (groups.size === 0) return ['Everything was uploaded; nothing stays only on this device.'];
  const lines = ['Kept on this device (the backend cannot take it; nothing was deleted):'];
  for (const [key, group] of groups) {
    const where = group.cached > 0 ? `, ${group.cached} in the media cache` : '';
    lines.push(`  ${key}: ${group.count}${where} — ${group.reason}`);
  }
  const leftInPlace = report.keptLocally.filter((k) => k.media?.stored === 'left-in-place');
  if (leftInPlace.length > 0) {
    const note = leftInPlace[0]?.media?.note ?? '';
    lines.push(`  ${leftInPlace.length} media file(s) left where they are (${note})`);
  }
  return lines;
}

/** The final report of a run or dry run. */
export function formatReport(report: MigrationReport): string {
  const lines: string[] = [];
  if (report.status === 'dry-run') {
    lines.push(
      'Dry run: the export is valid. Nothing was sent.',
      'Plan:',
      ...planLines(report.plan),
    );
  } else {
    lines.push(`Migration ${report.migrationId} completed.`);
    const v = report.verification?.counts;
    if (v) {
      lines.push(
        'Verified on the server (created / expected):',
        `  heroes ${v.heroes.found}/${v.heroes.expected}, stories ${v.stories.found}/${v.stories.expected}, custom events ${v.customEvents.found}/${v.customEvents.expected}, visual profiles ${v.visualProfiles.found}/${v.visualProfiles.expected}`,
      );
    }
    lines.push(`${report.requests} requests in ${(report.durationMs / 1000).toFixed(1)} s.`);
    lines.push(...keptLines(report));
  }
  if (report.warnings.length > 0) {
    lines.push('Changed to fit the backend:');
    for (const warning of report.warnings) lines.push(`  ${warning.path}: ${warning.message}`);
  }
  return `${lines.join('\n')}\n`;
}

const KEPT_REASONS: Record<RollbackKeptReason, string> = {
  'changed-elsewhere': 'changed since the migration (another device?)',
  'added-elsewhere': 'has records the migration did not make',
  'pending-local-change': 'has local changes not synced yet',
  'used-by-kept-story': 'used by a kept story',
};

const KEPT_STAY =
  '  kept records stay on the server; migrating this export again would create them a second time';

/** The report of a rollback. */
export function formatRollback(report: RollbackReport): string {
  const { before, after } = report.counts;
  const same = before.heroes === after.heroes && before.stories === after.stories;
  return `${[
    `Rolled back migration ${report.migrationId}.`,
    `  deleted ${report.deleted.heroes} heroes (with their stories and profiles) and ${report.deleted.customEvents} custom events`,
    `  account now: heroes ${after.heroes}, stories ${after.stories}, custom events ${after.customEvents} (before the migration: ${before.heroes}, ${before.stories}, ${before.customEvents})${same ? '' : ' — differs: something else changed the account meanwhile'}`,
    ...report.kept.map(
      (k) =>
        `  kept ${k.collection} ${k.serverId} (legacy ${k.legacyId}): ${KEPT_REASONS[k.reason]} (${k.because.collection} ${k.because.serverId})`,
    ),
    ...(report.kept.length === 0 ? [] : [KEPT_STAY]),
    '  the legacy export and its files were not touched',
  ].join('\n')}\n`;
}
