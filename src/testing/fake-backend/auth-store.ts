import type { FakeAuthDatabase } from './auth.js';
import type { FakeUserRow } from './context.js';

function asDate(value: unknown): Date | null {
  if (value instanceof Date) return value;
  if (typeof value === 'string' || typeof value === 'number') return new Date(value);
  return null;
}

function toUserRow(row: Record<string, unknown>): FakeUserRow {
  return {
    id: String(row.id),
    email: String(row.email),
    emailVerified: row.emailVerified === true,
    name: typeof row.name === 'string' ? row.name : null,
    image: typeof row.image === 'string' ? row.image : null,
    createdAt: asDate(row.createdAt) ?? new Date(0),
    updatedAt: asDate(row.updatedAt) ?? new Date(0),
    totalStoriesGenerated: Number(row.totalStoriesGenerated ?? 0),
    totalAudioGenerated: Number(row.totalAudioGenerated ?? 0),
    totalIllustrationsGenerated: Number(row.totalIllustrationsGenerated ?? 0),
    lastStoryGeneratedAt: asDate(row.lastStoryGeneratedAt),
  };
}

/** Reads a user row of better-auth's memory database. */
export function readUser(database: FakeAuthDatabase, userId: string): FakeUserRow | null {
  const row = database.user.find((u) => u.id === userId);
  return row ? toUserRow(row) : null;
}

/** Updates a user row in place (as Prisma would, with `updatedAt = now`). */
export function updateUser(
  database: FakeAuthDatabase,
  userId: string,
  patch: Partial<Omit<FakeUserRow, 'id'>>,
  now: Date,
): FakeUserRow | null {
  const row = database.user.find((u) => u.id === userId);
  if (!row) return null;
  Object.assign(row, patch, { updatedAt: now });
  return toUserRow(row);
}

/** Deletes a user and, like the FK cascade, its sessions and accounts. */
export function deleteAuthUser(database: FakeAuthDatabase, userId: string): void {
  database.user = database.user.filter((u) => u.id !== userId);
  database.session = database.session.filter((s) => s.userId !== userId);
  database.account = database.account.filter((a) => a.userId !== userId);
}

/** Test tools that edit session rows the way the recording did directly in the database. */
export function createSessionTools(database: FakeAuthDatabase): {
  age(token: string, ms: number): void;
  expire(token: string): void;
} {
  const find = (token: string): Record<string, unknown> => {
    const raw = decodeURIComponent(token).split('.')[0];
    const session = database.session.find((s) => s.token === raw);
    if (!session) throw new Error('fake backend: no session for this token');
    return session;
  };
  const shift = (value: unknown, ms: number): Date =>
    new Date((asDate(value) ?? new Date()).getTime() - ms);
  return {
    age(token, ms) {
      const session = find(token);
      session.createdAt = shift(session.createdAt, ms);
      session.updatedAt = shift(session.updatedAt, ms);
      session.expiresAt = shift(session.expiresAt, ms);
    },
    expire(token) {
      find(token).expiresAt = new Date(Date.now() - 60_000);
    },
  };
}
