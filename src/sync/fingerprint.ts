/**
 * Content fingerprints of creates, for adopting the server copy of a create whose answer was
 * lost (DESIGN.md §4): the fields the create sent, with the server's defaults filled in and the
 * server's normalisations applied (`''` and missing become `null`, an empty list becomes
 * `null`), as stable JSON. Server-owned fields (ids, timestamps, counters) never take part.
 */
import { VISUAL_PROFILE_TEXT_FIELDS } from '../conflict/collection-fields.js';
import type { JsonValue } from '../storage-adapters/storage-adapter.js';
import type { CollectionName, WireData } from '../store/types.js';

/** Collections whose creates can be matched by content. */
export type FingerprintCollection = 'heroes' | 'customEvents' | 'visualProfiles' | 'stories';

const VISUAL_FIELDS = [...VISUAL_PROFILE_TEXT_FIELDS, 'age', 'colorPalette', 'visualKeywords'];

/** The create fields of each collection and the server default of each (CONTRACT.md §2, §5). */
const CREATE_FIELDS: Readonly<Record<FingerprintCollection, Readonly<Record<string, JsonValue>>>> =
  {
    heroes: {
      name: null,
      age: null,
      traits: null,
      hairColor: null,
      eyeColor: null,
      skinTone: null,
      height: null,
      specialAbilities: null,
      appearance: null,
    },
    customEvents: {
      title: null,
      promptSeed: null,
      description: '',
      category: 'general',
      ageRange: null,
      tone: 'cheerful',
      keywords: [],
    },
    visualProfiles: Object.fromEntries(VISUAL_FIELDS.map((field) => [field, null])),
    stories: {
      heroId: null,
      title: null,
      content: null,
      language: 'en',
      eventType: null,
      customEventId: null,
    },
  };

/** True for collections {@link fingerprintOf} supports. */
export function hasFingerprint(collection: CollectionName): collection is FingerprintCollection {
  return Object.hasOwn(CREATE_FIELDS, collection);
}

/** JSON with object keys sorted at every level, so equal values give equal text. */
export function stableJson(value: JsonValue | undefined): string {
  if (value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((item) => stableJson(item)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const keys = Object.keys(value).sort();
    return `{${keys
      .map(
        (key) => `${JSON.stringify(key)}:${stableJson((value as Record<string, JsonValue>)[key])}`,
      )
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

function normalize(value: JsonValue | undefined): JsonValue {
  if (value === undefined || value === null || value === '') return null;
  if (Array.isArray(value) && value.length === 0) return null;
  return value;
}

/**
 * The fingerprint of a create's fields, or of a server row it may have produced. References
 * must be given in the same id space on both sides (server ids).
 */
export function fingerprintOf(collection: FingerprintCollection, fields: WireData): string {
  const defaults = CREATE_FIELDS[collection];
  const picked: Record<string, JsonValue> = {};
  for (const [field, fallback] of Object.entries(defaults)) {
    const given = fields[field];
    picked[field] = normalize(
      given === undefined || given === null || given === '' ? fallback : given,
    );
  }
  return stableJson(picked);
}
