/**
 * What the backend cannot accept stays on the device: media files are re-keyed into the media
 * cache under the new server ids (pinned), and every other value is listed in the report with
 * its reason. The legacy data itself is never modified.
 */
import type { JsonValue } from '../storage-adapters/storage-adapter.js';
import type { LegacyMediaFile } from './export-format.js';
import { HERO_AGE_RANGE } from './legacy-mapping.js';
import {
  LEGACY_MEDIA_VERSION,
  type MediaReader,
  type MediaRef,
  type MediaSink,
} from './media-sink.js';
import type { MigrationContext } from './migration-context.js';
import type { KeptLocally } from './migration-report.js';

const NO_UPLOAD = 'the backend has no media upload route';
const NOT_IMPORTABLE = 'the backend cannot import this field (it sets its own value)';

/** Where media goes. Both optional: without them, files are left where they are. */
export interface KeepLocalOptions {
  readonly media: MediaSink | undefined;
  readonly readMedia: MediaReader | undefined;
}

interface MediaJob {
  readonly entry: Omit<KeptLocally, 'media'>;
  readonly file: LegacyMediaFile;
  readonly ref: MediaRef;
}

function json(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
}

function collect(context: MigrationContext): { kept: KeptLocally[]; jobs: MediaJob[] } {
  const { data } = context.prepared;
  const { ids } = context.checkpoint;
  const kept: KeptLocally[] = [];
  const jobs: MediaJob[] = [];
  const value = (
    collection: KeptLocally['collection'],
    legacyId: string,
    serverId: string | null,
    field: string,
    v: unknown,
    reason = NOT_IMPORTABLE,
  ) => kept.push({ collection, legacyId, serverId, field, value: json(v), reason, media: null });
  for (const hero of data.heroes) {
    const serverId = ids.heroes[hero.id] ?? null;
    if (hero.age != null && (hero.age < HERO_AGE_RANGE.min || hero.age > HERO_AGE_RANGE.max)) {
      value('heroes', hero.id, serverId, 'age', hero.age, 'the backend accepts ages 3–12 only');
    }
    if (hero.createdAt) value('heroes', hero.id, serverId, 'createdAt', hero.createdAt);
    if (hero.avatar && serverId) {
      const ref: MediaRef = { kind: 'avatar', id: serverId, version: LEGACY_MEDIA_VERSION };
      const entry = {
        collection: 'heroes' as const,
        legacyId: hero.id,
        serverId,
        field: 'avatar',
        value: json(hero.avatar),
        reason: NO_UPLOAD,
      };
      jobs.push({ entry, file: hero.avatar, ref });
    }
  }
  for (const event of data.customEvents ?? []) {
    const serverId = ids.customEvents[event.id] ?? null;
    if (event.usageCount) value('customEvents', event.id, serverId, 'usageCount', event.usageCount);
    if (event.lastUsedAt) value('customEvents', event.id, serverId, 'lastUsedAt', event.lastUsedAt);
    if (event.createdAt) value('customEvents', event.id, serverId, 'createdAt', event.createdAt);
  }
  for (const story of data.stories) collectStory(story, ids.stories[story.id] ?? null, value, jobs);
  return { kept, jobs };
}

function collectStory(
  story: MigrationContext['prepared']['stories'][number],
  serverId: string | null,
  value: (
    c: KeptLocally['collection'],
    l: string,
    s: string | null,
    f: string,
    v: unknown,
    r?: string,
  ) => void,
  jobs: MediaJob[],
): void {
  if (story.playCount) value('stories', story.id, serverId, 'playCount', story.playCount);
  if (story.lastPlayedAt) value('stories', story.id, serverId, 'lastPlayedAt', story.lastPlayedAt);
  if (story.createdAt) value('stories', story.id, serverId, 'createdAt', story.createdAt);
  if (story.updatedAt) value('stories', story.id, serverId, 'updatedAt', story.updatedAt);
  if (story.audio && serverId) {
    const entry = {
      collection: 'stories' as const,
      legacyId: story.id,
      serverId,
      field: 'audio',
      value: json({ ...story.audio, durationSeconds: story.audioDuration ?? null }),
      reason: `${NO_UPLOAD} (audio can be generated again on the server)`,
    };
    jobs.push({
      entry,
      file: story.audio,
      ref: { kind: 'audio', id: serverId, version: LEGACY_MEDIA_VERSION },
    });
  }
  for (const illustration of story.illustrations ?? []) {
    const { image, ...scene } = illustration;
    const reason = 'the backend cannot import illustrations';
    if (image && serverId) {
      const ref: MediaRef = {
        kind: 'illustration',
        id: `${serverId}/${illustration.id}`,
        version: LEGACY_MEDIA_VERSION,
      };
      const entry = {
        collection: 'illustrations' as const,
        legacyId: illustration.id,
        serverId,
        field: 'illustration',
        value: json({ ...scene, image }),
        reason,
      };
      jobs.push({ entry, file: image, ref });
    } else {
      value('illustrations', illustration.id, serverId, 'illustration', illustration, reason);
    }
  }
}

async function storeMedia(job: MediaJob, options: KeepLocalOptions): Promise<KeptLocally> {
  const leftInPlace = (note: string): KeptLocally => ({
    ...job.entry,
    media: { ref: job.ref, stored: 'left-in-place', note },
  });
  if (!options.media) return leftInPlace('no media cache was given; the file stays where it is');
  if (!options.readMedia)
    return leftInPlace('no media reader was given; the file stays where it is');
  let bytes: Uint8Array | Blob;
  try {
    bytes = await options.readMedia(job.file);
  } catch (error) {
    return leftInPlace(`the file could not be read (${String(error)}); it was not changed`);
  }
  try {
    await options.media.put(job.ref, bytes, { contentType: job.file.contentType, pin: true });
  } catch (error) {
    return leftInPlace(`the media cache refused the file (${String(error)}); it was not changed`);
  }
  return { ...job.entry, media: { ref: job.ref, stored: 'media-cache', note: null } };
}

/** Re-keys media into the sink and lists everything that stays only on the device. */
export async function keepLocally(
  context: MigrationContext,
  options: KeepLocalOptions,
): Promise<KeptLocally[]> {
  const { kept, jobs } = collect(context);
  context.progress.report('media', 0, jobs.length);
  let done = 0;
  for (const job of jobs) {
    if (context.signal.aborted) throw context.signal.reason;
    kept.push(await storeMedia(job, options));
    done++;
    const item = {
      collection: 'media' as const,
      legacyId: job.entry.legacyId,
      serverId: job.entry.serverId,
    };
    context.progress.report('media', done, jobs.length, item);
  }
  return kept;
}
