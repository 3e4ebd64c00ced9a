/**
 * Fields the server owns, per collection (DESIGN.md §6): in a merge they always take the
 * server's value and are never sent back. A field is server-owned when the device cannot write
 * it through the collection's PATCH route (CONTRACT.md §5):
 *
 * - **generated**: the server computes it (timestamps, `userId`, statuses, signed URLs, counts,
 *   generation ids and prompts, AI-enhancement data, nested includes);
 * - **fixed**: set once at creation and never patchable (a story's hero and event, a visual
 *   profile's hero). Unlike generated fields, these are part of a re-create.
 *
 * Illustrations are read-only on the device: every field of theirs is server-owned.
 */
import type { CollectionName, WireData } from '../store/types.js';
import { fieldSpec } from './collection-fields.js';
import type { JsonValue } from './json.js';

/** The server-owned fields of one collection. */
export interface ServerOwnedFields {
  readonly generated: readonly string[];
  readonly fixed: readonly string[];
  /** True when the device cannot write the collection at all. */
  readonly readOnly: boolean;
}

const timestamps = ['createdAt', 'updatedAt'] as const;

/** The server-owned fields of every collection. */
export const SERVER_OWNED_FIELDS: Readonly<Record<CollectionName, ServerOwnedFields>> = {
  heroes: {
    generated: [
      'userId',
      ...timestamps,
      'avatarUrl',
      'avatarPrompt',
      'avatarGenerationId',
      'visualProfileId',
      'visualProfile',
      'stories',
      '_count',
    ],
    fixed: [],
    readOnly: false,
  },
  stories: {
    generated: [
      'userId',
      ...timestamps,
      'audioUrl',
      'audioGenerationStatus',
      'audioGenerationError',
      'audioDuration',
      'illustrationStatus',
      'illustrationCount',
      'playCount',
      'lastPlayedAt',
      'generationMetadata',
      'hero',
      'customEvent',
      'illustrations',
      '_count',
    ],
    fixed: ['heroId', 'eventType', 'customEventId'],
    readOnly: false,
  },
  customEvents: {
    generated: [
      'userId',
      ...timestamps,
      'pictogramEmoji',
      'pictogramSymbols',
      'aiEnhanced',
      'aiEnhancementMetadata',
      'usageCount',
      'lastUsedAt',
    ],
    fixed: [],
    readOnly: false,
  },
  visualProfiles: {
    generated: [...timestamps],
    fixed: ['heroId'],
    readOnly: false,
  },
  illustrations: {
    generated: [
      ...timestamps,
      'imageUrl',
      'imagePrompt',
      'sceneDescription',
      'displayOrder',
      'audioTimestamp',
      'audioDuration',
      'generationId',
      'previousGenerationId',
      'generationStatus',
      'generationError',
      'retryCount',
    ],
    fixed: ['storyId'],
    readOnly: true,
  },
};

const generatedSets = new Map<CollectionName, ReadonlySet<string>>();
const ownedSets = new Map<CollectionName, ReadonlySet<string>>();
for (const [collection, owned] of Object.entries(SERVER_OWNED_FIELDS) as Array<
  [CollectionName, ServerOwnedFields]
>) {
  generatedSets.set(collection, new Set(owned.generated));
  ownedSets.set(collection, new Set([...owned.generated, ...owned.fixed]));
}

/** True when the server owns `field` of `collection` (always remote in a merge, never sent). */
export function isServerOwned(collection: CollectionName, field: string): boolean {
  if (field === 'id') return true;
  if (SERVER_OWNED_FIELDS[collection].readOnly) return true;
  return ownedSets.get(collection)?.has(field) ?? false;
}

/** True when the server computes `field` (left out when a record is re-created). */
export function isServerGenerated(collection: CollectionName, field: string): boolean {
  return field === 'id' || (generatedSets.get(collection)?.has(field) ?? false);
}

/**
 * The fields to send when `data` is created again on the server (after the server deleted it):
 * the collection's known fields except server-generated ones and `null`s (create routes take
 * optional fields as absent, not `null`). References stay local ids, as in any queued create.
 */
export function recreateFields(collection: CollectionName, data: WireData): WireData {
  const out: Record<string, JsonValue> = {};
  for (const [field, value] of Object.entries(data)) {
    if (value === null || !fieldSpec(collection, field)) continue;
    if (isServerGenerated(collection, field)) continue;
    out[field] = value;
  }
  return out;
}
