/**
 * better-auth 1.4 response shapes, for the AuthManager. Users carry
 * the backend's `additionalFields`; ids are 32 alphanumeric characters; timestamps are ISO.
 */
import * as z from 'zod/mini';
import {
  countSchema,
  isoTimestampSchema,
  nullableIsoTimestampSchema,
  userIdSchema,
} from './common.js';

/** A user as better-auth returns it (sign-up, sign-in, get-session). */
export const authUserSchema = z.object({
  id: userIdSchema,
  email: z.string(),
  emailVerified: z.boolean(),
  name: z.nullable(z.string()),
  image: z.optional(z.nullable(z.string())),
  createdAt: isoTimestampSchema,
  updatedAt: isoTimestampSchema,
  totalStoriesGenerated: countSchema,
  totalAudioGenerated: countSchema,
  totalIllustrationsGenerated: countSchema,
  lastStoryGeneratedAt: z.optional(nullableIsoTimestampSchema),
});

// Written out so editors and the API reference show the fields; `auth.test-d.ts` keeps it equal
// to what `authUserSchema` yields.
/** The signed-in user, as the server reports it. */
export interface AuthUser {
  /** The user id: 32 alphanumeric characters. */
  id: string;
  email: string;
  emailVerified: boolean;
  name: string | null;
  image?: string | null | undefined;
  /** ISO timestamp. */
  createdAt: string;
  /** ISO timestamp. */
  updatedAt: string;
  totalStoriesGenerated: number;
  totalAudioGenerated: number;
  totalIllustrationsGenerated: number;
  /** ISO timestamp, or `null` before the first story. */
  lastStoryGeneratedAt?: string | null | undefined;
}

/** A better-auth session (get-session, list-sessions). `token` is the raw bearer token. */
export const authSessionSchema = z.object({
  id: z.string().check(z.minLength(1)),
  token: z.string().check(z.minLength(1)),
  userId: userIdSchema,
  expiresAt: isoTimestampSchema,
  createdAt: isoTimestampSchema,
  updatedAt: isoTimestampSchema,
  ipAddress: z.optional(z.nullable(z.string())),
  userAgent: z.optional(z.nullable(z.string())),
});

/** A better-auth session. */
export type AuthSession = z.infer<typeof authSessionSchema>;

/** `POST /api/auth/sign-up/email` → 200 `{ token, user }` (plus `set-auth-token`). */
export const signUpResponseSchema = z.object({
  token: z.nullable(z.string()),
  user: authUserSchema,
});

/** A sign-up answer. */
export type SignUpResponse = z.infer<typeof signUpResponseSchema>;

/**
 * `POST /api/auth/sign-in/email` and `/sign-in/social` → `{ redirect, token, url?, user }`
 * (`url` absent, not null, on email sign-in).
 */
export const signInResponseSchema = z.object({
  redirect: z.boolean(),
  token: z.string(),
  url: z.optional(z.nullable(z.string())),
  user: authUserSchema,
});

/** A sign-in answer. */
export type SignInResponse = z.infer<typeof signInResponseSchema>;

/** `GET /api/auth/get-session` → `{ session, user }`, or `null` (never 401) when not valid. */
export const getSessionResponseSchema = z.nullable(
  z.object({ session: authSessionSchema, user: authUserSchema }),
);

/** A get-session answer. */
export type GetSessionResponse = z.infer<typeof getSessionResponseSchema>;

/** `POST /api/auth/sign-out` (with a JSON body, e.g. `{}`) → `{ success: true }`. */
export const signOutResponseSchema = z.object({ success: z.boolean() });

/** A sign-out answer. */
export type SignOutResponse = z.infer<typeof signOutResponseSchema>;

/** `GET /api/auth/list-sessions` → a bare array. */
export const listSessionsResponseSchema = z.array(authSessionSchema);

/** Body of `POST /api/auth/sign-up/email`; password 8–128 characters. */
export const signUpInputSchema = z.object({
  email: z.email(),
  password: z.string().check(z.minLength(8)).check(z.maxLength(128)),
  name: z.string().check(z.minLength(1)),
  image: z.optional(z.string()),
});

/** Input of sign-up. */
export type SignUpInput = {
  email: string;
  password: string;
  name: string;
  image?: string | undefined;
};

/** Body of `POST /api/auth/sign-in/email`. `rememberMe: false` gives a 1-day session. */
export const signInInputSchema = z.object({
  email: z.string().check(z.minLength(1)),
  password: z.string().check(z.minLength(1)),
  rememberMe: z.optional(z.boolean()),
});

/** Input of sign-in. */
export type SignInInput = {
  email: string;
  password: string;
  rememberMe?: boolean | undefined;
};
