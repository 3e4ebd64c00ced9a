/**
 * The fields each collection's records hold (CONTRACT.md §2, as the local store keeps them:
 * wire columns without `id`, references as local ids), with their JSON types. Conflict
 * resolution uses it to validate values that come from app code (a custom resolver's output, a
 * `{ merged }` resolution): unknown fields and wrongly typed values are refused, never stored.
 *
 * Kept in step with the zod schemas in `src/schemas/` by a test.
 */
import type { CollectionName } from '../store/types.js';
import { type JsonValue, jsonKind } from './json.js';

/** The type of a field's value. `json` is any JSON value (opaque server data). */
export type FieldType =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'string[]'
  | 'object'
  | 'json';

/** A field's type and whether it may be `null`. */
export interface FieldSpec {
  readonly type: FieldType;
  readonly nullable: boolean;
}

type Fields = Readonly<Record<string, FieldSpec>>;

const req = (type: FieldType): FieldSpec => ({ type, nullable: false });
const opt = (type: FieldType): FieldSpec => ({ type, nullable: true });
const str = req('string');
const strN = opt('string');
const timestamps = { createdAt: str, updatedAt: str };

/**
 * Nested includes and counts a server row may carry (the store drops them). Known, so a resolver
 * that spreads a raw row is not refused; server-owned, so their values are never kept from it.
 */
const heroIncludes = { visualProfile: opt('json'), stories: opt('json'), _count: opt('json') };
const storyIncludes = {
  hero: opt('json'),
  customEvent: opt('json'),
  illustrations: opt('json'),
  _count: opt('json'),
};

/** The free-text fields of a hero visual profile (CONTRACT.md §2.4). */
export const VISUAL_PROFILE_TEXT_FIELDS = [
  'hairStyle',
  'hairColor',
  'hairTexture',
  'eyeColor',
  'eyeShape',
  'skinTone',
  'facialFeatures',
  'bodyType',
  'height',
  'typicalClothing',
  'accessories',
  'artStyle',
  'canonicalPrompt',
  'simplifiedPrompt',
] as const;

/** Every field a record of each collection may hold, with its type. */
export const COLLECTION_FIELDS: Readonly<Record<CollectionName, Fields>> = {
  heroes: {
    name: str,
    age: req('integer'),
    userId: str,
    hairColor: strN,
    eyeColor: strN,
    skinTone: strN,
    height: strN,
    traits: req('string[]'),
    specialAbilities: opt('string[]'),
    appearance: strN,
    avatarUrl: strN,
    avatarPrompt: strN,
    avatarGenerationId: strN,
    visualProfileId: strN,
    ...timestamps,
    ...heroIncludes,
  },
  stories: {
    heroId: str,
    userId: str,
    title: str,
    content: str,
    language: str,
    eventType: strN,
    customEventId: strN,
    audioUrl: strN,
    audioGenerationStatus: str,
    audioGenerationError: strN,
    audioDuration: opt('number'),
    illustrationStatus: str,
    illustrationCount: req('integer'),
    isFavorite: req('boolean'),
    lastPlayedAt: strN,
    playCount: req('integer'),
    generationMetadata: opt('object'),
    ...timestamps,
    ...storyIncludes,
  },
  customEvents: {
    userId: str,
    title: str,
    description: str,
    promptSeed: str,
    category: str,
    ageRange: strN,
    tone: str,
    pictogramEmoji: strN,
    pictogramSymbols: opt('json'),
    aiEnhanced: req('boolean'),
    aiEnhancementMetadata: opt('object'),
    keywords: opt('string[]'),
    usageCount: req('integer'),
    isFavorite: req('boolean'),
    lastUsedAt: strN,
    ...timestamps,
  },
  visualProfiles: {
    heroId: str,
    ...Object.fromEntries(VISUAL_PROFILE_TEXT_FIELDS.map((field) => [field, strN])),
    age: opt('integer'),
    colorPalette: opt('string[]'),
    visualKeywords: opt('string[]'),
    ...timestamps,
  },
  illustrations: {
    storyId: str,
    imageUrl: strN,
    imagePrompt: str,
    sceneDescription: str,
    displayOrder: req('integer'),
    audioTimestamp: req('number'),
    audioDuration: opt('number'),
    generationId: strN,
    previousGenerationId: strN,
    generationStatus: str,
    generationError: strN,
    retryCount: req('integer'),
    ...timestamps,
  },
};

/** The spec of `field` in `collection`, or `undefined` for a field the collection does not have. */
export function fieldSpec(collection: CollectionName, field: string): FieldSpec | undefined {
  const fields = COLLECTION_FIELDS[collection];
  return Object.hasOwn(fields, field) ? fields[field] : undefined;
}

/** Whether a JSON value fits a field spec. */
export function fitsSpec(spec: FieldSpec, value: JsonValue): boolean {
  if (value === null) return spec.nullable || spec.type === 'json';
  switch (spec.type) {
    case 'json':
      return true;
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'string[]':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
    default:
      return jsonKind(value) === spec.type;
  }
}
