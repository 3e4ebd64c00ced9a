import { describe, expect, it } from 'vitest';
import { createStoryHarness, type StoryHarness } from './story-routes.harness.js';

type Json = Record<string, unknown>;
function data(json: unknown): Json {
  return (json as { data: Json }).data;
}

const DAY = 86_400_000;

function setup() {
  const h = createStoryHarness(new Date('2026-11-26T21:10:00.000Z'));
  const alice = h.addUser();
  const bob = h.addUser();
  const hero = h.addHero(alice);
  const story = h.addStory(alice, hero.id, { audioDuration: 42.5 });
  return { h, alice, bob, hero, story };
}

async function session(h: StoryHarness, user: string, body: Json) {
  return h.request('POST', '/api/v1/analytics/sessions', { user, body });
}

describe('POST /api/v1/analytics/sessions', () => {
  it('creates the session, caps the duration and bumps the story (fixture 142)', async () => {
    const { h, alice, story } = setup();
    const res = await session(h, alice, { storyId: story.id, duration: 30, completed: true });
    expect(res.status).toBe(201);
    expect((res.json as Json).message).toBe('Listening session created successfully');
    const now = h.clock.now().toISOString();
    const row = data(res.json);
    expect(Object.keys(row)).toEqual([
      'id',
      'userId',
      'storyId',
      'startedAt',
      'endedAt',
      'duration',
      'completed',
      'createdAt',
      'updatedAt',
    ]);
    expect(row).toMatchObject({
      userId: alice,
      storyId: story.id,
      startedAt: now,
      endedAt: null,
      duration: 30,
      completed: true,
    });
    expect(story).toMatchObject({ playCount: 1 });
    expect(story.lastPlayedAt?.toISOString()).toBe(now);
    expect(story.updatedAt.toISOString()).toBe(now);
    const capped = await session(h, alice, { storyId: story.id, duration: 1000 });
    expect(data(capped.json).duration).toBe(64); // ceil(1.5 × 42.5)
    expect(story.playCount).toBe(2);
  });

  it('derives the duration from endedAt and validates timestamps', async () => {
    const { h, alice, hero } = setup();
    const story = h.addStory(alice, hero.id);
    const startedAt = '2026-11-26T20:00:00.000Z';
    const ok = await session(h, alice, {
      storyId: story.id,
      startedAt,
      endedAt: '2026-11-26T20:05:30.500Z',
    });
    expect(data(ok.json)).toMatchObject({ startedAt, duration: 330, completed: false });
    const epoch = await session(h, alice, { storyId: story.id, startedAt: Date.parse(startedAt) });
    expect(data(epoch.json).startedAt).toBe(startedAt);
    const objectDate = await session(h, alice, { storyId: story.id, startedAt: { at: 1 } });
    expect(objectDate.status).toBe(400);
    expect(story.lastPlayedAt?.toISOString()).toBe(startedAt);
    const cases: Array<[Json, string]> = [
      [{}, 'Missing required fields: storyId'],
      [
        { storyId: story.id, startedAt: 'nope' },
        'Invalid startedAt timestamp: must be ISO8601 format',
      ],
      [{ storyId: story.id, endedAt: 'nope' }, 'Invalid endedAt timestamp: must be ISO8601 format'],
      [{ storyId: story.id, startedAt, endedAt: startedAt }, 'endedAt must be after startedAt'],
      [{ storyId: story.id, duration: -1 }, 'Duration must be a positive number'],
    ];
    for (const [body, message] of cases) {
      const res = await session(h, alice, body);
      expect(res.status, message).toBe(400);
      expect(res.json).toEqual({ error: 'ValidationError', message });
    }
    for (const body of [
      { storyId: story.id, completed: 'yes' },
      { storyId: story.id, duration: 'abc' },
      { storyId: 7 },
    ]) {
      const res = await session(h, alice, body);
      expect(res.status).toBe(400);
      expect(String((res.json as Json).message)).toContain('Invalid');
    }
  });

  it('answers 404, 403, 401 and 500 like the real route', async () => {
    const { h, alice, bob, story } = setup();
    expect((await session(h, alice, { storyId: 'missing' })).status).toBe(404);
    const forbidden = await session(h, bob, { storyId: story.id });
    expect(forbidden.json).toEqual({
      error: 'Forbidden',
      message: 'You do not have access to this story',
    });
    expect((await h.request('POST', '/api/v1/analytics/sessions', { body: {} })).status).toBe(401);
    const bad = await h.request('POST', '/api/v1/analytics/sessions', {
      user: alice,
      rawBody: '{',
    });
    expect(bad.status).toBe(500);
    expect(story.playCount).toBe(0);
  });
});

describe('GET /api/v1/analytics/sessions', () => {
  it('lists newest first with filters and pagination', async () => {
    const { h, alice, bob, hero, story } = setup();
    const other = h.addStory(alice, hero.id);
    await session(h, alice, {
      storyId: story.id,
      startedAt: '2026-11-20T10:00:00Z',
      completed: true,
    });
    await session(h, alice, { storyId: other.id, startedAt: '2026-11-22T10:00:00Z' });
    await session(h, alice, { storyId: story.id, startedAt: '2026-11-24T10:00:00Z' });
    const all = data((await h.request('GET', '/api/v1/analytics/sessions', { user: alice })).json);
    expect((all.sessions as Json[]).map((s) => String(s.startedAt).slice(0, 10))).toEqual([
      '2026-11-24',
      '2026-11-22',
      '2026-11-20',
    ]);
    expect(all.pagination).toEqual({ total: 3, limit: 50, offset: 0, hasMore: false });
    const get = async (query: string) =>
      data((await h.request('GET', `/api/v1/analytics/sessions?${query}`, { user: alice })).json)
        .sessions as Json[];
    expect(await get(`storyId=${story.id}`)).toHaveLength(2);
    expect(await get('completed=true')).toHaveLength(1);
    expect(await get('completed=false')).toHaveLength(2);
    expect(await get('startDate=2026-11-21T00:00:00Z&endDate=2026-11-23T00:00:00Z')).toHaveLength(
      1,
    );
    expect(await get('limit=1&offset=1')).toHaveLength(1);
    const foreign = await h.request('GET', `/api/v1/analytics/sessions?storyId=${story.id}`, {
      user: bob,
    });
    expect(foreign.status).toBe(403);
    for (const query of ['startDate=x', 'endDate=x']) {
      const res = await h.request('GET', `/api/v1/analytics/sessions?${query}`, { user: alice });
      expect(res.status).toBe(400);
    }
  });
});

describe('analytics summaries', () => {
  async function listenOnDays(h: StoryHarness, user: string, storyId: string, days: number[]) {
    const now = h.clock.now().getTime();
    for (const back of days) {
      const startedAt = new Date(now - back * DAY).toISOString();
      await session(h, user, { storyId, startedAt, duration: 60, completed: true });
    }
  }

  it('starts empty', async () => {
    const { h, alice } = setup();
    const root = await h.request('GET', '/api/v1/analytics', { user: alice });
    expect(root.json).toEqual({
      data: {
        totalStoriesListened: 0,
        totalListeningTimeSeconds: 0,
        currentStreak: 0,
        longestStreak: 0,
        lastListeningDate: null,
      },
    });
    const insights = await h.request('GET', '/api/v1/analytics/insights', { user: alice });
    expect(data(insights.json).insights).toEqual({
      averageStoryLengthMinutes: null,
      averageListensPerStory: null,
      preferredListeningHour: null,
      preferredListeningPeriod: null,
      mostListenedStory: null,
      totalUniqueStoriesListened: 0,
    });
    for (const path of ['', '/summary', '/activity', '/heroes', '/milestones', '/insights']) {
      expect((await h.request('GET', `/api/v1/analytics${path}`)).status).toBe(401);
    }
  });

  it('replays the cache trigger and computes streaks and the summary', async () => {
    const { h, alice, story } = setup();
    story.isFavorite = true;
    await listenOnDays(h, alice, story.id, [4, 2, 1, 0, 0]);
    await session(h, alice, { storyId: story.id, duration: 600 }); // not completed: not counted
    const root = data((await h.request('GET', '/api/v1/analytics', { user: alice })).json);
    expect(root).toEqual({
      totalStoriesListened: 5,
      totalListeningTimeSeconds: 300,
      currentStreak: 3,
      longestStreak: 3,
      lastListeningDate: '2026-11-26T00:00:00.000Z',
    });
    const summary = data(
      (await h.request('GET', '/api/v1/analytics/summary', { user: alice })).json,
    );
    expect(summary).toEqual({
      totalStoriesListened: 5,
      totalListeningTimeMinutes: 5,
      currentStreak: 3,
      longestStreak: 3,
      favoriteStoriesCount: 1,
      lastListeningDate: '2026-11-26',
    });
    // 21:10 UTC is 06:10 the next day in Tokyo: the days shift by one there.
    const tokyo = await h.request('GET', '/api/v1/analytics/summary?timezone=Asia/Tokyo', {
      user: alice,
    });
    expect(data(tokyo.json)).toMatchObject({ currentStreak: 3, lastListeningDate: '2026-11-27' });
    h.clock.advance(2 * DAY);
    const later = data((await h.request('GET', '/api/v1/analytics/summary', { user: alice })).json);
    expect(later).toMatchObject({ currentStreak: 0, longestStreak: 3 });
    const invalid = await h.request('GET', '/api/v1/analytics/summary?timezone=Not/AZone', {
      user: alice,
    });
    expect(invalid.status).toBe(400);
    expect(String((invalid.json as Json).message)).toContain('Invalid timezone');
  });

  it('reports zero-filled daily activity for week, month and year', async () => {
    const { h, alice, story } = setup();
    await listenOnDays(h, alice, story.id, [0, 0, 2]);
    const week = data((await h.request('GET', '/api/v1/analytics/activity', { user: alice })).json);
    expect(week).toMatchObject({
      range: 'week',
      timezone: 'UTC',
      startDate: '2026-11-20',
      endDate: '2026-11-26',
    });
    const activity = week.activity as Array<{ date: string; minutes: number }>;
    expect(activity).toHaveLength(7);
    expect(activity.at(-1)).toEqual({ date: '2026-11-26', minutes: 2 });
    expect(activity.at(-3)).toEqual({ date: '2026-11-24', minutes: 1 });
    expect(activity.filter((a) => a.minutes === 0)).toHaveLength(5);
    for (const [range, length] of [
      ['month', 30],
      ['year', 365],
    ] as const) {
      const res = await h.request('GET', `/api/v1/analytics/activity?range=${range}`, {
        user: alice,
      });
      expect((data(res.json).activity as unknown[]).length).toBe(length);
    }
    const bad = await h.request('GET', '/api/v1/analytics/activity?range=decade', { user: alice });
    expect(bad.status).toBe(400);
    expect(String((bad.json as Json).message)).toContain('Invalid range parameter');
    const tz = await h.request('GET', '/api/v1/analytics/activity?timezone=New%20York', {
      user: alice,
    });
    expect(tz.status).toBe(400);
  });

  it('aggregates per hero and marks the most active one', async () => {
    const { h, alice, hero } = setup();
    const story = h.addStory(alice, hero.id);
    const avatar = h.media.put('avatar/max.png', 'image/png', new Uint8Array([1]));
    const max = h.addHero(alice, { name: 'Max', avatarUrl: avatar });
    const maxStory = h.addStory(alice, max.id);
    h.addHero(alice, { name: 'Idle' });
    await session(h, alice, { storyId: story.id, duration: 180, completed: true });
    await session(h, alice, { storyId: maxStory.id, duration: 600, completed: true });
    await session(h, alice, { storyId: maxStory.id, duration: 30 });
    const res = await h.request('GET', '/api/v1/analytics/heroes', { user: alice });
    const heroes = data(res.json).heroes as Json[];
    const byName = Object.fromEntries(heroes.map((row) => [row.heroName, row]));
    expect(byName.Luna).toMatchObject({
      heroId: hero.id,
      storiesCount: 2,
      totalListeningMinutes: 3,
      isMostActive: false,
      avatarUrl: null,
    });
    expect(byName.Max).toMatchObject({
      storiesCount: 1,
      totalListeningMinutes: 11,
      isMostActive: true,
    });
    expect(String(byName.Max?.avatarUrl)).toContain('X-Amz-Signature=');
    expect(byName.Idle).toMatchObject({
      storiesCount: 0,
      totalListeningMinutes: 0,
      isMostActive: false,
    });
  });

  it('unlocks milestones once, keeps unlockedAt, and shows progress for locked ones', async () => {
    const { h, alice, story } = setup();
    await session(h, alice, { storyId: story.id, duration: 60, completed: true });
    const first = data(
      (await h.request('GET', '/api/v1/analytics/milestones', { user: alice })).json,
    );
    const list = first.milestones as Json[];
    expect(list).toHaveLength(10);
    const firstStory = list.find((m) => m.id === 'FIRST_STORY');
    expect(firstStory).toMatchObject({ unlocked: true, category: 'stories', emoji: '📖' });
    expect(firstStory).not.toHaveProperty('progress');
    expect(list.find((m) => m.id === 'STORIES_5')).toMatchObject({
      unlocked: false,
      progress: 1,
      target: 5,
      percentage: 20,
    });
    expect(first.summary).toEqual({
      totalMilestones: 10,
      unlockedCount: 1,
      newlyUnlocked: ['FIRST_STORY'],
    });
    h.clock.advance(60_000);
    const second = data(
      (await h.request('GET', '/api/v1/analytics/milestones', { user: alice })).json,
    );
    expect(second.summary).toEqual({ totalMilestones: 10, unlockedCount: 1 });
    const again = (second.milestones as Json[]).find((m) => m.id === 'FIRST_STORY');
    expect(again?.unlockedAt).toBe(firstStory?.unlockedAt);
    // Kept as a UserMilestone row, unique per (user, milestone), deleted with the account.
    const rows = [...h.db.milestones.values()];
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ userId: alice, milestoneId: 'FIRST_STORY' });
    expect(rows[0]?.unlockedAt.toISOString()).toBe(firstStory?.unlockedAt);
    h.db.deleteUserData(alice);
    expect(h.db.milestones.size).toBe(0);
  });

  it('computes insights from sessions and play counts', async () => {
    const { h, alice, hero, story } = setup();
    const other = h.addStory(alice, hero.id, { audioDuration: 77.5, title: 'Other' });
    await session(h, alice, { storyId: story.id, startedAt: '2026-11-25T19:30:00Z', duration: 30 });
    await session(h, alice, { storyId: story.id, startedAt: '2026-11-24T19:00:00Z', duration: 30 });
    await session(h, alice, { storyId: other.id, startedAt: '2026-11-24T08:00:00Z', duration: 30 });
    const insights = data(
      (await h.request('GET', '/api/v1/analytics/insights', { user: alice })).json,
    ).insights as Json;
    expect(insights).toEqual({
      averageStoryLengthMinutes: 1,
      averageListensPerStory: 1.5,
      preferredListeningHour: 19,
      preferredListeningPeriod: 'evening',
      mostListenedStory: { storyId: story.id, title: story.title, playCount: 2 },
      totalUniqueStoriesListened: 2,
    });
  });
});
