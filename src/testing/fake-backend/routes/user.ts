import type { Hono } from 'hono';
import { fail, internalError, isRecord, ok, readJson, unauthorized } from '../http.js';
import { type FakePlatformContext, userJson } from '../platform-context.js';
import { invalidArgumentMessage, prismaTypeName } from '../prisma-messages.js';
import { RATE_LIMITED_OPERATIONS } from '../rate-limiter.js';
import type { ApiUsageRow } from '../state.js';
import { parseServerDate } from '../validation.js';

const DAY_MS = 24 * 60 * 60 * 1000;

const round2 = (value: number) => Math.round(value * 100) / 100;

interface OperationSummary {
  operation: string;
  totalRequests: number;
  successfulRequests: number;
  failedRequests: number;
  totalCost: number;
  totalTokens: number;
  averageDuration: number;
}

/** `byOperation`, in order of each operation's most recent row (as the backend's fold yields). */
function byOperation(rows: readonly ApiUsageRow[]): OperationSummary[] {
  const newestFirst = [...rows].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const groups = new Map<string, { summary: OperationSummary; durations: number[] }>();
  for (const row of newestFirst) {
    let group = groups.get(row.operation);
    if (!group) {
      group = {
        summary: {
          operation: row.operation,
          totalRequests: 0,
          successfulRequests: 0,
          failedRequests: 0,
          totalCost: 0,
          totalTokens: 0,
          averageDuration: 0,
        },
        durations: [],
      };
      groups.set(row.operation, group);
    }
    const s = group.summary;
    s.totalRequests++;
    if (row.success) s.successfulRequests++;
    else s.failedRequests++;
    s.totalCost += row.estimatedCost ?? 0;
    s.totalTokens += row.tokensUsed ?? 0;
    if (row.requestDuration !== null) group.durations.push(row.requestDuration);
  }
  return [...groups.values()].map(({ summary, durations }) => ({
    ...summary,
    totalCost: round2(summary.totalCost),
    averageDuration:
      durations.length > 0
        ? Math.round(durations.reduce((a, b) => a + b, 0) / durations.length)
        : 0,
  }));
}

/** `/api/v1/user/*`. */
export function registerUserRoutes(app: Hono, context: FakePlatformContext): void {
  app.get('/api/v1/user/profile', async (c) => {
    const session = await context.authenticate(c.req.raw);
    if (!session) return unauthorized();
    const user = await context.users.get(session.userId);
    if (!user) return fail('NotFound', 'User not found', 404);
    const countOf = (rows: Iterable<{ userId: string }>) => {
      let n = 0;
      for (const row of rows) if (row.userId === user.id) n++;
      return n;
    };
    return ok({
      ...userJson(user),
      _count: {
        heroes: countOf(context.db.heroes.values()),
        customEvents: countOf(context.db.customEvents.values()),
        stories: countOf(context.db.stories.values()),
      },
    });
  });

  app.patch('/api/v1/user/profile', async (c) => {
    const session = await context.authenticate(c.req.raw);
    if (!session) return unauthorized();
    const body = await readJson(c.req.raw);
    if (!body.ok) return internalError();
    const name = isRecord(body.value) ? body.value.name : undefined;
    if (name !== undefined && name !== null && typeof name !== 'string') {
      return fail(
        'ValidationError',
        invalidArgumentMessage('user.update', 'name', 'String', prismaTypeName(name)),
        400,
      );
    }
    const user =
      name === undefined
        ? await context.users.get(session.userId)
        : await context.users.update(session.userId, { name });
    if (!user) return fail('NotFound', 'User not found', 404);
    return ok(userJson(user), 'Profile updated successfully');
  });

  app.get('/api/v1/user/usage', async (c) => {
    const session = await context.authenticate(c.req.raw);
    if (!session) return unauthorized();
    const user = await context.users.get(session.userId);
    if (!user) return fail('NotFound', 'User not found', 404);
    const now = context.now();
    const rawStart = c.req.query('startDate');
    const rawEnd = c.req.query('endDate');
    const startDate = rawStart ? parseServerDate(rawStart) : new Date(now.getTime() - 30 * DAY_MS);
    const endDate = rawEnd ? parseServerDate(rawEnd) : now;
    if (!startDate || !endDate) {
      return fail(
        'ValidationError',
        '\nInvalid `prisma.apiUsage.findMany()` invocation:\n\nInvalid value for argument `gte`: Provided Date object is invalid. Expected Date.',
        400,
      );
    }
    const rows = context.db.apiUsage.filter(
      (row) =>
        row.userId === user.id &&
        row.createdAt.getTime() >= startDate.getTime() &&
        row.createdAt.getTime() <= endDate.getTime(),
    );
    const successful = rows.filter((row) => row.success).length;
    const rateLimits: Record<string, { remaining: number; limit: number; resetAt: Date }> = {};
    for (const operation of RATE_LIMITED_OPERATIONS) {
      const check = context.rateLimits.check(user.id, operation);
      rateLimits[operation] = {
        remaining: check.remaining,
        limit: check.limit,
        resetAt: check.resetAt,
      };
    }
    return ok({
      period: { startDate, endDate },
      summary: {
        totalRequests: rows.length,
        successfulRequests: successful,
        failedRequests: rows.length - successful,
        successRate: rows.length > 0 ? round2((successful / rows.length) * 100) : 0,
        totalCost: round2(rows.reduce((sum, row) => sum + (row.estimatedCost ?? 0), 0)),
        totalTokens: rows.reduce((sum, row) => sum + (row.tokensUsed ?? 0), 0),
      },
      byOperation: byOperation(rows),
      rateLimits,
      userStats: {
        totalStoriesGenerated: user.totalStoriesGenerated,
        totalAudioGenerated: user.totalAudioGenerated,
        totalIllustrationsGenerated: user.totalIllustrationsGenerated,
        lastStoryGeneratedAt: user.lastStoryGeneratedAt,
      },
    });
  });

  app.delete('/api/v1/user/account', async (c) => {
    const session = await context.authenticate(c.req.raw);
    if (!session) return unauthorized();
    const user = await context.users.get(session.userId);
    if (!user) return fail('NotFound', 'User not found', 404);
    // One transaction: the bare-userId tables, then the user (cascading to heroes, events,
    // sessions and accounts). R2 objects are left behind, as on the real backend.
    context.db.deleteUserData(user.id);
    context.accounts.deleteUser(user.id);
    return ok({ deleted: true }, 'Account deleted');
  });
}
