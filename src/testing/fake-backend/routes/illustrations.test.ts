import { describe, expect, it } from 'vitest';
import type { IllustrationRow } from '../state.js';
import { storyIllustrationStatus } from './illustrations.js';
import { createStoryHarness, type StoryHarness } from './story-routes.harness.js';

type Json = Record<string, unknown>;
function data(json: unknown): Json {
  return (json as { data: Json }).data;
}

async function generatedStory(h: StoryHarness, userId: string): Promise<string> {
  const hero = h.addHero(userId);
  const res = await h.request('POST', '/api/v1/stories', {
    user: userId,
    body: { heroId: hero.id, language: 'en', eventType: 'Bedtime Adventure' },
  });
  return String(data(res.json).id);
}

function setup() {
  const h = createStoryHarness();
  return { h, alice: h.addUser(), bob: h.addUser() };
}

function rows(h: StoryHarness, storyId: string): IllustrationRow[] {
  return [...h.db.illustrations.values()].filter((row) => row.storyId === storyId);
}

describe('illustration routes', () => {
  it('lists nothing and reports status none for a story without scenes (139, 140, 143)', async () => {
    const { h, alice } = setup();
    const story = h.addStory(alice, h.addHero(alice).id);
    const base = `/api/v1/stories/${story.id}/illustrations`;
    const list = await h.request('GET', base, { user: alice });
    expect(list.json).toEqual({ data: { illustrations: [], total: 0 } });
    const status = await h.request('GET', `${base}/status`, { user: alice });
    expect(status.json).toEqual({
      data: {
        status: 'none',
        progress: 0,
        total: 0,
        completed: 0,
        processing: 0,
        failed: 0,
        pending: 0,
        illustrations: [],
      },
    });
    const post = await h.request('POST', base, { user: alice, body: {} });
    expect(post.status).toBe(400);
    expect(post.json).toEqual({
      error: 'ValidationError',
      message: 'No scenes available for illustration. Generate story first.',
    });
    expect(h.db.apiUsage).toEqual([]);
  });

  it('lists placeholders in displayOrder with imageUrl null until generated', async () => {
    const { h, alice } = setup();
    const storyId = await generatedStory(h, alice);
    const res = await h.request('GET', `/api/v1/stories/${storyId}/illustrations`, { user: alice });
    const body = data(res.json);
    const list = body.illustrations as Json[];
    expect(body.total).toBe(list.length);
    expect(list.map((i) => i.displayOrder)).toEqual(list.map((_, i) => i));
    expect(list.every((i) => i.imageUrl === null && i.generationStatus === 'pending')).toBe(true);
    const status = data(
      (await h.request('GET', `/api/v1/stories/${storyId}/illustrations/status`, { user: alice }))
        .json,
    );
    expect(status).toMatchObject({ status: 'pending', progress: 0, pending: list.length });
    expect((status.illustrations as Json[])[0]).toEqual({
      id: list[0]?.id,
      displayOrder: 0,
      status: 'pending',
      error: null,
      retryCount: 0,
      hasImage: false,
    });
  });

  it('generates pending scenes in order up to maxIllustrations, then the rest', async () => {
    const { h, alice } = setup();
    const storyId = await generatedStory(h, alice);
    const total = rows(h, storyId).length;
    const base = `/api/v1/stories/${storyId}/illustrations`;
    const first = await h.request('POST', base, { user: alice, body: { maxIllustrations: 1 } });
    expect(first.status).toBe(200);
    expect(first.json).toEqual({
      data: { generated: 1, failed: 0, status: 'completed' },
      message: 'Generated 1 illustrations',
    });
    const story = h.db.stories.get(storyId);
    expect(story).toMatchObject({ illustrationStatus: 'partial', illustrationCount: 1 });
    const done = rows(h, storyId).filter((row) => row.generationStatus === 'completed');
    expect(done.map((row) => row.displayOrder)).toEqual([0]);
    expect(done[0]?.generationId).toMatch(/^illustration\/.+\.png$/);
    const rest = await h.request('POST', base, { user: alice, body: {} });
    expect(data(rest.json)).toEqual({ generated: total - 1, failed: 0, status: 'completed' });
    expect(story).toMatchObject({ illustrationStatus: 'completed', illustrationCount: total });
    expect(h.users.get(alice)?.totalIllustrationsGenerated).toBe(total);

    const status = data((await h.request('GET', `${base}/status`, { user: alice })).json);
    expect(status).toMatchObject({ status: 'completed', progress: 100, completed: total });
    const list = data((await h.request('GET', base, { user: alice })).json).illustrations as Json[];
    const signed = String(list[0]?.imageUrl);
    const file = await h.media.serve(new URL(signed));
    expect(file.headers.get('content-type')).toBe('image/png');
    const png = new Uint8Array(await file.arrayBuffer());
    expect([...png.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    // The story GET orders and signs them too.
    const withIllustrations = data(
      (
        await h.request('GET', `/api/v1/stories/${storyId}?includeIllustrations=true`, {
          user: alice,
        })
      ).json,
    );
    expect(withIllustrations._count).toEqual({ illustrations: total });

    // Nothing pending any more: the run generates nothing and records an unsuccessful row.
    const nothing = await h.request('POST', base, { user: alice, body: {} });
    expect(data(nothing.json)).toEqual({ generated: 0, failed: 0, status: 'completed' });
    const usage = h.db.apiUsage.filter((row) => row.operation === 'illustration_generation');
    expect(usage.map((row) => row.success)).toEqual([true, true, false]);
  });

  it('counts the limit per request and marks the story failed on 429', async () => {
    const { h, alice } = setup();
    const storyId = await generatedStory(h, alice);
    for (let i = 0; i < 20; i++) {
      h.context.rateLimits.record(alice, 'illustration_generation', true);
    }
    const res = await h.request('POST', `/api/v1/stories/${storyId}/illustrations`, {
      user: alice,
      body: {},
    });
    expect(res.status).toBe(429);
    expect((res.json as Json).message).toMatch(
      /^Rate limit exceeded for illustration_generation\. Resets at .+Z\. Limit: 20 requests per hour\.$/,
    );
    expect(h.db.stories.get(storyId)?.illustrationStatus).toBe('failed');
    expect(h.db.apiUsage.filter((row) => !row.success)).toHaveLength(1);
  });

  it('marks failed scenes when the request aborts mid-run', async () => {
    const { h, alice } = setup();
    const storyId = await generatedStory(h, alice);
    h.setLatency(5_000);
    const controller = new AbortController();
    const pending = h.request('POST', `/api/v1/stories/${storyId}/illustrations`, {
      user: alice,
      body: {},
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 10);
    const res = await pending;
    const total = rows(h, storyId).length;
    expect(data(res.json)).toEqual({ generated: 0, failed: total, status: 'partial' });
    expect(h.db.stories.get(storyId)?.illustrationStatus).toBe('failed');
    expect(rows(h, storyId).every((row) => row.retryCount === 1)).toBe(true);
  });

  it('handles malformed bodies, no session, other users and missing stories', async () => {
    const { h, alice, bob } = setup();
    const storyId = await generatedStory(h, alice);
    const base = `/api/v1/stories/${storyId}/illustrations`;
    expect((await h.request('POST', base, { user: alice, rawBody: '{' })).status).toBe(500);
    expect(h.db.stories.get(storyId)?.illustrationStatus).toBe('failed');
    expect((await h.request('POST', base, { body: {} })).status).toBe(401);
    expect((await h.request('POST', base, { user: alice, rawBody: 'null' })).status).toBe(500);
    expect((await h.request('POST', base, { user: bob, body: {} })).status).toBe(403);
    expect((await h.request('GET', base, { user: bob })).status).toBe(403);
    expect((await h.request('GET', `${base}/status`, { user: bob })).status).toBe(403);
    expect((await h.request('GET', base)).status).toBe(401);
    expect((await h.request('GET', `${base}/status`)).status).toBe(401);
    const missing = '/api/v1/stories/missing/illustrations';
    expect((await h.request('POST', missing, { user: alice, body: {} })).status).toBe(404);
    expect((await h.request('GET', missing, { user: alice })).status).toBe(404);
  });
});

describe('storyIllustrationStatus', () => {
  const row = (generationStatus: IllustrationRow['generationStatus']) =>
    ({ generationStatus }) as IllustrationRow;
  it('follows the story-level state machine', () => {
    expect(storyIllustrationStatus([row('completed'), row('completed')])).toBe('completed');
    expect(storyIllustrationStatus([row('completed'), row('pending')])).toBe('partial');
    expect(storyIllustrationStatus([row('completed'), row('failed')])).toBe('partial');
    expect(storyIllustrationStatus([row('failed'), row('failed')])).toBe('failed');
    expect(storyIllustrationStatus([row('failed'), row('pending')])).toBe('pending');
    expect(storyIllustrationStatus([])).toBe('pending');
  });
});
