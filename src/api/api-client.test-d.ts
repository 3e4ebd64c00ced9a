/** Type-level checks of the public client API (checked by `tsc`). */
import { expectTypeOf } from 'vitest';
import type { HeroList, HeroListItem } from '../schemas/hero.js';
import type { StoryDetail, StoryRow } from '../schemas/story.js';
import { type ApiClient, createApiClient } from './api-client.js';

declare const api: ApiClient;

expectTypeOf(createApiClient).returns.toEqualTypeOf<ApiClient>();
expectTypeOf(api.heroes.list()).resolves.toEqualTypeOf<HeroList>();
expectTypeOf(api.heroes.listAll()).toEqualTypeOf<AsyncIterable<HeroListItem>>();
expectTypeOf(api.stories.get('id')).resolves.toEqualTypeOf<StoryDetail>();
expectTypeOf(
  api.stories.generate({ heroId: 'h', language: 'en' }),
).resolves.toEqualTypeOf<StoryRow>();
expectTypeOf(api.clock.offsetMs()).toBeNumber();
expectTypeOf<StoryRow['audioGenerationStatus']>().toEqualTypeOf<
  'pending' | 'processing' | 'completed' | 'failed'
>();
expectTypeOf<HeroListItem['visualProfile']>().toBeNullable();
// @ts-expect-error age is required on create
void api.heroes.create({ name: 'x', traits: ['t'] });
