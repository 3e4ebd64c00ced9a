import type { Hono } from 'hono';
import * as z from 'zod';
import { abortableSleep } from '../faults.js';
import { enhancePrompt, extractKeywords } from '../generation.js';
import {
  fail,
  forbidden,
  internalError,
  isRecord,
  ok,
  pagination,
  readJson,
  unauthorized,
} from '../http.js';
import { aiAvailable, type FakePlatformContext } from '../platform-context.js';
import { invalidArgumentMessage, prismaTypeName } from '../prisma-messages.js';
import type { CustomEventRow } from '../state.js';
import { formatZodIssues } from '../validation.js';

/** The backend's `UpdateCustomEventSchema`; unknown keys are stripped. */
const UpdateCustomEventSchema = z.object({
  title: z.string().min(1).max(200).optional(),
  description: z.string().max(2000).optional(),
  promptSeed: z.string().min(1).max(2000).optional(),
  category: z.string().max(100).optional(),
  ageRange: z.string().max(20).optional(),
  tone: z.string().max(50).optional(),
  keywords: z.array(z.string().max(50)).max(20).optional(),
  isFavorite: z.boolean().optional(),
});

/** isFavorite desc, usageCount desc, createdAt desc (ties: newest id first). */
function listOrder(a: CustomEventRow, b: CustomEventRow): number {
  if (a.isFavorite !== b.isFavorite) return a.isFavorite ? -1 : 1;
  if (a.usageCount !== b.usageCount) return b.usageCount - a.usageCount;
  const diff = b.createdAt.getTime() - a.createdAt.getTime();
  if (diff !== 0) return diff;
  return a.id < b.id ? 1 : -1;
}

function loadOwnedEvent(
  context: FakePlatformContext,
  eventId: string,
  userId: string,
): CustomEventRow | Response {
  const event = context.db.customEvents.get(eventId);
  if (!event) return fail('NotFound', 'Custom event not found', 404);
  if (event.userId !== userId) return forbidden('custom event');
  return event;
}

/** The hand-written create validation, or `null` when valid. */
function createError(body: Record<string, unknown>): Response | null {
  const missing = ['title', 'promptSeed'].filter((field) => !body[field]);
  if (missing.length > 0) {
    return fail('ValidationError', `Missing required fields: ${missing.join(', ')}`, 400);
  }
  for (const field of ['title', 'promptSeed', 'description', 'category', 'ageRange', 'tone']) {
    const value = body[field];
    if (value !== undefined && value !== null && typeof value !== 'string') {
      return fail(
        'ValidationError',
        invalidArgumentMessage('customStoryEvent.create', field, 'String', prismaTypeName(value)),
        400,
      );
    }
  }
  const title = String(body.title);
  if (title.length < 1 || title.length > 200) {
    return fail('ValidationError', 'Title must be between 1 and 200 characters', 400);
  }
  if (String(body.promptSeed).length > 2000) {
    return fail('ValidationError', 'Prompt seed must be between 1 and 2000 characters', 400);
  }
  return null;
}

/** `/api/v1/custom-events`. */
export function registerCustomEventRoutes(app: Hono, context: FakePlatformContext): void {
  app.get('/api/v1/custom-events', async (c) => {
    const session = await context.authenticate(c.req.raw);
    if (!session) return unauthorized();
    // Not clamped above (limit=1000 is echoed back); `updatedAfter` is ignored.
    const limit = Math.max(Number.parseInt(c.req.query('limit') ?? '', 10) || 50, 1);
    const offset = Math.max(Number.parseInt(c.req.query('offset') ?? '', 10) || 0, 0);
    const category = c.req.query('category');
    const favoritesOnly = c.req.query('favoritesOnly') === 'true';
    const rows = [...context.db.customEvents.values()]
      .filter((e) => e.userId === session.userId)
      .filter((e) => !category || e.category === category)
      .filter((e) => !favoritesOnly || e.isFavorite)
      .sort(listOrder);
    return ok({
      customEvents: rows.slice(offset, offset + limit),
      pagination: pagination(rows.length, limit, offset),
    });
  });

  app.post('/api/v1/custom-events', async (c) => {
    const session = await context.authenticate(c.req.raw);
    if (!session) return unauthorized();
    const body = await readJson(c.req.raw);
    if (!body.ok) return internalError();
    const input = isRecord(body.value) ? body.value : {};
    const invalid = createError(input);
    if (invalid) return invalid;
    const now = context.now();
    const event: CustomEventRow = {
      id: context.newId(),
      userId: session.userId,
      title: String(input.title),
      description: typeof input.description === 'string' ? input.description : '',
      promptSeed: String(input.promptSeed),
      category: typeof input.category === 'string' && input.category ? input.category : 'general',
      ageRange: typeof input.ageRange === 'string' && input.ageRange ? input.ageRange : null,
      tone: typeof input.tone === 'string' && input.tone ? input.tone : 'cheerful',
      pictogramEmoji: null,
      pictogramSymbols: null,
      aiEnhanced: false,
      aiEnhancementMetadata: null,
      keywords: Array.isArray(input.keywords) ? input.keywords : [],
      usageCount: 0,
      isFavorite: false,
      lastUsedAt: null,
      createdAt: now,
      updatedAt: now,
    };
    context.db.customEvents.set(event.id, event);
    return ok(event, 'Custom event created successfully', 201);
  });

  app.get('/api/v1/custom-events/:eventId', async (c) => {
    const session = await context.authenticate(c.req.raw);
    if (!session) return unauthorized();
    const event = loadOwnedEvent(context, c.req.param('eventId'), session.userId);
    return event instanceof Response ? event : ok(event);
  });

  app.patch('/api/v1/custom-events/:eventId', async (c) => {
    const session = await context.authenticate(c.req.raw);
    if (!session) return unauthorized();
    const body = await readJson(c.req.raw);
    if (!body.ok) return fail('ValidationError', 'Invalid or missing JSON body', 400);
    const parsed = UpdateCustomEventSchema.safeParse(body.value);
    if (!parsed.success) return fail('ValidationError', formatZodIssues(parsed.error), 400);
    const event = loadOwnedEvent(context, c.req.param('eventId'), session.userId);
    if (event instanceof Response) return event;
    const changes = Object.fromEntries(
      Object.entries(parsed.data).filter(([, value]) => value !== undefined),
    );
    if (Object.keys(changes).length > 0) {
      Object.assign(event, changes, { updatedAt: context.now() });
    }
    return ok(event, 'Custom event updated successfully');
  });

  app.delete('/api/v1/custom-events/:eventId', async (c) => {
    const session = await context.authenticate(c.req.raw);
    if (!session) return unauthorized();
    const event = loadOwnedEvent(context, c.req.param('eventId'), session.userId);
    if (event instanceof Response) return event;
    context.db.deleteCustomEvent(event.id, context.now());
    return ok({ id: event.id }, 'Custom event deleted successfully');
  });

  app.post('/api/v1/custom-events/:eventId/enhance', async (c) => {
    const session = await context.authenticate(c.req.raw);
    if (!session) return unauthorized();
    const event = loadOwnedEvent(context, c.req.param('eventId'), session.userId);
    if (event instanceof Response) return event;
    if (event.aiEnhanced) {
      return fail('BadRequest', 'This custom event has already been enhanced', 400);
    }
    const latency = context.generationLatencyMs();
    if (latency > 0) await abortableSleep(latency, c.req.raw.signal);
    if (!aiAvailable(context)) return internalError();
    const now = context.now();
    const promptSeed = enhancePrompt(event.title, event.promptSeed);
    Object.assign(event, {
      promptSeed,
      keywords: extractKeywords(`${event.title} ${promptSeed}`, 8),
      aiEnhanced: true,
      aiEnhancementMetadata: {
        enhancedAt: now.toISOString(),
        model: 'gpt-4o-mini',
        originalPromptSeed: event.promptSeed,
      },
      updatedAt: now,
    });
    return ok(event, 'Custom event enhanced successfully');
  });
}
