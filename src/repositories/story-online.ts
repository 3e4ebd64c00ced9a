/**
 * The online-only story operations: they need the network, fail fast offline
 * with `OfflineError`, are never retried on 429 (the `RateLimitError` surfaces), and write
 * their results into the store like pulled rows.
 */

import type { ApiClient } from '../api/api-client.js';
import { isHttpError, isRateLimitError } from '../errors/index.js';
import { sleep } from '../platform/abort.js';
import { foregroundTimers } from '../platform/clock.js';
import { anySignal } from '../platform/compat/any-signal.js';
import type {
  GenerateIllustrationsResult,
  IllustrationStatusReport,
} from '../schemas/illustration.js';
import {
  type GenerateAudioInput,
  type GenerateStoryInput,
  generateAudioInputSchema,
  generateStoryInputSchema,
} from '../schemas/story.js';
import type { StoryRecord } from './record-types.js';
import {
  asServerRow,
  type NetworkOptions,
  notFound,
  type RepositoryContext,
  requireOnline,
  requireServerId,
  validate,
  withSignal,
} from './repository-context.js';
import type { GenerateIllustrationsOptions } from './story-repository.js';

function storyOf(context: RepositoryContext, id: string, operation: string): StoryRecord {
  const story = context.store.get('stories', id);
  if (!story) throw notFound(operation, id);
  return story as unknown as StoryRecord;
}

/**
 * What every online operation on one story starts with: the device is online and the story is
 * on the server. Resolves the API client and the story's server id.
 */
function onlineStory(
  context: RepositoryContext,
  id: string,
  operation: string,
): { readonly api: ApiClient; readonly serverId: string } {
  const api = requireOnline(context, operation);
  return { api, serverId: requireServerId(context, 'stories', id, operation) };
}

/** `stories.generate`: generate on the server, store the row and its scene placeholders. */
export async function generateStory(
  context: RepositoryContext,
  input: GenerateStoryInput,
  options: NetworkOptions,
): Promise<StoryRecord> {
  const operation = 'stories.generate';
  const body = validate(operation, generateStoryInputSchema, input);
  const api = requireOnline(context, operation);
  const heroId = requireServerId(context, 'heroes', body.heroId, operation, 'heroId');
  const customEventId =
    body.customEventId === undefined
      ? undefined
      : requireServerId(context, 'customEvents', body.customEventId, operation, 'customEventId');
  const row = await api.stories.generate(
    { ...body, heroId, ...(customEventId === undefined ? {} : { customEventId }) },
    withSignal(context, options),
  );
  await context.store.applyServerRows('stories', [asServerRow(row)]);
  if (row.illustrationStatus !== 'none') {
    // Scene placeholders were created with the story; fetch them so the UI can show scenes.
    // Best effort: the next pull brings them otherwise.
    await refreshIllustrations(context, api, row.id, options).catch(() => undefined);
  }
  return storyOf(context, context.store.toLocalId('stories', row.id), operation);
}

/** `stories.generateAudio`: generate (or fetch existing) audio and store its URL and status. */
export async function generateAudio(
  context: RepositoryContext,
  id: string,
  input: GenerateAudioInput,
  options: NetworkOptions,
): Promise<StoryRecord> {
  const operation = 'stories.generateAudio';
  const body = validate(operation, generateAudioInputSchema, input);
  const { api, serverId } = onlineStory(context, id, operation);
  let result: Awaited<ReturnType<ApiClient['stories']['generateAudio']>>;
  try {
    result = await api.stories.generateAudio(serverId, body, withSignal(context, options));
  } catch (error) {
    // The server marks the story's audio `failed` on any error it answered (429 included).
    if (isHttpError(error) || isRateLimitError(error)) {
      await context.store
        .applyServerFields('stories', id, { audioGenerationStatus: 'failed' })
        .catch(() => undefined);
    }
    throw error;
  }
  await context.store.applyServerFields('stories', id, {
    audioUrl: result.audioUrl,
    audioDuration: result.audioDuration,
    audioGenerationStatus: result.status,
  });
  return storyOf(context, id, operation);
}

/** `stories.markPlayed`: count a play on the server and store the new count. */
export async function markPlayed(
  context: RepositoryContext,
  id: string,
  options: NetworkOptions,
): Promise<StoryRecord> {
  const operation = 'stories.markPlayed';
  const { api, serverId } = onlineStory(context, id, operation);
  const played = await api.stories.play(serverId, withSignal(context, options));
  await context.store.applyServerFields('stories', id, {
    playCount: played.playCount,
    lastPlayedAt: played.lastPlayedAt,
  });
  return storyOf(context, id, operation);
}

/**
 * `stories.generateIllustrations`: runs the (synchronous, slow) generation call while polling
 * the status endpoint for `onProgress`, then stores the illustrations and the story's status.
 */
export async function generateIllustrations(
  context: RepositoryContext,
  id: string,
  options: GenerateIllustrationsOptions,
): Promise<GenerateIllustrationsResult> {
  const operation = 'stories.generateIllustrations';
  const { onProgress, pollIntervalMs = 2000, style, maxIllustrations } = options;
  const { signal } = withSignal(context, options);
  const { api, serverId } = onlineStory(context, id, operation);
  const stopPolling = new AbortController();
  const pollSignal = signal ? anySignal([signal, stopPolling.signal]) : stopPolling.signal;
  const polling = onProgress
    ? poll(api, serverId, pollIntervalMs, pollSignal, onProgress)
    : Promise.resolve();
  let result: GenerateIllustrationsResult;
  try {
    result = await api.stories.generateIllustrations(
      serverId,
      {
        ...(style === undefined ? {} : { style }),
        ...(maxIllustrations === undefined ? {} : { maxIllustrations }),
      },
      withSignal(context, options),
    );
  } finally {
    stopPolling.abort();
    await polling;
  }
  if (onProgress) {
    const final = await api.stories.illustrationStatus(serverId, withSignal(context, options));
    onProgress(final);
  }
  await refreshIllustrations(context, api, serverId, options);
  const story = await api.stories.get(serverId, {}, withSignal(context, options));
  await context.store.applyServerFields('stories', id, {
    illustrationStatus: story.illustrationStatus,
    illustrationCount: story.illustrationCount,
  });
  return result;
}

async function poll(
  api: ApiClient,
  storyId: string,
  intervalMs: number,
  signal: AbortSignal,
  onProgress: (report: IllustrationStatusReport) => void,
): Promise<void> {
  while (!signal.aborted) {
    try {
      await sleep(foregroundTimers, intervalMs, 'sleep', signal);
      const report = await api.stories.illustrationStatus(storyId, { signal });
      if (!signal.aborted) onProgress(report);
    } catch {
      // Aborted, or one status read failed: the generation call decides the outcome.
    }
  }
}

/** Stores the story's illustrations as the server lists them, dropping ones it no longer has. */
export async function refreshIllustrations(
  context: RepositoryContext,
  api: ApiClient,
  storyServerId: string,
  options: NetworkOptions,
): Promise<void> {
  const { illustrations } = await api.stories.illustrations(
    storyServerId,
    withSignal(context, options),
  );
  const { store } = context;
  await store.applyServerRows('illustrations', illustrations.map(asServerRow));
  const storyLocalId = store.toLocalId('stories', storyServerId);
  const kept = new Set(illustrations.map((row) => store.toLocalId('illustrations', row.id)));
  const gone = store
    .list('illustrations', { where: { storyId: storyLocalId } })
    .filter((record) => !kept.has(record.id))
    .map((record) => record.id);
  if (gone.length > 0) await store.removeRecords('illustrations', gone);
}
