/**
 * Sample records and fast-check arbitraries for the conflict tests. Test-only: nothing in
 * production code imports this file.
 */
import fc from 'fast-check';
import { DESCRIPTORS } from '../model/descriptors.js';
import type { JsonValue } from '../model/json.js';
import type { CollectionName, WireData } from '../model/types.js';

/** A synced hero as the store keeps it. */
export const hero = (over: WireData = {}): WireData => ({
  name: 'Luna',
  age: 7,
  userId: 'u1',
  hairColor: 'brown',
  eyeColor: null,
  skinTone: null,
  height: null,
  traits: ['brave', 'kind'],
  specialAbilities: null,
  appearance: null,
  avatarUrl: 'https://r2.example/a.png?sig=1',
  avatarPrompt: null,
  avatarGenerationId: 'gen-1',
  visualProfileId: null,
  createdAt: '2025-01-01T10:00:00.000Z',
  updatedAt: '2025-01-01T10:00:00.000Z',
  ...over,
});

/** A synced story as the store keeps it. */
export const story = (over: WireData = {}): WireData => ({
  heroId: 'h1',
  userId: 'u1',
  title: 'The Moon Boat',
  content: 'Once upon a time…',
  language: 'en',
  eventType: 'Bedtime Adventure',
  customEventId: null,
  audioUrl: 'https://r2.example/s.mp3?sig=1',
  audioGenerationStatus: 'completed',
  audioGenerationError: null,
  audioDuration: 120,
  illustrationStatus: 'none',
  illustrationCount: 0,
  isFavorite: false,
  lastPlayedAt: null,
  playCount: 0,
  generationMetadata: null,
  createdAt: '2025-01-01T10:00:00.000Z',
  updatedAt: '2025-01-01T10:00:00.000Z',
  ...over,
});

/** A synced custom event as the store keeps it. */
export const customEvent = (over: WireData = {}): WireData => ({
  userId: 'u1',
  title: 'First day at school',
  description: '',
  promptSeed: 'A brave first day',
  category: 'general',
  ageRange: null,
  tone: 'cheerful',
  pictogramEmoji: null,
  pictogramSymbols: null,
  aiEnhanced: false,
  aiEnhancementMetadata: null,
  keywords: [],
  usageCount: 0,
  isFavorite: false,
  lastUsedAt: null,
  createdAt: '2025-01-01T10:00:00.000Z',
  updatedAt: '2025-01-01T10:00:00.000Z',
  ...over,
});

/** Epoch ms of an ISO instant. */
export const at = (iso: string): number => Date.parse(iso);

// A small domain makes equal values on different sides likely; arrays and objects are built
// fresh each time so equality has to be structural.
const jsonValue: fc.Arbitrary<JsonValue> = fc.oneof(
  fc.constantFrom<JsonValue>('a', 'b', null, 1, 2, true, false),
  fc.constantFrom(['x'], ['x', 'y'], ['y', 'x']).map((items): JsonValue => [...items]),
  fc.constantFrom(0, 1).map((k): JsonValue => ({ k, nested: { list: [k] } })),
);

/** A value, or `undefined` for "unchanged from base". */
const edit = fc.option(jsonValue, { nil: undefined, freq: 2 });

/** Three versions of one record over the same fields, plus the times lww compares. */
export interface MergeCase {
  readonly collection: CollectionName;
  readonly base: WireData;
  readonly local: WireData;
  readonly remote: WireData;
  readonly localEditedAt: number;
  readonly remoteUpdatedAt: string;
  readonly serverOffsetMs: number;
}

const COLLECTIONS = Object.keys(DESCRIPTORS) as CollectionName[];
const T0 = Date.parse('2025-06-01T00:00:00.000Z');

/** Random merge inputs: any collection, a random subset of its fields (plus an unknown one). */
export const mergeCase: fc.Arbitrary<MergeCase> = fc
  .constantFrom(...COLLECTIONS)
  .chain((collection) =>
    fc.record({
      collection: fc.constant(collection),
      rows: fc.uniqueArray(
        fc.tuple(
          fc.constantFrom(...Object.keys(DESCRIPTORS[collection].fields), 'futureField'),
          jsonValue,
          edit,
          edit,
        ),
        { selector: (row) => row[0], minLength: 1, maxLength: 12 },
      ),
      localEditedAt: fc.integer({ min: T0, max: T0 + 60_000 }),
      remoteMs: fc.integer({ min: T0, max: T0 + 60_000 }),
      serverOffsetMs: fc.integer({ min: -30_000, max: 30_000 }),
    }),
  )
  .map(({ collection, rows, localEditedAt, remoteMs, serverOffsetMs }) => {
    const base: Record<string, JsonValue> = {};
    const local: Record<string, JsonValue> = {};
    const remote: Record<string, JsonValue> = {};
    for (const [field, b, l, r] of rows) {
      base[field] = b;
      local[field] = l === undefined ? b : l;
      remote[field] = r === undefined ? b : r;
    }
    return {
      collection,
      base,
      local,
      remote,
      localEditedAt,
      remoteUpdatedAt: new Date(remoteMs).toISOString(),
      serverOffsetMs,
    };
  });

/** A deep copy (so a test can show inputs were not mutated, or feed equal-but-distinct inputs). */
export const clone = <T>(value: T): T => structuredClone(value);
