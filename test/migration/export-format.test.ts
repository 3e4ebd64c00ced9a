/**
 * The export format: the committed JSON Schema is the one the zod schema generates, and the
 * mapping rules from legacy fields to the backend's are exactly as documented.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { LegacyHero } from '../../src/migration/export-format.js';
import {
  EXPORT_JSON_SCHEMA_PATH,
  legacyExportJsonSchemaText,
} from '../../src/migration/export-json-schema.js';
import {
  type MigrationWarning,
  mapCustomEvent,
  mapHero,
  mapStory,
  mapVisualProfile,
} from '../../src/migration/legacy-mapping.js';
import { parseLegacyExport } from '../../src/migration/parse-export.js';
import { sampleExport } from './support.js';

const hero = (fields: Partial<LegacyHero>): LegacyHero => ({
  id: 'h',
  name: 'Luna',
  primaryTrait: 'brave',
  ...fields,
});

describe('legacy export format v1', () => {
  it('matches the committed JSON Schema (run `npm run schema:export` after changing it)', () => {
    const committed: unknown = JSON.parse(readFileSync(EXPORT_JSON_SCHEMA_PATH, 'utf8'));
    expect(committed).toEqual(JSON.parse(legacyExportJsonSchemaText()));
  });

  it('accepts the documented sample and keeps optional parts optional', () => {
    const parsed = parseLegacyExport(sampleExport());
    expect(parsed.heroes).toHaveLength(2);
    const minimal = {
      format: 'infinitestories-legacy-export',
      version: 1,
      exportedAt: '2026-01-01T00:00:00Z',
      heroes: [],
      stories: [],
    };
    expect(parseLegacyExport(minimal).customEvents).toBeUndefined();
  });
});

describe('mapping legacy fields to the backend', () => {
  it('turns the two trait values and the single ability into arrays', () => {
    const warnings: MigrationWarning[] = [];
    const mapped = mapHero(
      hero({ age: 6, primaryTrait: 'brave', secondaryTrait: 'shy', specialAbility: 'flies' }),
      0,
      warnings,
    );
    expect(mapped.input).toEqual({
      id: 'h',
      name: 'Luna',
      age: 6,
      traits: ['brave', 'shy'],
      specialAbilities: ['flies'],
    });
    expect(mapHero(hero({ age: 6, secondaryTrait: 'brave' }), 0, warnings).expected.traits).toEqual(
      ['brave'],
    );
    expect(mapHero(hero({ age: 6, secondaryTrait: '  ' }), 0, warnings).expected.traits).toEqual([
      'brave',
    ]);
    expect(warnings).toEqual([]);
  });

  it('defaults a missing age to 7 and clamps ages outside 3–12, with warnings', () => {
    const warnings: MigrationWarning[] = [];
    expect(mapHero(hero({}), 0, warnings).expected.age).toBe(7);
    expect(mapHero(hero({ age: null }), 1, warnings).expected.age).toBe(7);
    expect(mapHero(hero({ age: 1 }), 2, warnings).expected.age).toBe(3);
    expect(mapHero(hero({ age: 40 }), 3, warnings).expected.age).toBe(12);
    expect(warnings).toEqual([
      { path: 'heroes.0.age', message: 'no age; set to 7' },
      { path: 'heroes.1.age', message: 'no age; set to 7' },
      { path: 'heroes.2.age', message: 'age 1 is outside 3–12; set to 3' },
      { path: 'heroes.3.age', message: 'age 40 is outside 3–12; set to 12' },
    ]);
  });

  it('sends blank strings as nothing and sets appearance after the import', () => {
    const mapped = mapHero(
      hero({ age: 5, hairColor: ' ', eyeColor: 'green', appearance: 'tall' }),
      0,
      [],
    );
    expect(mapped.input).not.toHaveProperty('hairColor');
    expect(mapped.expected).toMatchObject({
      hairColor: null,
      eyeColor: 'green',
      specialAbilities: null,
    });
    expect(mapped.input).not.toHaveProperty('appearance');
    expect(mapped.appearance).toBe('tall');
  });

  it('maps stories with server ids and the backend defaults', () => {
    const story = { id: 's', heroId: 'h', title: 'T', content: 'C' };
    expect(mapStory(story, 'hero-server-id', null)).toEqual({
      input: {
        id: 's',
        heroId: 'hero-server-id',
        title: 'T',
        content: 'C',
        language: 'en',
        isFavorite: false,
      },
      expected: {
        heroId: 'hero-server-id',
        title: 'T',
        content: 'C',
        language: 'en',
        eventType: null,
        customEventId: null,
        isFavorite: false,
      },
    });
    expect(
      mapStory({ ...story, customEventId: 'e' }, 'x', 'event-server-id').input.customEventId,
    ).toBe('event-server-id');
  });

  it('maps custom events (favourite by a later PATCH) and visual profiles', () => {
    const event = mapCustomEvent({
      id: 'e',
      title: 'Moon',
      promptSeed: 'seed',
      isFavorite: true,
      tone: ' ',
      keywords: [],
    });
    expect(event).toEqual({
      input: { title: 'Moon', promptSeed: 'seed' },
      expected: { title: 'Moon', promptSeed: 'seed' },
      favorite: true,
    });
    expect(
      mapVisualProfile({ heroId: 'h', hairStyle: 'braids', eyeColor: '', age: null }).input,
    ).toEqual({ hairStyle: 'braids' });
  });
});
