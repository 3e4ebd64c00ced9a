import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { customEventSchema, updateCustomEventInputSchema } from '../schemas/custom-event.js';
import { heroRowSchema, updateHeroInputSchema } from '../schemas/hero.js';
import { illustrationListEntrySchema } from '../schemas/illustration.js';
import { storyRowSchema, updateStoryInputSchema } from '../schemas/story.js';
import { visualProfileSchema } from '../schemas/visual-profile.js';
import { keysOf } from './collection-descriptor.js';
import { DESCRIPTORS, fieldSpec } from './descriptors.js';
import { fitsSpec } from './field-spec.js';
import { isServerGenerated, isServerOwned } from './server-owned.js';
import type { CollectionName } from './types.js';

const ROW_SCHEMAS: Record<CollectionName, z.ZodMiniObject> = {
  heroes: heroRowSchema,
  stories: storyRowSchema,
  customEvents: customEventSchema,
  visualProfiles: visualProfileSchema,
  illustrations: illustrationListEntrySchema,
};

const INCLUDES: Record<CollectionName, readonly string[]> = {
  heroes: ['visualProfile', 'stories', '_count'],
  stories: ['hero', 'customEvent', 'illustrations', '_count'],
  customEvents: [],
  visualProfiles: [],
  illustrations: [],
};

const COLLECTIONS = Object.keys(ROW_SCHEMAS) as CollectionName[];

describe('collection descriptors', () => {
  it.each(COLLECTIONS)('%s matches the wire row schema (minus id, plus includes)', (collection) => {
    const shape = ROW_SCHEMAS[collection].shape;
    const wire = Object.keys(shape).filter((f) => f !== 'id');
    expect(Object.keys(DESCRIPTORS[collection].fields).sort()).toEqual(
      [...wire, ...INCLUDES[collection]].sort(),
    );
    for (const field of wire) {
      const schema = shape[field] as z.ZodMiniType;
      const spec = fieldSpec(collection, field);
      expect({ field, nullable: spec?.nullable || spec?.type === 'json' }).toEqual({
        field,
        nullable: schema.safeParse(null).success,
      });
    }
  });

  it('knows every server-owned field it lists (no typos)', () => {
    for (const collection of COLLECTIONS) {
      const owned = DESCRIPTORS[collection].serverOwned;
      for (const field of [...owned.generated, ...owned.fixed]) {
        expect(fieldSpec(collection, field), `${collection}.${field}`).toBeDefined();
      }
    }
  });

  it('leaves exactly the PATCH-able fields writable ', () => {
    const writable = (collection: CollectionName) =>
      Object.keys(DESCRIPTORS[collection].fields).filter((f) => !isServerOwned(collection, f));
    // The PATCH bodies are the source of truth; a hero's avatar fields are PATCH-able only for
    // migrations that re-point an avatar, the server owns them otherwise.
    const avatarFields = ['avatarUrl', 'avatarPrompt', 'avatarGenerationId'];
    expect(writable('heroes').sort()).toEqual(
      keysOf(updateHeroInputSchema)
        .filter((f) => !avatarFields.includes(f))
        .sort(),
    );
    expect(writable('heroes')).toEqual(expect.arrayContaining(['name', 'age', 'traits']));
    expect(writable('stories').sort()).toEqual(['content', 'isFavorite', 'language', 'title']);
    expect(writable('stories').sort()).toEqual([...keysOf(updateStoryInputSchema)].sort());
    expect(writable('customEvents').sort()).toEqual([
      'ageRange',
      'category',
      'description',
      'isFavorite',
      'keywords',
      'promptSeed',
      'title',
      'tone',
    ]);
    expect(writable('customEvents').sort()).toEqual(
      [...keysOf(updateCustomEventInputSchema)].sort(),
    );
    expect(writable('visualProfiles')).toHaveLength(17);
    expect(writable('illustrations')).toEqual([]);
    expect(isServerOwned('heroes', 'id')).toBe(true);
    expect(isServerGenerated('stories', 'heroId')).toBe(false);
    expect(isServerGenerated('stories', 'audioUrl')).toBe(true);
  });

  it('returns undefined for unknown fields, including inherited names', () => {
    expect(fieldSpec('heroes', 'nickname')).toBeUndefined();
    expect(fieldSpec('heroes', 'toString')).toBeUndefined();
    expect(fieldSpec('heroes', 'constructor')).toBeUndefined();
  });
});

describe('fitsSpec', () => {
  it.each([
    [{ type: 'integer', nullable: false }, 3, true],
    [{ type: 'integer', nullable: false }, 3.5, false],
    [{ type: 'integer', nullable: true }, null, true],
    [{ type: 'string', nullable: false }, null, false],
    [{ type: 'string', nullable: false }, 'a', true],
    [{ type: 'number', nullable: false }, 1.5, true],
    [{ type: 'boolean', nullable: false }, 'true', false],
    [{ type: 'string[]', nullable: false }, ['a'], true],
    [{ type: 'string[]', nullable: false }, ['a', 1], false],
    [{ type: 'string[]', nullable: false }, 'a', false],
    [{ type: 'object', nullable: true }, { a: 1 }, true],
    [{ type: 'object', nullable: true }, [1], false],
    [{ type: 'json', nullable: false }, null, true],
    [{ type: 'json', nullable: false }, [{ a: 1 }], true],
  ] as const)('%o with %o → %s', (spec, value, expected) => {
    expect(fitsSpec(spec, value)).toBe(expected);
  });
});
