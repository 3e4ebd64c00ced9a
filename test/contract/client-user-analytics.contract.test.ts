/** user.*, analytics.*, batch.*, health() and ping() against the fake backend (msw). */
import { describe, expect, it } from 'vitest';
import { ISO_TIMESTAMP_PATTERN } from '../../src/schemas/common.js';
import { useContractBackend } from '../support/contract-harness.js';

const harness = useContractBackend();

describe('user', () => {
  it('profile, updateProfile, usage and deleteAccount', async () => {
    const { api, user } = await harness.signUp('Alice Test');
    const profile = await api.user.profile();
    expect(profile).toMatchObject({
      id: user.userId,
      name: 'Alice Test',
      totalStoriesGenerated: 0,
      _count: { heroes: 0, customEvents: 0, stories: 0 },
    });
    const renamed = await api.user.updateProfile({ name: 'Alice Renamed' });
    expect(renamed.name).toBe('Alice Renamed');
    expect('_count' in renamed).toBe(false);
    const usage = await api.user.usage({
      startDate: new Date(Date.now() - 86_400_000),
      endDate: new Date(),
    });
    expect(usage.rateLimits.story_generation).toMatchObject({ remaining: 5, limit: 5 });
    expect(usage.summary.totalRequests).toBe(0);
    await expect(api.user.deleteAccount()).resolves.toEqual({ deleted: true });
    await expect(api.user.profile()).rejects.toMatchObject({ name: 'AuthError' });
  });
});

describe('analytics', () => {
  it('createSession (which also counts a play), listSessions and every statistic', async () => {
    const { api } = await harness.signUp();
    const hero = await api.heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
    const story = await api.stories.generate({ heroId: hero.id, language: 'en' });
    const startedAt = new Date(Date.now() - 60_000);
    const session = await api.analytics.createSession({
      storyId: story.id,
      startedAt,
      endedAt: new Date(),
      completed: true,
    });
    expect(session).toMatchObject({
      storyId: story.id,
      completed: true,
      startedAt: startedAt.toISOString(),
    });
    expect((await api.stories.get(story.id)).playCount).toBe(1);

    const sessions = await api.analytics.listSessions({ storyId: story.id, completed: true });
    expect(sessions.sessions.map((s) => s.id)).toEqual([session.id]);
    expect(sessions.pagination.total).toBe(1);

    const overview = await api.analytics.get();
    expect(overview.totalStoriesListened).toBeGreaterThanOrEqual(0);
    const summary = await api.analytics.summary({ timezone: 'UTC', refresh: true });
    expect(summary.favoriteStoriesCount).toBe(0);
    const activity = await api.analytics.activity({ range: 'week', timezone: 'UTC' });
    expect(activity.range).toBe('week');
    expect(activity.activity).toHaveLength(7);
    const heroes = await api.analytics.heroes();
    expect(heroes.heroes.map((h) => h.heroId)).toContain(hero.id);
    const milestones = await api.analytics.milestones();
    expect(milestones.summary.totalMilestones).toBe(milestones.milestones.length);
    const insights = await api.analytics.insights();
    expect(insights.insights.totalUniqueStoriesListened).toBeGreaterThanOrEqual(0);
    await expect(api.analytics.summary({ timezone: 'Not/AZone' })).rejects.toMatchObject({
      status: 400,
    });
  });
});

describe('batch', () => {
  it('imports heroes and stories, reporting per-item results', async () => {
    const { api } = await harness.signUp();
    const heroes = await api.batch.importHeroes([
      { id: 'local-hero-1', name: 'Batchy', age: 7, traits: ['bold'], hairColor: 'black' },
      { id: 'local-hero-2', name: 'Batchette', age: 4, traits: [] },
    ]);
    expect(heroes).toMatchObject({ success: true, created: 2, failed: 0, total: 2 });
    const serverId = heroes.results.created[0]?.serverId ?? '';
    expect(heroes.results.created[0]).toMatchObject({ localId: 'local-hero-1', name: 'Batchy' });
    await expect(api.heroes.get(serverId)).resolves.toMatchObject({ name: 'Batchy' });

    const stories = await api.batch.importStories([
      { id: 'local-story-1', heroId: serverId, title: 'Imported', content: 'Once upon a time.' },
      { id: 'local-story-2', heroId: 'cnonexistent000000000000000', title: 'Orphan', content: 'x' },
    ]);
    expect(stories).toMatchObject({ success: false, created: 1, failed: 1 });
    expect(stories.results.failed[0]).toMatchObject({ localId: 'local-story-2', title: 'Orphan' });
    expect(stories.results.failed[0]?.error).toMatch(/Hero not found/);
  });
});

describe('health and ping', () => {
  it('answer without a session; an unhealthy backend is HttpError 503', async () => {
    const anonymous = harness.client(null, { retry: { limit: 0 } });
    const health = await anonymous.health();
    expect(health).toMatchObject({ status: 'healthy', database: 'connected' });
    expect(health.timestamp).toMatch(ISO_TIMESTAMP_PATTERN);
    const ping = await anonymous.ping();
    expect(ping.status).toBe('ok');
    expect(Math.abs(ping.timestamp - Date.now())).toBeLessThan(60_000);
    harness.backend.setHealthy(false);
    try {
      await expect(anonymous.health()).rejects.toMatchObject({
        name: 'HttpError',
        status: 503,
        code: 'ServiceUnavailable',
      });
    } finally {
      harness.backend.setHealthy(true);
    }
  });
});
