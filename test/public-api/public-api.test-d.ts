/**
 * Type-level pins of the public API (run by `vitest --typecheck` in `npm test`): the factory,
 * the repositories' method signatures, the observable faces and the events map.
 */
import { describe, expectTypeOf, it } from 'vitest';
import {
  type AuthSnapshot,
  type ClientAuth,
  type ClientConflicts,
  type ClientEvents,
  type ClientOptions,
  type ClientSync,
  type Conflict,
  type ConflictChoice,
  type CreateCustomEventInput,
  type CreateHeroInput,
  type CustomEventQuery,
  type CustomEventRecord,
  createClient,
  type GenerateStoryInput,
  type HeroQuery,
  type HeroRecord,
  type IllustrationRecord,
  type InfiniteStoriesClient,
  type PendingMutation,
  type ServerApi,
  type StoryQuery,
  type StoryRecord,
  type Subscribable,
  type SyncSnapshot,
  type SyncSummary,
  type UpdateCustomEventInput,
  type UpdateHeroInput,
  type UpdateStoryInput,
  type VisualProfileInput,
  type VisualProfileRecord,
} from '../../src/index.js';

declare const client: InfiniteStoriesClient;

describe('createClient', () => {
  it('takes ClientOptions (only baseUrl required) and returns the client', () => {
    expectTypeOf(createClient).parameters.toEqualTypeOf<[ClientOptions]>();
    expectTypeOf(createClient).returns.toEqualTypeOf<InfiniteStoriesClient>();
    expectTypeOf<Pick<ClientOptions, 'baseUrl'>>().toEqualTypeOf<{ readonly baseUrl: string }>();
    expectTypeOf({ baseUrl: 'https://x' }).toExtend<ClientOptions>();
    expectTypeOf(client.ready).toEqualTypeOf<Promise<void>>();
    expectTypeOf(client.close).toEqualTypeOf<() => Promise<void>>();
  });

  it('exposes one face per part', () => {
    expectTypeOf(client.auth).toEqualTypeOf<ClientAuth>();
    expectTypeOf(client.sync).toEqualTypeOf<ClientSync>();
    expectTypeOf(client.conflicts).toEqualTypeOf<ClientConflicts>();
    expectTypeOf(client.api).toEqualTypeOf<ServerApi>();
    expectTypeOf<keyof ServerApi>().toEqualTypeOf<'analytics' | 'batch' | 'health' | 'ping'>();
  });
});

describe('repositories', () => {
  it('heroes', () => {
    const heroes = client.heroes;
    expectTypeOf(heroes.create).toEqualTypeOf<(input: CreateHeroInput) => Promise<HeroRecord>>();
    expectTypeOf(heroes.update).toEqualTypeOf<
      (id: string, patch: UpdateHeroInput) => Promise<HeroRecord>
    >();
    expectTypeOf(heroes.delete).toEqualTypeOf<(id: string) => Promise<void>>();
    expectTypeOf(heroes.get).toEqualTypeOf<(id: string) => HeroRecord | undefined>();
    expectTypeOf(heroes.list).toEqualTypeOf<(query?: HeroQuery) => readonly HeroRecord[]>();
    expectTypeOf(heroes.observe).toEqualTypeOf<
      (query?: HeroQuery) => Subscribable<readonly HeroRecord[]>
    >();
    expectTypeOf(heroes.generateAvatar).returns.toEqualTypeOf<Promise<HeroRecord>>();
    // @ts-expect-error age is required on create
    void heroes.create({ name: 'x', traits: ['t'] });
  });

  it('stories', () => {
    const stories = client.stories;
    expectTypeOf(stories.generate).parameter(0).toEqualTypeOf<GenerateStoryInput>();
    expectTypeOf(stories.generate).returns.toEqualTypeOf<Promise<StoryRecord>>();
    expectTypeOf(stories.update).toEqualTypeOf<
      (id: string, patch: UpdateStoryInput) => Promise<StoryRecord>
    >();
    expectTypeOf(stories.delete).toEqualTypeOf<(id: string) => Promise<void>>();
    expectTypeOf(stories.list).toEqualTypeOf<(query?: StoryQuery) => readonly StoryRecord[]>();
    expectTypeOf(stories.observe).toEqualTypeOf<
      (query?: StoryQuery) => Subscribable<readonly StoryRecord[]>
    >();
    expectTypeOf(stories.generateAudio).returns.toEqualTypeOf<Promise<StoryRecord>>();
    expectTypeOf(stories.markPlayed).returns.toEqualTypeOf<Promise<StoryRecord>>();
  });

  it('custom events', () => {
    const events = client.customEvents;
    expectTypeOf(events.create).toEqualTypeOf<
      (input: CreateCustomEventInput) => Promise<CustomEventRecord>
    >();
    expectTypeOf(events.update).toEqualTypeOf<
      (id: string, patch: UpdateCustomEventInput) => Promise<CustomEventRecord>
    >();
    expectTypeOf(events.list).toEqualTypeOf<
      (query?: CustomEventQuery) => readonly CustomEventRecord[]
    >();
    expectTypeOf(events.observe).toEqualTypeOf<
      (query?: CustomEventQuery) => Subscribable<readonly CustomEventRecord[]>
    >();
    expectTypeOf(events.enhance).returns.toEqualTypeOf<Promise<CustomEventRecord>>();
  });

  it('visual profiles and illustrations', () => {
    const profiles = client.visualProfiles;
    expectTypeOf(profiles.get).toEqualTypeOf<(heroId: string) => VisualProfileRecord | undefined>();
    expectTypeOf(profiles.create).toEqualTypeOf<
      (heroId: string, input: VisualProfileInput) => Promise<VisualProfileRecord>
    >();
    expectTypeOf(profiles.observe).toEqualTypeOf<
      (heroId: string) => Subscribable<VisualProfileRecord | undefined>
    >();
    expectTypeOf(client.illustrations.list).toEqualTypeOf<
      (storyId: string) => readonly IllustrationRecord[]
    >();
    expectTypeOf(client.illustrations.observe).toEqualTypeOf<
      (storyId: string) => Subscribable<readonly IllustrationRecord[]>
    >();
  });

  it('records carry the local id, the server id and the sync status', () => {
    expectTypeOf<HeroRecord['id']>().toEqualTypeOf<string>();
    expectTypeOf<HeroRecord['serverId']>().toEqualTypeOf<string | null>();
    expectTypeOf<StoryRecord['syncStatus']>().toEqualTypeOf<
      'synced' | 'pendingCreate' | 'pendingUpdate' | 'pendingDelete' | 'failed' | 'conflict'
    >();
  });
});

describe('observable faces', () => {
  it('share one Subscribable shape with a listener that receives the value', () => {
    expectTypeOf(client.auth).toExtend<Subscribable<AuthSnapshot>>();
    expectTypeOf(client.sync).toExtend<Subscribable<SyncSnapshot>>();
    expectTypeOf(client.conflicts).toExtend<Subscribable<readonly Conflict[]>>();
    expectTypeOf<Subscribable<number>['subscribe']>().toEqualTypeOf<
      (listener: (snapshot: number) => void) => () => void
    >();
  });

  it('sync and conflicts', () => {
    expectTypeOf(client.sync.syncNow).returns.toEqualTypeOf<Promise<SyncSummary>>();
    expectTypeOf(client.sync.pending).toEqualTypeOf<() => readonly PendingMutation[]>();
    expectTypeOf(client.conflicts.resolve).toEqualTypeOf<
      (conflictId: string, choice: ConflictChoice) => Promise<void>
    >();
  });
});

describe('events', () => {
  it('names every event client.on accepts', () => {
    expectTypeOf<keyof ClientEvents>().toEqualTypeOf<
      | 'auth:changed'
      | 'auth:expired'
      | 'status'
      | 'conflict'
      | 'conflict:resolved'
      | 'conflict:resolver-error'
      | 'media:progress'
      | 'write:superseded'
      | 'mutation:failed'
      | 'pull:future-row'
      | 'pull:rejected'
      | 'record:changed'
      | 'sync:completed'
      | 'sync:failed'
    >();
    expectTypeOf<ClientEvents['conflict']>().toEqualTypeOf<(conflict: Conflict) => void>();
    expectTypeOf<ClientEvents['status']>().toEqualTypeOf<(snapshot: SyncSnapshot) => void>();
    expectTypeOf<ClientEvents['sync:completed']>().toEqualTypeOf<(summary: SyncSummary) => void>();
    expectTypeOf<Parameters<ClientEvents['auth:expired']>[0]['userId']>().toEqualTypeOf<
      string | null
    >();
    expectTypeOf(client.on<'conflict'>).returns.toEqualTypeOf<() => void>();
  });
});
