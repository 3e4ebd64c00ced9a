/**
 * Test harness for the story-side route modules: a Hono app with only those routes, on a
 * {@link FakeBackendContext} assembled from the platform's real pieces (media store, limiter,
 * clock, ids) and a stand-in `authenticate` that trusts `Authorization: Bearer <userId>`.
 * Used by the `*.test.ts` files beside it; not part of the public testing API.
 */
import { Hono } from 'hono';
import { createFakeClock, type FakeClock } from '../clock.js';
import type { FakeBackendContext, FakeUserRow } from '../context.js';
import { createIdGenerator } from '../ids.js';
import { createMediaStore, type FakeMediaStore } from '../media.js';
import { createGenerationRateLimiter, DEFAULT_RATE_LIMITS } from '../rate-limiter.js';
import { FakeDatabase, type HeroRow, type StoryRow } from '../state.js';
import { registerAiAssistantRoutes } from './ai-assistant.js';
import { registerAnalyticsRoutes } from './analytics.js';
import { registerIllustrationRoutes } from './illustrations.js';
import { registerStoryRoutes } from './stories.js';

/** What a harness request returns. */
export interface HarnessResponse {
  status: number;
  headers: Headers;
  /** The parsed JSON body (`undefined` when not JSON). */
  json: unknown;
  text: string;
}

/** Options of one harness request. */
export interface HarnessRequest {
  /** The user id sent as `Authorization: Bearer <id>`; none when omitted. */
  user?: string;
  /** A JSON body (serialised). */
  body?: unknown;
  /** A raw body string (for malformed JSON). */
  rawBody?: string;
  signal?: AbortSignal;
}

/** A story-routes backend for tests. */
export interface StoryHarness {
  readonly app: Hono;
  readonly context: FakeBackendContext;
  readonly db: FakeDatabase;
  readonly clock: FakeClock;
  readonly media: FakeMediaStore;
  readonly users: Map<string, FakeUserRow>;
  /** Sets the simulated generation latency in ms. */
  setLatency(ms: number): void;
  request(method: string, path: string, options?: HarnessRequest): Promise<HarnessResponse>;
  addUser(id?: string): string;
  addHero(userId: string, fields?: Partial<HeroRow>): HeroRow;
  addStory(userId: string, heroId: string, fields?: Partial<StoryRow>): StoryRow;
}

const BASE_URL = 'http://fake-backend.test';
let userCounter = 0;

/** Builds a fresh harness whose clock starts frozen at `start`. */
export function createStoryHarness(start = new Date('2026-11-26T21:10:00.000Z')): StoryHarness {
  const frozen = start.getTime();
  const clock = createFakeClock(() => new Date(frozen));
  const now = () => clock.now();
  const db = new FakeDatabase();
  const newId = createIdGenerator(now);
  const media = createMediaStore(db, now, BASE_URL, 'https://fake-bucket.r2.dev');
  const users = new Map<string, FakeUserRow>();
  const limiter = createGenerationRateLimiter(db, now, newId, DEFAULT_RATE_LIMITS);
  let latencyMs = 0;
  const context: FakeBackendContext = {
    db,
    now,
    newId,
    baseUrl: BASE_URL,
    async authenticate(request) {
      const header = request.headers.get('authorization') ?? '';
      const userId = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
      return users.has(userId) ? { userId } : null;
    },
    rateLimits: limiter,
    media,
    users: {
      async get(userId) {
        return users.get(userId) ?? null;
      },
      async update(userId, patch) {
        const user = users.get(userId);
        if (!user) return null;
        Object.assign(user, patch, { updatedAt: now() });
        return user;
      },
    },
    generationLatencyMs: () => latencyMs,
  };
  const harness: StoryHarness = {
    app: new Hono(),
    db,
    clock,
    media,
    users,
    context,
    setLatency(ms) {
      latencyMs = ms;
    },
    async request(method, path, options = {}) {
      const headers = new Headers();
      if (options.user) headers.set('authorization', `Bearer ${options.user}`);
      let body: string | undefined;
      if (options.rawBody !== undefined) body = options.rawBody;
      else if (options.body !== undefined) body = JSON.stringify(options.body);
      if (body !== undefined) headers.set('content-type', 'application/json');
      const init: RequestInit = { method, headers };
      if (body !== undefined) init.body = body;
      if (options.signal) init.signal = options.signal;
      const response = await harness.app.fetch(new Request(`${BASE_URL}${path}`, init));
      const text = await response.text();
      let json: unknown;
      try {
        json = JSON.parse(text) as unknown;
      } catch {
        json = undefined;
      }
      return { status: response.status, headers: response.headers, json, text };
    },
    addUser(id) {
      userCounter++;
      const userId = id ?? `User${String(userCounter).padStart(28, '0')}Test`.slice(0, 32);
      const at = now();
      users.set(userId, {
        id: userId,
        email: `${userId}@example.test`,
        emailVerified: false,
        name: 'Test',
        image: null,
        createdAt: at,
        updatedAt: at,
        totalStoriesGenerated: 0,
        totalAudioGenerated: 0,
        totalIllustrationsGenerated: 0,
        lastStoryGeneratedAt: null,
      });
      return userId;
    },
    addHero(userId, fields = {}) {
      const at = now();
      const hero: HeroRow = {
        id: newId(),
        name: 'Luna',
        age: 6,
        userId,
        hairColor: null,
        eyeColor: null,
        skinTone: null,
        height: null,
        traits: ['brave', 'curious'],
        specialAbilities: null,
        appearance: null,
        avatarUrl: null,
        avatarPrompt: null,
        avatarGenerationId: null,
        visualProfileId: null,
        createdAt: at,
        updatedAt: at,
        ...fields,
      };
      db.heroes.set(hero.id, hero);
      return hero;
    },
    addStory(userId, heroId, fields = {}) {
      const at = now();
      const story: StoryRow = {
        id: newId(),
        heroId,
        userId,
        title: 'Imported story',
        content: 'Once upon a time.',
        language: 'en',
        eventType: null,
        customEventId: null,
        audioUrl: null,
        audioGenerationStatus: 'pending',
        audioGenerationError: null,
        audioDuration: null,
        illustrationStatus: 'none',
        illustrationCount: 0,
        isFavorite: false,
        lastPlayedAt: null,
        playCount: 0,
        generationMetadata: null,
        createdAt: at,
        updatedAt: at,
        ...fields,
      };
      db.stories.set(story.id, story);
      return story;
    },
  };
  registerStoryRoutes(harness.app, context);
  registerIllustrationRoutes(harness.app, context);
  registerAnalyticsRoutes(harness.app, context);
  registerAiAssistantRoutes(harness.app, context);
  return harness;
}
