/**
 * The legacy export types are written out as plain interfaces (what an editor shows on hover);
 * these tests keep each one equal to what its schema yields.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type * as z from 'zod/mini';
import type {
  LegacyCustomEvent,
  LegacyExport,
  LegacyExportInput,
  LegacyHero,
  LegacyIllustration,
  LegacyMediaFile,
  LegacyStory,
  LegacyVisualProfile,
  legacyCustomEventSchema,
  legacyExportSchema,
  legacyHeroSchema,
  legacyIllustrationSchema,
  legacyMediaFileSchema,
  legacyStorySchema,
  legacyVisualProfileSchema,
} from './export-format.js';

describe('legacy export types', () => {
  it('each type is exactly what its schema yields', () => {
    expectTypeOf<LegacyMediaFile>().toEqualTypeOf<z.infer<typeof legacyMediaFileSchema>>();
    expectTypeOf<LegacyHero>().toEqualTypeOf<z.infer<typeof legacyHeroSchema>>();
    expectTypeOf<LegacyIllustration>().toEqualTypeOf<z.infer<typeof legacyIllustrationSchema>>();
    expectTypeOf<LegacyStory>().toEqualTypeOf<z.infer<typeof legacyStorySchema>>();
    expectTypeOf<LegacyCustomEvent>().toEqualTypeOf<z.infer<typeof legacyCustomEventSchema>>();
    expectTypeOf<LegacyVisualProfile>().toEqualTypeOf<z.infer<typeof legacyVisualProfileSchema>>();
    expectTypeOf<LegacyExport>().toEqualTypeOf<z.infer<typeof legacyExportSchema>>();
    expectTypeOf<LegacyExportInput>().toEqualTypeOf<z.input<typeof legacyExportSchema>>();
  });
});
