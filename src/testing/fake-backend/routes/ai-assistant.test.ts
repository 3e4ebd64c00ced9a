import { describe, expect, it } from 'vitest';
import { createStoryHarness } from './story-routes.harness.js';

function setup() {
  const h = createStoryHarness();
  return { h, alice: h.addUser() };
}

describe('/api/v1/ai-assistant routes', () => {
  it('rejects an unsupported language with the zod message of fixture 148', async () => {
    const { h, alice } = setup();
    const res = await h.request('POST', '/api/v1/ai-assistant/generate-title', {
      user: alice,
      body: { description: 'x', language: 'pt' },
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      error: 'ValidationError',
      message: 'language: Invalid option: expected one of "en"|"fr"|"es"|"de"|"it"',
    });
  });

  it('answers a deterministic title without envelope, never rate-limited (fixture 170)', async () => {
    const { h, alice } = setup();
    const titles = new Set<string>();
    for (let i = 0; i < 35; i++) {
      const res = await h.request('POST', '/api/v1/ai-assistant/generate-title', {
        user: alice,
        body: { description: 'A dragon egg' },
      });
      expect(res.status).toBe(200);
      titles.add((res.json as { title: string }).title);
    }
    expect([...titles]).toEqual(['The Tale of A dragon egg']);
    expect(h.db.apiUsage).toEqual([]);
    const fr = await h.request('POST', '/api/v1/ai-assistant/generate-title', {
      user: alice,
      body: { description: 'un œuf de dragon', language: 'fr' },
    });
    expect(fr.json).toEqual({ title: "L'histoire de Un œuf de dragon" });
  });

  it('validates bodies: missing JSON, missing fields, null body', async () => {
    const { h, alice } = setup();
    const path = '/api/v1/ai-assistant/generate-title';
    const malformed = await h.request('POST', path, { user: alice, rawBody: '{' });
    expect(malformed.json).toEqual({
      error: 'ValidationError',
      message: 'Invalid or missing JSON body',
    });
    const missing = await h.request('POST', path, { user: alice, body: {} });
    expect(missing.json).toEqual({
      error: 'ValidationError',
      message: 'description: Invalid input: expected string, received undefined',
    });
    const nullBody = await h.request('POST', path, { user: alice, rawBody: 'null' });
    expect((nullBody.json as { message: string }).message).toMatch(/^body: /);
    expect((await h.request('POST', path, { body: { description: 'x' } })).status).toBe(401);
  });

  it('serves keywords, enhanced prompts and sanitised prompts', async () => {
    const { h, alice } = setup();
    const keywords = await h.request('POST', '/api/v1/ai-assistant/generate-keywords', {
      user: alice,
      body: { event: 'First day at school', description: 'Meeting new friends at the school' },
    });
    expect(keywords.json).toEqual({
      keywords: ['first', 'day', 'school', 'meeting', 'new', 'friends'],
    });
    const enhanced = await h.request('POST', '/api/v1/ai-assistant/enhance-prompt', {
      user: alice,
      body: { title: 'Dragon', description: 'A dragon egg hatches.' },
    });
    expect((enhanced.json as { enhancedPrompt: string }).enhancedPrompt).toContain(
      'Dragon: A dragon egg hatches.',
    );
    const sanitized = await h.request('POST', '/api/v1/ai-assistant/sanitize-prompt', {
      user: alice,
      body: { prompt: '  hello  ' },
    });
    expect(sanitized.json).toEqual({
      sanitizedPrompt: 'hello',
      original: '  hello  ',
      tokensUsed: 3,
    });
  });
});
