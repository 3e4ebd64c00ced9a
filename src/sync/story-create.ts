/**
 * `/v1` cannot create a story with given content (stories are generated), so a story created on
 * the device (a re-created one) goes through the batch import route, one item, then is read
 * back (a batch can report a server id it rolled back).
 */
import type { ApiClient } from '../api/api-client.js';
import type { CreateCallOptions } from '../api/options.js';
import { isHttpError, SdkError, ValidationError } from '../errors/index.js';
import type { WireData } from '../model/types.js';
import type { BatchStoryInput } from '../schemas/batch.js';
import type { ServerRow } from '../store/id-map.js';
import type { SendResult, SendTarget } from './push-requests.js';

const OPERATION = 'sync.push stories.create';

const text = (value: WireData[string] | undefined): string | undefined =>
  typeof value === 'string' ? value : undefined;

const refused = (field: string, message: string): ValidationError =>
  new ValidationError({ operation: OPERATION, field, message });

/** The one import item of a story create. */
function importItem(localId: string, patch: WireData): BatchStoryInput {
  const heroId = text(patch.heroId);
  if (heroId === undefined) throw refused('heroId', 'is required');
  const customEventId = text(patch.customEventId);
  const eventType = text(patch.eventType);
  const language = text(patch.language);
  return {
    id: localId,
    heroId,
    title: text(patch.title) ?? '',
    content: text(patch.content) ?? '',
    ...(eventType === undefined ? {} : { eventType }),
    ...(customEventId === undefined ? {} : { customEventId }),
    ...(language === undefined ? {} : { language }),
    ...(typeof patch.isFavorite === 'boolean' ? { isFavorite: patch.isFavorite } : {}),
  };
}

/** Creates the target's story through the import route and reads it back. */
export async function createStory(
  api: ApiClient,
  target: SendTarget,
  options: CreateCallOptions,
): Promise<SendResult> {
  const item = importItem(target.entry.localId, target.patch);
  const result = await api.batch.importStories([item], options);
  const failed = result.results.failed[0];
  if (failed) throw refused('story', `was refused by the import route: ${failed.error}`);
  const created = result.results.created[0];
  if (!created) throw refused('story', 'was not created by the import route');
  let story: Awaited<ReturnType<ApiClient['stories']['get']>>;
  try {
    story = await api.stories.get(
      created.serverId,
      { includeIllustrations: true },
      { ...(options.signal ? { signal: options.signal } : {}) },
    );
  } catch (error) {
    if (!isHttpError(error) || error.status !== 404) throw error;
    // The import reported an id it then rolled back: nothing was created; try again later.
    throw new SdkError(
      `${OPERATION}: the import route reported story ${created.serverId} but rolled it back; it will be sent again`,
      { cause: error },
    );
  }
  const { illustrations, ...row } = story;
  const rows: readonly ServerRow[] = (illustrations ?? []).map((illustration) => ({
    ...illustration,
  }));
  return { row: { ...row }, related: [{ collection: 'illustrations', rows }] };
}
