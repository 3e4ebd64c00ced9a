/**
 * The records' wire shapes are written out as plain interfaces (what an editor and the API
 * reference show); these tests keep each one equal, in both directions, to what its schema
 * yields, so a schema change that the interface does not follow fails the typecheck.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type * as z from 'zod/mini';
import type { CustomEvent, customEventSchema } from './custom-event.js';
import type { HeroRow, heroRowSchema } from './hero.js';
import type { IllustrationListEntry, illustrationListEntrySchema } from './illustration.js';
import type { StoryRow, storyRowSchema, Voice, voiceSchema } from './story.js';
import type { VisualProfile, visualProfileSchema } from './visual-profile.js';

describe('record wire types', () => {
  it('each type is exactly what its schema yields', () => {
    expectTypeOf<HeroRow>().toEqualTypeOf<z.infer<typeof heroRowSchema>>();
    expectTypeOf<StoryRow>().toEqualTypeOf<z.infer<typeof storyRowSchema>>();
    expectTypeOf<CustomEvent>().toEqualTypeOf<z.infer<typeof customEventSchema>>();
    expectTypeOf<VisualProfile>().toEqualTypeOf<z.infer<typeof visualProfileSchema>>();
    expectTypeOf<IllustrationListEntry>().toEqualTypeOf<
      z.infer<typeof illustrationListEntrySchema>
    >();
    expectTypeOf<Voice>().toEqualTypeOf<z.infer<typeof voiceSchema>>();
  });

  it('a field the interface lacks or types differently is caught', () => {
    // The check above is not vacuous: one field more, one less or one changed each fail it.
    expectTypeOf<HeroRow & { extra: string }>().not.toEqualTypeOf<z.infer<typeof heroRowSchema>>();
    expectTypeOf<Omit<StoryRow, 'title'>>().not.toEqualTypeOf<z.infer<typeof storyRowSchema>>();
    expectTypeOf<Omit<VisualProfile, 'age'> & { age: number }>().not.toEqualTypeOf<
      z.infer<typeof visualProfileSchema>
    >();
    expectTypeOf<Exclude<Voice, 'sage'>>().not.toEqualTypeOf<z.infer<typeof voiceSchema>>();
  });
});
