/**
 * The input types are written out as plain interfaces (what an editor shows on hover); these
 * tests keep each one equal to what its schema accepts.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type * as z from 'zod/mini';
import type { SignInInput, SignUpInput, signInInputSchema, signUpInputSchema } from './auth.js';
import type {
  BatchHeroInput,
  BatchStoryInput,
  batchHeroInputSchema,
  batchStoryInputSchema,
} from './batch.js';
import type {
  CreateCustomEventInput,
  createCustomEventInputSchema,
  UpdateCustomEventInput,
  updateCustomEventInputSchema,
} from './custom-event.js';
import type {
  CreateHeroInput,
  createHeroInputSchema,
  GenerateAvatarInput,
  generateAvatarInputSchema,
  UpdateHeroInput,
  updateHeroInputSchema,
} from './hero.js';
import type {
  GenerateIllustrationsInput,
  generateIllustrationsInputSchema,
} from './illustration.js';
import type {
  CreateListeningSessionInput,
  createListeningSessionInputSchema,
} from './listening-session.js';
import type {
  GenerateAudioInput,
  GenerateStoryInput,
  generateAudioInputSchema,
  generateStoryInputSchema,
  UpdateStoryInput,
  updateStoryInputSchema,
} from './story.js';
import type { UpdateProfileInput, updateProfileInputSchema } from './user.js';
import type { VisualProfileInput, visualProfileInputSchema } from './visual-profile.js';

describe('input types', () => {
  it('CreateListeningSessionInput is exactly what createListeningSessionInputSchema accepts', () => {
    expectTypeOf<CreateListeningSessionInput>().toEqualTypeOf<
      z.input<typeof createListeningSessionInputSchema>
    >();
  });
  it('VisualProfileInput is exactly what visualProfileInputSchema accepts', () => {
    expectTypeOf<VisualProfileInput>().toEqualTypeOf<z.input<typeof visualProfileInputSchema>>();
  });
  it('GenerateIllustrationsInput is exactly what generateIllustrationsInputSchema accepts', () => {
    expectTypeOf<GenerateIllustrationsInput>().toEqualTypeOf<
      z.input<typeof generateIllustrationsInputSchema>
    >();
  });
  it('SignUpInput is exactly what signUpInputSchema accepts', () => {
    expectTypeOf<SignUpInput>().toEqualTypeOf<z.input<typeof signUpInputSchema>>();
  });
  it('SignInInput is exactly what signInInputSchema accepts', () => {
    expectTypeOf<SignInInput>().toEqualTypeOf<z.input<typeof signInInputSchema>>();
  });
  it('BatchHeroInput is exactly what batchHeroInputSchema accepts', () => {
    expectTypeOf<BatchHeroInput>().toEqualTypeOf<z.input<typeof batchHeroInputSchema>>();
  });
  it('BatchStoryInput is exactly what batchStoryInputSchema accepts', () => {
    expectTypeOf<BatchStoryInput>().toEqualTypeOf<z.input<typeof batchStoryInputSchema>>();
  });
  it('UpdateProfileInput is exactly what updateProfileInputSchema accepts', () => {
    expectTypeOf<UpdateProfileInput>().toEqualTypeOf<z.input<typeof updateProfileInputSchema>>();
  });
  it('CreateCustomEventInput is exactly what createCustomEventInputSchema accepts', () => {
    expectTypeOf<CreateCustomEventInput>().toEqualTypeOf<
      z.input<typeof createCustomEventInputSchema>
    >();
  });
  it('UpdateCustomEventInput is exactly what updateCustomEventInputSchema accepts', () => {
    expectTypeOf<UpdateCustomEventInput>().toEqualTypeOf<
      z.input<typeof updateCustomEventInputSchema>
    >();
  });
  it('CreateHeroInput is exactly what createHeroInputSchema accepts', () => {
    expectTypeOf<CreateHeroInput>().toEqualTypeOf<z.input<typeof createHeroInputSchema>>();
  });
  it('UpdateHeroInput is exactly what updateHeroInputSchema accepts', () => {
    expectTypeOf<UpdateHeroInput>().toEqualTypeOf<z.input<typeof updateHeroInputSchema>>();
  });
  it('GenerateAvatarInput is exactly what generateAvatarInputSchema accepts', () => {
    expectTypeOf<GenerateAvatarInput>().toEqualTypeOf<z.input<typeof generateAvatarInputSchema>>();
  });
  it('GenerateStoryInput is exactly what generateStoryInputSchema accepts', () => {
    expectTypeOf<GenerateStoryInput>().toEqualTypeOf<z.input<typeof generateStoryInputSchema>>();
  });
  it('UpdateStoryInput is exactly what updateStoryInputSchema accepts', () => {
    expectTypeOf<UpdateStoryInput>().toEqualTypeOf<z.input<typeof updateStoryInputSchema>>();
  });
  it('GenerateAudioInput is exactly what generateAudioInputSchema accepts', () => {
    expectTypeOf<GenerateAudioInput>().toEqualTypeOf<z.input<typeof generateAudioInputSchema>>();
  });
});
