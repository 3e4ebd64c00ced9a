/**
 * Validation of a legacy export: version first (an unknown version is refused with a clear
 * message rather than a list of schema errors), then the schema, then the cross references
 * (stories → heroes and custom events, profiles → heroes, unique ids). Every problem is listed.
 */
import type * as z from 'zod/mini';
import {
  LEGACY_EXPORT_FORMAT,
  type LegacyExport,
  legacyExportSchema,
  SUPPORTED_EXPORT_VERSIONS,
} from './export-format.js';
import { type ExportIssue, MigrationError } from './migration-error.js';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkVersion(data: unknown): void {
  if (!isObject(data) || data.format !== LEGACY_EXPORT_FORMAT) {
    throw new MigrationError({
      kind: 'unsupported-version',
      message: `This is not an InfiniteStories legacy export: "format" must be "${LEGACY_EXPORT_FORMAT}"`,
      issues: [{ path: 'format', message: `expected "${LEGACY_EXPORT_FORMAT}"` }],
    });
  }
  const version = data.version;
  if (!(SUPPORTED_EXPORT_VERSIONS as readonly unknown[]).includes(version)) {
    throw new MigrationError({
      kind: 'unsupported-version',
      message: `Legacy export version ${JSON.stringify(version)} is not supported (this SDK reads version ${SUPPORTED_EXPORT_VERSIONS.join(', ')}); update the SDK or export again with a supported version`,
      issues: [{ path: 'version', message: `unsupported version ${JSON.stringify(version)}` }],
    });
  }
}

function schemaIssues(error: z.core.$ZodError): ExportIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

function duplicates(
  items: readonly { id: string }[],
  path: string,
  issues: ExportIssue[],
): Set<string> {
  const seen = new Set<string>();
  items.forEach((item, index) => {
    if (seen.has(item.id)) {
      issues.push({ path: `${path}.${index}.id`, message: `duplicate id "${item.id}"` });
    }
    seen.add(item.id);
  });
  return seen;
}

function referenceIssues(data: LegacyExport): ExportIssue[] {
  const issues: ExportIssue[] = [];
  const heroes = duplicates(data.heroes, 'heroes', issues);
  duplicates(data.stories, 'stories', issues);
  const events = duplicates(data.customEvents ?? [], 'customEvents', issues);
  data.stories.forEach((story, index) => {
    if (!heroes.has(story.heroId)) {
      issues.push({
        path: `stories.${index}.heroId`,
        message: `hero "${story.heroId}" is not in the export`,
      });
    }
    if (story.customEventId != null && !events.has(story.customEventId)) {
      issues.push({
        path: `stories.${index}.customEventId`,
        message: `custom event "${story.customEventId}" is not in the export`,
      });
    }
    const illustrations = story.illustrations;
    if (illustrations && illustrations.length > 1) {
      duplicates(illustrations, `stories.${index}.illustrations`, issues);
    }
  });
  const profiled = new Set<string>();
  (data.visualProfiles ?? []).forEach((profile, index) => {
    const path = `visualProfiles.${index}.heroId`;
    if (!heroes.has(profile.heroId)) {
      issues.push({ path, message: `hero "${profile.heroId}" is not in the export` });
    } else if (profiled.has(profile.heroId)) {
      issues.push({ path, message: `hero "${profile.heroId}" has more than one visual profile` });
    }
    profiled.add(profile.heroId);
  });
  return issues;
}

/**
 * Validates `data` as a legacy export. Throws a {@link MigrationError} (`unsupported-version`
 * or `invalid-export`, with every problem in `issues`) and never changes anything.
 */
export function parseLegacyExport(data: unknown): LegacyExport {
  checkVersion(data);
  const parsed = legacyExportSchema.safeParse(data);
  const issues = parsed.success ? referenceIssues(parsed.data) : schemaIssues(parsed.error);
  if (!parsed.success || issues.length > 0) {
    const shown = issues
      .slice(0, 5)
      .map((issue) => `${issue.path || '(export)'}: ${issue.message}`)
      .join('; ');
    const more = issues.length > 5 ? ` (and ${issues.length - 5} more)` : '';
    throw new MigrationError({
      kind: 'invalid-export',
      message: `The legacy export is invalid (${issues.length} problem${issues.length === 1 ? '' : 's'}); nothing was sent: ${shown}${more}`,
      issues,
    });
  }
  return parsed.data;
}
