import type { FakeBackendContext, FakeUserRow } from './context.js';
import type { FakeMediaStore } from './media.js';
import type { GenerationRateLimiter } from './rate-limiter.js';

/**
 * The context the platform's own route modules receive: the shared {@link FakeBackendContext}
 * plus what only the platform routes need (account deletion, the full media store).
 */
export interface FakePlatformContext extends FakeBackendContext {
  readonly media: FakeMediaStore;
  readonly rateLimits: GenerationRateLimiter;
  /** better-auth accounts. */
  readonly accounts: {
    /** Deletes the better-auth user with its sessions and accounts (the token dies). */
    deleteUser(userId: string): void;
  };
  /** Whether `/health` reports healthy (tests flip it to get the 503). */
  readonly health: { healthy: boolean };
}

/** Whether the fake OpenAI is reachable for this context (absent `ai` means yes). */
export function aiAvailable(context: FakeBackendContext): boolean {
  return context.ai?.available() ?? true;
}

/** The public JSON shape of a user row (`/user/profile`), keys in Prisma's column order. */
export function userJson(user: FakeUserRow): Record<string, unknown> {
  return {
    id: user.id,
    email: user.email,
    emailVerified: user.emailVerified,
    name: user.name,
    image: user.image,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    totalStoriesGenerated: user.totalStoriesGenerated,
    totalAudioGenerated: user.totalAudioGenerated,
    totalIllustrationsGenerated: user.totalIllustrationsGenerated,
    lastStoryGeneratedAt: user.lastStoryGeneratedAt,
  };
}
