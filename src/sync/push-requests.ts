/**
 * How each outbox entry goes over the wire: which endpoint, with which ids (local references
 * rewritten to server ids at send time), and what row the answer gives back for the
 * acknowledgement. An entry whose references are not on the server yet is not sendable.
 */
import type { ApiClient } from '../client/api-client.js';
import type { CallOptions, CreateCallOptions } from '../client/options.js';
import { fieldSpec } from '../conflict/collection-fields.js';
import { jsonEqual } from '../conflict/json.js';
import { isServerOwned } from '../conflict/server-owned-fields.js';
import { isHttpError, SdkError, ValidationError } from '../errors/index.js';
import type { CreateCustomEventInput, UpdateCustomEventInput } from '../schemas/custom-event.js';
import type { CreateHeroInput, UpdateHeroInput } from '../schemas/hero.js';
import type { UpdateStoryInput } from '../schemas/story.js';
import type { VisualProfileInput } from '../schemas/visual-profile.js';
import type { ServerRow } from '../store/id-map.js';
import type { LocalStore } from '../store/local-store.js';
import { REFERENCES } from '../store/relations.js';
import type { CollectionName, OutboxEntry, WireData } from '../store/types.js';

/** An entry with everything needed to send it. */
export interface SendTarget {
  readonly entry: OutboxEntry;
  /** The record's server id (`null` for a create). */
  readonly serverId: string | null;
  /** For visual profiles: the hero's server id (their routes are keyed by it). */
  readonly heroServerId: string | null;
  /** The entry's patch with references as server ids. */
  readonly patch: WireData;
}

/** What the server answered, for the acknowledgement. */
export interface SendResult {
  /** The server's version of the record (creates always have one). */
  readonly row?: ServerRow | undefined;
  /** Rows of other collections the answer carried (a re-created story's illustrations). */
  readonly related?: ReadonlyArray<{
    readonly collection: CollectionName;
    readonly rows: readonly ServerRow[];
  }>;
}

/** The result of {@link resolveTarget}. */
export type TargetResolution =
  | { readonly ready: true; readonly target: SendTarget }
  | { readonly ready: false };

const asRow = (value: { readonly id: string }): ServerRow => value as unknown as ServerRow;

function serverIdOf(
  store: LocalStore,
  collection: CollectionName,
  localId: unknown,
): string | null {
  if (typeof localId !== 'string') return null;
  const record = store.getStored(collection, localId);
  // A reference to a record the device does not hold is a server id already.
  return record ? record.serverId : localId;
}

/**
 * Rewrites the entry's references to server ids. Not ready while a referenced record (or, for
 * an update or delete, the record itself) has not been created on the server yet.
 */
export function resolveTarget(store: LocalStore, entry: OutboxEntry): TargetResolution {
  const record = store.getStored(entry.collection, entry.localId);
  const serverId = record?.serverId ?? null;
  if (entry.op !== 'create' && serverId === null) return { ready: false };
  const { patch, unresolved } = store.toServerPatch(entry.collection, entry.patch ?? {});
  if (unresolved.length > 0) return { ready: false };
  let heroServerId: string | null = null;
  if (entry.collection === 'visualProfiles') {
    heroServerId = serverIdOf(store, 'heroes', record?.data.heroId ?? entry.patch?.heroId);
    if (heroServerId === null) return { ready: false };
  }
  return { ready: true, target: { entry, serverId, heroServerId, patch } };
}

function unsupported(entry: OutboxEntry): ValidationError {
  return new ValidationError({
    operation: `sync.push ${entry.collection}.${entry.op}`,
    field: 'op',
    message: `is not an operation the backend offers for ${entry.collection}; discard it`,
  });
}

/** Sends one entry. Throws the API client's typed errors. */
export async function sendEntry(
  api: ApiClient,
  target: SendTarget,
  options: { readonly signal: AbortSignal; readonly idempotencyKey?: string | undefined },
): Promise<SendResult> {
  const { entry, patch } = target;
  const call: CallOptions = { signal: options.signal };
  const create: CreateCallOptions =
    options.idempotencyKey === undefined
      ? call
      : { ...call, idempotencyKey: options.idempotencyKey };
  const id = target.serverId ?? '';
  switch (entry.collection) {
    case 'heroes':
      if (entry.op === 'create') {
        return { row: asRow(await api.heroes.create(patch as unknown as CreateHeroInput, create)) };
      }
      if (entry.op === 'update') {
        return { row: asRow(await api.heroes.update(id, patch as UpdateHeroInput, call)) };
      }
      if (entry.op === 'delete') {
        await api.heroes.delete(id, call);
        return {};
      }
      break;
    case 'customEvents':
      if (entry.op === 'create') {
        const input = patch as unknown as CreateCustomEventInput;
        return { row: asRow(await api.customEvents.create(input, create)) };
      }
      if (entry.op === 'update') {
        const input = patch as UpdateCustomEventInput;
        return { row: asRow(await api.customEvents.update(id, input, call)) };
      }
      if (entry.op === 'delete') {
        await api.customEvents.delete(id, call);
        return {};
      }
      break;
    case 'visualProfiles': {
      const heroId = target.heroServerId ?? '';
      const input = patch as VisualProfileInput;
      if (entry.op === 'create') {
        return { row: asRow(await api.heroes.visualProfile.create(heroId, input, create)) };
      }
      if (entry.op === 'update') {
        return { row: asRow(await api.heroes.visualProfile.update(heroId, input, call)) };
      }
      if (entry.op === 'delete') {
        await api.heroes.visualProfile.delete(heroId, call);
        return {};
      }
      break;
    }
    case 'stories':
      if (entry.op === 'create') return createStory(api, target, create);
      if (entry.op === 'update') {
        return { row: asRow(await api.stories.update(id, patch as UpdateStoryInput, call)) };
      }
      if (entry.op === 'delete') {
        await api.stories.delete(id, call);
        return {};
      }
      if (entry.op === 'play') {
        const played = await api.stories.play(id, call);
        return { row: asRow(played) };
      }
      break;
    default:
      break;
  }
  throw unsupported(entry);
}

const text = (value: WireData[string] | undefined): string | undefined =>
  typeof value === 'string' ? value : undefined;

/**
 * `/v1` cannot create a story with given content (stories are generated), so a story created on
 * the device (a re-created one) goes through the batch import route, one item, then is read
 * back (a batch can report a server id it rolled back: CONTRACT.md §11.2 E23).
 */
async function createStory(
  api: ApiClient,
  target: SendTarget,
  options: CreateCallOptions,
): Promise<SendResult> {
  const { entry, patch } = target;
  const heroId = text(patch.heroId);
  if (heroId === undefined) {
    throw new ValidationError({
      operation: 'sync.push stories.create',
      field: 'heroId',
      message: 'is required',
    });
  }
  const customEventId = text(patch.customEventId);
  const eventType = text(patch.eventType);
  const language = text(patch.language);
  const result = await api.batch.importStories(
    [
      {
        id: entry.localId,
        heroId,
        title: text(patch.title) ?? '',
        content: text(patch.content) ?? '',
        ...(eventType === undefined ? {} : { eventType }),
        ...(customEventId === undefined ? {} : { customEventId }),
        ...(language === undefined ? {} : { language }),
        ...(typeof patch.isFavorite === 'boolean' ? { isFavorite: patch.isFavorite } : {}),
      },
    ],
    options,
  );
  const failed = result.results.failed[0];
  if (failed) {
    throw new ValidationError({
      operation: 'sync.push stories.create',
      field: 'story',
      message: `was refused by the import route: ${failed.error}`,
    });
  }
  const created = result.results.created[0];
  if (!created) {
    throw new ValidationError({
      operation: 'sync.push stories.create',
      field: 'story',
      message: 'was not created by the import route',
    });
  }
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
      `sync.push stories.create: the import route reported story ${created.serverId} but rolled it back; it will be sent again`,
      { cause: error },
    );
  }
  const { illustrations, ...row } = story;
  return {
    row: asRow(row),
    related: [{ collection: 'illustrations', rows: (illustrations ?? []).map(asRow) }],
  };
}

const isEmpty = (value: WireData[string] | undefined): boolean =>
  value === undefined ||
  value === null ||
  value === '' ||
  (Array.isArray(value) && value.length === 0);

/**
 * Fields a create carried that the create route could not set (a custom event's `isFavorite`):
 * writable, non-empty values the server's row does not hold. The Pusher queues them as an update
 * right behind the create, so a write made before the create was sent is not lost. Empty values
 * (`''`, `null`, `[]`) are left out: the routes replace them with their defaults on purpose.
 */
export function createLeftovers(
  collection: CollectionName,
  patch: WireData,
  row: ServerRow,
): WireData | null {
  const references = new Set(REFERENCES[collection].map((reference) => reference.field));
  const out: Record<string, WireData[string]> = {};
  for (const [field, value] of Object.entries(patch)) {
    if (references.has(field) || isEmpty(value)) continue;
    if (!fieldSpec(collection, field) || isServerOwned(collection, field)) continue;
    if (!jsonEqual(row[field], value)) out[field] = value;
  }
  return Object.keys(out).length > 0 ? out : null;
}
