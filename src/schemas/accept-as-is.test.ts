/**
 * The quick check never accepts what zod would refuse or change: over list rows recorded from
 * the real backend, randomly damaged (a field replaced by another JSON value, removed, or one
 * added), every row it accepts is one zod parses into an equal value. Undamaged rows are
 * accepted, so the list path actually skips the copy.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type * as z from 'zod/mini';
import { acceptAsIs } from './accept-as-is.js';
import { customEventSchema } from './custom-event.js';
import { heroListItemSchema } from './hero.js';
import { storyListItemSchema } from './story.js';

const RECORDING = join(import.meta.dirname, '../../test/contract/replay/recording');

function recordedRows(file: string, key: string): unknown[] {
  const exchange = JSON.parse(readFileSync(join(RECORDING, `${file}.json`), 'utf8')) as {
    response: { body: { data: Record<string, unknown[]> } };
  };
  return exchange.response.body.data[key] as unknown[];
}

const CASES: ReadonlyArray<[string, z.ZodMiniType, unknown[]]> = [
  ['heroes', heroListItemSchema, recordedRows('144-heroes-list-includeStories', 'heroes')],
  ['heroes', heroListItemSchema, recordedRows('058-heroes-list-default', 'heroes')],
  [
    'stories',
    storyListItemSchema,
    recordedRows('130-stories-list-includeIllustrations', 'stories'),
  ],
  ['custom events', customEventSchema, recordedRows('103-custom-events-list', 'customEvents')],
];

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A replacement: any JSON value, or one of the edge values a schema check cares about. */
const replacement = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
  fc.constantFrom<Json>(-0, 1.5, -1, 2 ** 53, '', 'x', 'c123', [], {}, [null], ['a'], true),
);

/** One damage: where (a walk of indexes into the value) and what. */
const damage = fc.record({
  path: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }),
  kind: fc.constantFrom('replace', 'remove', 'add'),
  value: replacement,
  key: fc.constantFrom('extra', '__proto__', 'id', 'stories', '_count'),
});

type Damage = typeof damage extends fc.Arbitrary<infer D> ? D : never;

function damaged(row: unknown, damages: readonly Damage[]): unknown {
  const copy = structuredClone(row) as Json;
  for (const { path, kind, value, key } of damages) {
    // Walk down from the row: each step picks a key (or index) of the container reached.
    let parent: Json = copy;
    let at: string | number | undefined;
    for (const step of path) {
      const container: Json | undefined =
        at === undefined ? parent : (parent as Record<string, Json>)[at];
      if (typeof container !== 'object' || container === null) break;
      const keys = Array.isArray(container) ? container.map((_, i) => i) : Object.keys(container);
      if (keys.length === 0) break;
      parent = container;
      at = keys[step % keys.length];
    }
    if (at === undefined) continue;
    const target = parent as Record<string | number, Json>;
    if (kind === 'replace') target[at] = value;
    else if (kind === 'remove' && !Array.isArray(parent)) delete target[at];
    else if (kind === 'add' && !Array.isArray(parent)) {
      Object.defineProperty(target, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return copy;
}

describe('acceptAsIs', () => {
  // Custom events hold a JSON column (a lazy schema): their rows go through zod.
  it.each(CASES.slice(0, 3))('accepts the recorded %s rows as they are', (_, schema, rows) => {
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(acceptAsIs(schema)(row)).toBe(true);
      expect(schema.parse(row)).toStrictEqual(row);
    }
  });

  it.each(CASES)('accepts only %s rows that zod parses into an equal value', (_, schema, rows) => {
    const accept = acceptAsIs(schema);
    let refused = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...rows),
        fc.array(damage, { minLength: 1, maxLength: 3 }),
        (row, damages) => {
          const value = damaged(row, damages);
          if (!accept(value)) {
            refused++;
            return;
          }
          const parsed = schema.safeParse(value);
          expect(parsed.success).toBe(true);
          expect(parsed.data).toStrictEqual(value);
        },
      ),
      { numRuns: 400 },
    );
    expect(refused).toBeGreaterThan(0);
  });

  it('agrees with zod at the bounds of lengths and numbers', async () => {
    const mini = await import('zod/mini');
    const schemas: z.ZodMiniType[] = [
      mini.string().check(mini.minLength(2), mini.maxLength(3)),
      mini.string().check(mini.length(2)),
      mini.array(mini.string()).check(mini.minLength(1), mini.maxLength(2)),
      mini.int().check(mini.gte(3), mini.lte(5)),
      mini.number().check(mini.gt(3), mini.lt(5)),
      mini.enum(['a', 'b']),
    ];
    const values: unknown[] = [
      '',
      'a',
      'ab',
      'abc',
      'abcd',
      [],
      ['a'],
      ['a', 'b'],
      ['a', 'b', 'c'],
    ];
    values.push(2, 3, 3.5, 4, 5, 6, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53);
    for (const schema of schemas) {
      for (const value of values) {
        const parsed = schema.safeParse(value);
        expect(acceptAsIs(schema)(value)).toBe(parsed.success);
      }
    }
  });

  it('refuses what it cannot tell apart: values under a union, a lazy or a refinement', async () => {
    const mini = await import('zod/mini');
    expect(acceptAsIs(mini.json())({ a: 1 })).toBe(false);
    expect(acceptAsIs(mini.union([mini.string(), mini.number()]))('a')).toBe(false);
    const refined = mini.string().check(mini.refine((value) => value.length > 1));
    expect(acceptAsIs(refined)('ab')).toBe(false);
    expect(acceptAsIs(mini.looseObject({ a: mini.string() }))({ a: 'x' })).toBe(false);
    expect(acceptAsIs(mini.object({ a: mini.string() }))({ a: 'x', b: 1 })).toBe(false);
  });

  it('never accepts past a check on a nullable, an optional field, null or unknown', async () => {
    const mini = await import('zod/mini');
    const no = mini.refine(() => false);
    const cases: Array<[z.ZodMiniType, unknown]> = [
      [mini.object({ a: mini.nullable(mini.string()).check(no) }), { a: 'x' }],
      [mini.object({ a: mini.nullable(mini.string()).check(no) }), { a: null }],
      [mini.object({ a: mini.optional(mini.string()).check(no) }), { a: 'x' }],
      [mini.object({ a: mini.null().check(no) }), { a: null }],
      [mini.object({ a: mini.unknown().check(no) }), { a: 1 }],
      [mini.nullable(mini.int()).check(no), 1],
    ];
    for (const [schema, value] of cases) {
      expect(schema.safeParse(value).success).toBe(false);
      expect(acceptAsIs(schema)(value)).toBe(false);
    }
  });
});
