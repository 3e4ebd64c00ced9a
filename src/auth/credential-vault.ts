/**
 * The persisted session: token, user and session metadata, kept together in ONE SecureStore
 * entry (so a write is all-or-nothing) and never in the general storage adapter. A corrupt or
 * foreign entry reads as "no session"; a failing store is a `StorageError`.
 */
import * as z from 'zod/mini';
import { StorageError } from '../errors/index.js';
import type { AuthUser } from '../schemas/auth.js';
import { authUserSchema } from '../schemas/auth.js';
import { isoTimestampSchema } from '../schemas/common.js';
import { sanitizeCause, tokenVariants } from './secrets.js';
import type { SecureStore } from './secure-store.js';
import type { SessionInfo } from './session-state.js';

/** The default SecureStore key of the session entry. */
export const DEFAULT_SESSION_KEY = 'infinitestories.auth.session';

const storedSessionSchema = z.object({
  v: z.literal(1),
  /** The bearer token exactly as received (`set-auth-token` value, byte-for-byte). */
  token: z.string().check(z.minLength(1)),
  user: authUserSchema,
  session: z.object({
    id: z.string(),
    userId: z.string().check(z.minLength(1)),
    expiresAt: isoTimestampSchema,
    createdAt: isoTimestampSchema,
    updatedAt: isoTimestampSchema,
  }),
  /** True once the server said the session is gone (kept so a restart shows `expired`). */
  expired: z.boolean(),
  /** True when `session` is an estimate that was never confirmed by get-session. */
  unverified: z.boolean(),
  /** When the server last confirmed the session (device clock, epoch ms); absent in older entries. */
  checkedAt: z.optional(z.number()),
});

/** What the vault stores. */
export interface StoredSession {
  readonly token: string;
  readonly user: AuthUser;
  readonly session: SessionInfo;
  readonly expired: boolean;
  readonly unverified: boolean;
  /** When the server last confirmed the session (device clock, epoch ms), if known. */
  readonly checkedAt?: number | undefined;
}

/** The outcome of reading the vault. */
export type VaultReadResult =
  | { readonly kind: 'empty' }
  | { readonly kind: 'corrupt'; readonly reason: string }
  | { readonly kind: 'found'; readonly stored: StoredSession };

/** Reads and writes the session entry of one SecureStore key. */
export class CredentialVault {
  readonly #store: SecureStore;
  readonly #key: string;

  constructor(store: SecureStore, key: string = DEFAULT_SESSION_KEY) {
    this.#store = store;
    this.#key = key;
  }

  /** Reads the entry. Throws `StorageError` when the store fails. */
  async read(operation: string): Promise<VaultReadResult> {
    const raw = await this.#guard(
      operation,
      'could not read the session from the secure store',
      () => this.#store.get(this.#key),
    );
    if (raw === null) return { kind: 'empty' };
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return { kind: 'corrupt', reason: 'not JSON' };
    }
    const parsed = storedSessionSchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return {
        kind: 'corrupt',
        reason: `${issue?.path.join('.') || '(entry)'}: ${issue?.message}`,
      };
    }
    const { token, user, session, expired, unverified, checkedAt } = parsed.data;
    return { kind: 'found', stored: { token, user, session, expired, unverified, checkedAt } };
  }

  /** Replaces the entry. Throws `StorageError` when the store fails. */
  async write(operation: string, stored: StoredSession): Promise<void> {
    const value = JSON.stringify({
      v: 1,
      token: stored.token,
      user: stored.user,
      session: {
        id: stored.session.id,
        userId: stored.session.userId,
        expiresAt: stored.session.expiresAt,
        createdAt: stored.session.createdAt,
        updatedAt: stored.session.updatedAt,
      },
      expired: stored.expired,
      unverified: stored.unverified,
      ...(stored.checkedAt === undefined ? {} : { checkedAt: stored.checkedAt }),
    });
    await this.#guard(
      operation,
      'could not save the session to the secure store',
      () => this.#store.set(this.#key, value),
      tokenVariants(stored.token),
    );
  }

  /** Deletes the entry. Throws `StorageError` when the store fails. */
  async clear(operation: string): Promise<void> {
    await this.#guard(operation, 'could not delete the session from the secure store', () =>
      this.#store.delete(this.#key),
    );
  }

  async #guard<T>(
    operation: string,
    message: string,
    run: () => Promise<T>,
    secrets: readonly string[] = [],
  ): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const cause = sanitizeCause(error, secrets);
      throw new StorageError(operation, `${message} (${reasonOf(cause)}); nothing was changed`, {
        cause,
      });
    }
  }
}

/** What a secure store's failure says, for the message of the error that wraps it. */
function reasonOf(cause: unknown): string {
  if (cause instanceof Error) return cause.message || cause.name;
  return typeof cause === 'string' && cause !== '' ? cause : 'the secure store failed';
}
