/**
 * The legacy stateless `/api/v1/ai-assistant/*` proxy routes of the fake backend:
 * authenticated, zod-validated (`withAuthAndValidation`), answered with raw JSON (no
 * envelope), never rate-limited and never recorded. The "AI" is deterministic; when it is
 * unreachable every route answers the generic 500.
 */
import * as z from 'zod';
import type { RegisterRoutes } from '../context.js';
import { enhancePrompt, extractKeywords, generateEventTitle } from '../generation.js';
import { formatZodIssues } from '../validation.js';
import {
  aiReachable,
  authenticatedUserId,
  failure,
  internalError,
  jsonResponse,
  readJsonBody,
  unauthorized,
} from './story-helpers.js';

const Language = z.enum(['en', 'fr', 'es', 'de', 'it']);

const GenerateTitle = z.object({
  description: z.string().min(1).max(2000),
  language: Language.optional(),
});
const GenerateKeywords = z.object({
  event: z.string().min(1).max(500),
  description: z.string().min(1).max(2000),
});
const EnhancePrompt = z.object({
  title: z.string().min(1).max(500),
  description: z.string().min(1).max(2000),
  category: z.string().max(200).optional(),
  ageRange: z.string().max(50).optional(),
  tone: z.string().max(100).optional(),
});
const SanitizePrompt = z.object({ prompt: z.string().min(1).max(10000) });

/** Registers the `/api/v1/ai-assistant/*` routes the fake backend supports. */
export const registerAiAssistantRoutes: RegisterRoutes = (app, context) => {
  const route = <T>(name: string, schema: z.ZodType<T>, handler: (body: T) => unknown): void => {
    app.post(`/api/v1/ai-assistant/${name}`, async (c) => {
      const userId = await authenticatedUserId(context, c.req.raw);
      if (!userId) return unauthorized();
      const body = await readJsonBody(c.req.raw);
      if (!body.ok) return failure('ValidationError', 'Invalid or missing JSON body', 400);
      const parsed = schema.safeParse(body.value);
      if (!parsed.success) return failure('ValidationError', formatZodIssues(parsed.error), 400);
      // OpenAI unreachable: the connection error is not an OpenAI.APIError, so the handler's
      // generic 500 answers instead of the 502 AI_ERROR (147, 170).
      if (!aiReachable(context)) return internalError();
      return jsonResponse(handler(parsed.data));
    });
  };

  route('generate-title', GenerateTitle, (body) => ({
    title: generateEventTitle(body.description, body.language ?? 'en'),
  }));
  route('generate-keywords', GenerateKeywords, (body) => ({
    keywords: extractKeywords(`${body.event} ${body.description}`),
  }));
  route('enhance-prompt', EnhancePrompt, (body) => ({
    enhancedPrompt: enhancePrompt(body.title, body.description),
  }));
  route('sanitize-prompt', SanitizePrompt, (body) => ({
    sanitizedPrompt: body.prompt.trim(),
    original: body.prompt,
    tokensUsed: Math.ceil(body.prompt.length / 4),
  }));
};
