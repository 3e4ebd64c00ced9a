import { describe, expect, it } from 'vitest';
import { createStoryHarness, type StoryHarness } from './story-routes.harness.js';

type Json = Record<string, unknown>;
function data(json: unknown): Json {
  return (json as { data: Json }).data;
}

function setup() {
  const h = createStoryHarness();
  const alice = h.addUser();
  const bob = h.addUser();
  const hero = h.addHero(alice);
  const story = h.addStory(alice, hero.id, { content: 'a'.repeat(1300) });
  return { h, alice, bob, hero, story, path: `/api/v1/stories/${story.id}/audio` };
}

function audioRows(h: StoryHarness, userId: string) {
  return h.db.apiUsage.filter(
    (row) => row.userId === userId && row.operation === 'audio_generation',
  );
}

async function download(h: StoryHarness, url: string): Promise<Response> {
  return h.media.serve(new URL(url));
}

describe('GET /api/v1/stories/:id/audio', () => {
  it('reports a batch-imported URL as signed with status pending (fixture 137)', async () => {
    const { h, alice, bob, hero } = setup();
    const story = h.addStory(alice, hero.id, {
      audioUrl: 'https://fake-bucket.r2.dev/audio/user/1700000000000-local.mp3',
      audioDuration: 42.5,
    });
    const res = await h.request('GET', `/api/v1/stories/${story.id}/audio`, { user: alice });
    expect(res.status).toBe(200);
    const body = data(res.json);
    expect(Object.keys(body)).toEqual(['audioUrl', 'audioDuration', 'status', 'error']);
    expect(body).toMatchObject({ audioDuration: 42.5, status: 'pending', error: null });
    expect(String(body.audioUrl)).toContain('/audio/user/1700000000000-local.mp3?X-Amz-');
    const none = await h.request('GET', `/api/v1/stories/${h.addStory(alice, hero.id).id}/audio`, {
      user: alice,
    });
    expect(data(none.json).audioUrl).toBeNull();
    const other = await h.request('GET', `/api/v1/stories/${story.id}/audio`, { user: bob });
    expect(other.status).toBe(403);
    expect((await h.request('GET', '/api/v1/stories/missing/audio', { user: alice })).status).toBe(
      404,
    );
    expect((await h.request('GET', `/api/v1/stories/${story.id}/audio`)).status).toBe(401);
  });
});

describe('POST /api/v1/stories/:id/audio', () => {
  it('generates deterministic MP3 bytes, estimates the duration and completes', async () => {
    const { h, alice, story, path } = setup();
    const res = await h.request('POST', path, { user: alice, body: { voice: 'nova' } });
    expect(res.status).toBe(200);
    expect((res.json as Json).message).toBe('Audio generated successfully');
    const body = data(res.json);
    // ceil(1300 / 5 / 130 * 60) = 120 seconds
    expect(body).toMatchObject({ audioDuration: 120, voice: 'nova', status: 'completed' });
    expect(story).toMatchObject({ audioGenerationStatus: 'completed', audioDuration: 120 });
    expect(story.audioUrl).toMatch(/^https:\/\/fake-bucket\.r2\.dev\/audio\/.+\.mp3$/);
    const file = await download(h, String(body.audioUrl));
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('audio/mpeg');
    const bytes = new Uint8Array(await file.arrayBuffer());
    expect(String.fromCharCode(...bytes.slice(0, 3))).toBe('ID3');
    expect(file.headers.get('content-length')).toBe(String(bytes.length));
    expect(h.users.get(alice)?.totalAudioGenerated).toBe(1);
    expect(audioRows(h, alice).map((row) => row.success)).toEqual([true]);
  });

  it('answers "already exists" only for completed audio without regenerate', async () => {
    const { h, alice, story, path } = setup();
    await h.request('POST', path, { user: alice, body: {} });
    const again = await h.request('POST', path, { user: alice, body: {} });
    expect(again.status).toBe(200);
    expect((again.json as Json).message).toBe('Audio already exists for this story');
    expect(Object.keys(data(again.json))).toEqual(['audioUrl', 'audioDuration', 'status']);
    expect(audioRows(h, alice)).toHaveLength(1);
    const regenerated = await h.request('POST', path, { user: alice, body: { regenerate: true } });
    expect((regenerated.json as Json).message).toBe('Audio generated successfully');
    expect(audioRows(h, alice)).toHaveLength(2);
    expect(story.audioGenerationStatus).toBe('completed');
  });

  it('regenerates audio that is set but still pending, using up quota (E24)', async () => {
    const { h, alice, hero } = setup();
    const story = h.addStory(alice, hero.id, {
      audioUrl: 'https://fake-bucket.r2.dev/audio/user/1700000000000-local.mp3',
    });
    const res = await h.request('POST', `/api/v1/stories/${story.id}/audio`, {
      user: alice,
      body: {},
    });
    expect((res.json as Json).message).toBe('Audio generated successfully');
    expect(audioRows(h, alice)).toHaveLength(1);
  });

  it('rejects content over 4096 characters with 400 and records nothing', async () => {
    const { h, alice, hero } = setup();
    const story = h.addStory(alice, hero.id, { content: 'b'.repeat(4097) });
    const res = await h.request('POST', `/api/v1/stories/${story.id}/audio`, {
      user: alice,
      body: {},
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: 'ValidationError' });
    expect(story.audioGenerationStatus).toBe('pending');
    expect(audioRows(h, alice)).toEqual([]);
  });

  it('rate-limits at 10 per hour; the 429 marks the story failed and adds a row', async () => {
    const { h, alice, story, path } = setup();
    for (let i = 0; i < 10; i++) {
      const res = await h.request('POST', path, { user: alice, body: { regenerate: true } });
      expect(res.status).toBe(200);
    }
    const limited = await h.request('POST', path, { user: alice, body: { regenerate: true } });
    expect(limited.status).toBe(429);
    expect((limited.json as Json).message).toMatch(
      /^Rate limit exceeded for audio_generation\. Resets at .+Z\. Limit: 10 requests per hour\.$/,
    );
    expect(story.audioGenerationStatus).toBe('failed');
    expect(story.audioGenerationError).toBe('Audio generation failed');
    expect(audioRows(h, alice)).toHaveLength(11);
    const status = await h.request('GET', path, { user: alice });
    expect(data(status.json)).toMatchObject({ status: 'failed', error: 'Audio generation failed' });
  });

  it('treats malformed JSON, an unknown voice and no session as thrown failures', async () => {
    const { h, alice, story, path } = setup();
    const bad = await h.request('POST', path, { user: alice, rawBody: '' });
    expect(bad.status).toBe(500);
    expect(story.audioGenerationStatus).toBe('failed');
    story.audioGenerationStatus = 'pending';
    const voice = await h.request('POST', path, { user: alice, body: { voice: 'robot' } });
    expect(voice.status).toBe(400);
    expect(story.audioGenerationStatus).toBe('failed');
    story.audioGenerationStatus = 'pending';
    const anonymous = await h.request('POST', path, { body: {} });
    expect(anonymous.status).toBe(401);
    expect(story.audioGenerationStatus).toBe('failed');
    const nullBody = await h.request('POST', path, { user: alice, rawBody: 'null' });
    expect(nullBody.status).toBe(500);
    expect(audioRows(h, alice).map((row) => row.success)).toEqual([false, false, false]);
  });

  it('answers 403/404 without touching the story, and fails if the story vanishes', async () => {
    const { h, alice, bob, story, path } = setup();
    expect((await h.request('POST', path, { user: bob, body: {} })).status).toBe(403);
    expect(story.audioGenerationStatus).toBe('pending');
    expect(
      (await h.request('POST', '/api/v1/stories/x/audio', { user: alice, body: {} })).status,
    ).toBe(404);
    h.setLatency(40);
    const pending = h.request('POST', path, { user: alice, body: {} });
    setTimeout(() => h.db.deleteStory(story.id), 5);
    const res = await pending;
    expect(res.status).toBe(404);
    expect(audioRows(h, alice).map((row) => row.success)).toEqual([false]);
  });

  it('marks the story failed when the request aborts during generation', async () => {
    const { h, alice, story, path } = setup();
    h.setLatency(5_000);
    const controller = new AbortController();
    const pending = h.request('POST', path, { user: alice, body: {}, signal: controller.signal });
    setTimeout(() => controller.abort(), 10);
    expect((await pending).status).toBe(500);
    expect(story.audioGenerationStatus).toBe('failed');
  });

  it('picks a voice from the hero when none is given', async () => {
    const { h, alice } = setup();
    const calm = h.addHero(alice, { traits: ['calm'] });
    const plain = h.addHero(alice, { traits: ['funny'] });
    const voices: unknown[] = [];
    for (const [heroId, language] of [
      [calm.id, 'en'],
      [plain.id, 'fr'],
      [plain.id, 'en'],
    ] as const) {
      const story = h.addStory(alice, heroId, { language });
      const res = await h.request('POST', `/api/v1/stories/${story.id}/audio`, {
        user: alice,
        body: {},
      });
      voices.push(data(res.json).voice);
    }
    expect(voices).toEqual(['shimmer', 'coral', 'nova']);
  });
});
