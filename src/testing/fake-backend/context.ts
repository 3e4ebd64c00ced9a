import type { Hono } from 'hono';
import type { UsageDetails } from './rate-limiter.js';
import type { FakeDatabase, GenerationOperation } from './state.js';

export type { UsageDetails } from './rate-limiter.js';

/**
 * What every route module of the fake backend receives. Owned by the fake-backend platform
 * (app.ts); route modules only read it. Members may be added, never removed.
 */
export interface FakeBackendContext {
  /** The in-memory tables. */
  readonly db: FakeDatabase;
  /** The backend's clock (injectable; tests advance it). Every timestamp comes from here. */
  readonly now: () => Date;
  /** A new cuid-v1-looking id: 25 chars, starts with `c`. */
  readonly newId: () => string;
  /** The backend origin, e.g. `http://127.0.0.1:43123`. */
  readonly baseUrl: string;
  /**
   * Resolves the signed-in user from the request's `Authorization: Bearer …` header through
   * better-auth (which also slides the session). `null` when not authenticated.
   */
  readonly authenticate: (request: Request) => Promise<{ userId: string } | null>;
  /** Generation rate limiter: failed attempts count, resetAt = now + 1 h. */
  readonly rateLimits: {
    /** Throws nothing; returns whether the call may proceed plus the 429 numbers. */
    check(
      userId: string,
      operation: GenerationOperation,
    ): { allowed: boolean; limit: number; remaining: number; resetAt: Date };
    /**
     * Records an ApiUsage row (success or failure), with the model, tokens, cost and duration
     * the real routes store (`/user/usage` sums them).
     */
    record(
      userId: string,
      operation: GenerationOperation,
      success: boolean,
      errorMessage?: string,
      details?: UsageDetails,
    ): void;
  };
  /** Media: store bytes under an R2-style key and produce the stored public URL / signed URL. */
  readonly media: {
    /** Stores bytes and returns the stored "public R2" URL kept in the DB. */
    put(key: string, contentType: string, bytes: Uint8Array): string;
    /** A presigned-style GET URL that differs on every call and expires 15 min after now(). */
    sign(storedUrl: string | null): string | null;
    /** Deletes an object by its stored URL (best effort). */
    delete(storedUrl: string | null): void;
  };
  /**
   * better-auth's user rows (with the additionalFields usage counters: stories, audio and
   * illustrations generated, last story date).
   * `update` also sets `updatedAt`.
   */
  readonly users: {
    get(userId: string): Promise<FakeUserRow | null>;
    update(userId: string, patch: Partial<Omit<FakeUserRow, 'id'>>): Promise<FakeUserRow | null>;
  };
  /** Simulated generation latency in ms (0 by default). */
  readonly generationLatencyMs: () => number;
  /**
   * Whether the (fake) OpenAI is reachable. When `available()` is false, generation routes fail
   * the way the recording did with OpenAI unreachable: 500
   * `InternalServerError`, a failed usage row where the route records one. Optional so that
   * hand-built contexts keep compiling; absent means available.
   */
  readonly ai?: { available(): boolean };
}

/** A user as better-auth stores it, with the backend's additional fields. */
export interface FakeUserRow {
  id: string;
  email: string;
  emailVerified: boolean;
  name: string | null;
  image: string | null;
  createdAt: Date;
  updatedAt: Date;
  totalStoriesGenerated: number;
  totalAudioGenerated: number;
  totalIllustrationsGenerated: number;
  lastStoryGeneratedAt: Date | null;
}

/** Every route module has this shape; app.ts calls each once. */
export type RegisterRoutes = (app: Hono, context: FakeBackendContext) => void;
