/**
 * `/api/v1/analytics*` of the fake backend: listening sessions (which also
 * bump the story's `playCount`, `lastPlayedAt` and `updatedAt`) and the read-only statistics
 * computed from them.
 */
import type { FakeBackendContext, RegisterRoutes } from '../context.js';
import type { ListeningSessionRow } from '../state.js';
import {
  analyticsCache,
  dayKey,
  isValidTimeZone,
  listeningPeriod,
  MILESTONES,
  milestoneProgress,
  shiftDay,
  streaks,
} from './analytics-stats.js';
import {
  authenticatedUserId,
  clampPagination,
  failure,
  field,
  internalError,
  invalidArgument,
  pagination,
  parseServerDate,
  readJsonBody,
  signUrl,
  success,
  unauthorized,
} from './story-helpers.js';

const BASE = '/api/v1/analytics';
const RANGES: Record<string, number> = { week: 7, month: 30, year: 365 };

function userSessions(context: FakeBackendContext, userId: string): ListeningSessionRow[] {
  return [...context.db.listeningSessions.values()].filter((s) => s.userId === userId);
}

function validation(message: string): Response {
  return failure('ValidationError', message, 400);
}

function invalidTimezone(timezone: string): Response {
  return validation(
    `Invalid timezone parameter: ${timezone}. Must be a valid IANA timezone identifier (e.g., "America/New_York", "Europe/Paris", "UTC")`,
  );
}

/**
 * The session's end and duration: the duration sent (floored), else the time between start
 * and end, capped at 1.5 × the audio's length.
 */
function sessionTiming(
  body: unknown,
  startedAt: Date,
  audioDuration: number | null,
): Response | { endedAt: Date | null; duration: number | null; rawDuration: unknown } {
  let endedAt: Date | null = null;
  const rawEndedAt = field(body, 'endedAt');
  if (rawEndedAt) {
    endedAt = parseServerDate(rawEndedAt);
    if (!endedAt) return validation('Invalid endedAt timestamp: must be ISO8601 format');
    if (endedAt.getTime() <= startedAt.getTime()) {
      return validation('endedAt must be after startedAt');
    }
  }
  let duration: number | null = null;
  const rawDuration = field(body, 'duration');
  if (rawDuration !== undefined && rawDuration !== null) {
    duration = Math.floor(Number(rawDuration));
    if (duration < 0) return validation('Duration must be a positive number');
  } else if (endedAt) {
    duration = Math.floor((endedAt.getTime() - startedAt.getTime()) / 1000);
  }
  if (duration !== null && audioDuration) {
    duration = Math.min(duration, Math.ceil(audioDuration * 1.5));
  }
  return { endedAt, duration, rawDuration };
}

function createSession(context: FakeBackendContext, userId: string, body: unknown): Response {
  const storyId = field(body, 'storyId');
  if (!storyId) return validation('Missing required fields: storyId');
  if (typeof storyId !== 'string') {
    return validation(invalidArgument('story.findUnique', 'id', 'String', storyId));
  }
  const story = context.db.stories.get(storyId);
  if (!story) return failure('NotFound', 'Story not found', 404);
  if (story.userId !== userId) {
    return failure('Forbidden', 'You do not have access to this story', 403);
  }
  const completed = field(body, 'completed') || false;
  // One instant for the default startedAt and the row's timestamps: Prisma sends them in the
  // same INSERT, so they are equal (142).
  const now = context.now();
  let startedAt = now;
  const rawStartedAt = field(body, 'startedAt');
  if (rawStartedAt) {
    const parsed = parseServerDate(rawStartedAt);
    if (!parsed) return validation('Invalid startedAt timestamp: must be ISO8601 format');
    startedAt = parsed;
  }
  const timing = sessionTiming(body, startedAt, story.audioDuration);
  if (timing instanceof Response) return timing;
  const { endedAt, duration, rawDuration } = timing;
  if (typeof completed !== 'boolean' || (duration !== null && Number.isNaN(duration))) {
    const [argument, expected, value] =
      typeof completed !== 'boolean'
        ? ['completed', 'Boolean', completed]
        : ['duration', 'Int or Null', rawDuration];
    return validation(invalidArgument('listeningSession.create', argument, expected, value));
  }
  const session: ListeningSessionRow = {
    id: context.newId(),
    userId,
    storyId: story.id,
    startedAt,
    endedAt,
    duration,
    completed,
    createdAt: now,
    updatedAt: now,
  };
  context.db.listeningSessions.set(session.id, session);
  story.playCount += 1;
  story.lastPlayedAt = startedAt;
  story.updatedAt = context.now();
  return success(session, 'Listening session created successfully', 201);
}

function listSessions(
  context: FakeBackendContext,
  userId: string,
  query: URLSearchParams,
): Response {
  const storyId = query.get('storyId');
  const startDate = query.get('startDate');
  const endDate = query.get('endDate');
  const completed = query.get('completed');
  const { limit, offset } = clampPagination(query.get('limit'), query.get('offset'));
  if (storyId && context.db.stories.get(storyId)?.userId !== userId) {
    return failure('Forbidden', 'You do not have access to this story', 403);
  }
  const from = startDate ? parseServerDate(startDate) : null;
  if (startDate && !from) return validation('Invalid startDate: must be ISO8601 format');
  const to = endDate ? parseServerDate(endDate) : null;
  if (endDate && !to) return validation('Invalid endDate: must be ISO8601 format');
  const matching = userSessions(context, userId)
    .filter(
      (s) =>
        (!storyId || s.storyId === storyId) &&
        (completed === null || s.completed === (completed === 'true')) &&
        (!from || s.startedAt.getTime() >= from.getTime()) &&
        (!to || s.startedAt.getTime() <= to.getTime()),
    )
    .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
  return success({
    sessions: matching.slice(offset, offset + limit),
    pagination: pagination(matching.length, limit, offset),
  });
}

function milestones(context: FakeBackendContext, userId: string): Response {
  const cache = analyticsCache(userSessions(context, userId));
  const unlockedAt = (milestoneId: string) =>
    context.db.milestones.get(`${userId}:${milestoneId}`)?.unlockedAt;
  const newlyUnlocked: string[] = [];
  const list = MILESTONES.map((milestone) => {
    const progress = milestoneProgress(milestone, cache);
    const base = {
      id: milestone.id,
      category: milestone.category,
      title: milestone.title,
      description: milestone.description,
      emoji: milestone.emoji,
    };
    if (progress >= milestone.target && !unlockedAt(milestone.id)) {
      // The UserMilestone row is written the first time the list sees the target reached.
      context.db.milestones.set(`${userId}:${milestone.id}`, {
        id: context.newId(),
        userId,
        milestoneId: milestone.id,
        unlockedAt: context.now(),
      });
      newlyUnlocked.push(milestone.id);
    }
    const at = unlockedAt(milestone.id);
    if (at) return { ...base, unlocked: true, unlockedAt: at };
    const percentage = Math.round(Math.min((progress / milestone.target) * 100, 100));
    return { ...base, unlocked: false, progress, target: milestone.target, percentage };
  });
  return success({
    milestones: list,
    summary: {
      totalMilestones: MILESTONES.length,
      unlockedCount: [...context.db.milestones.values()].filter((m) => m.userId === userId).length,
      ...(newlyUnlocked.length > 0 ? { newlyUnlocked } : {}),
    },
  });
}

function insights(context: FakeBackendContext, userId: string) {
  const sessions = userSessions(context, userId).sort(
    (a, b) => b.startedAt.getTime() - a.startedAt.getTime(),
  );
  if (sessions.length === 0) {
    return {
      averageStoryLengthMinutes: null,
      averageListensPerStory: null,
      preferredListeningHour: null,
      preferredListeningPeriod: null,
      mostListenedStory: null,
      totalUniqueStoriesListened: 0,
    };
  }
  const storyIds = [...new Set(sessions.map((s) => s.storyId))];
  const durations = storyIds
    .map((id) => context.db.stories.get(id)?.audioDuration)
    .filter((d): d is number => typeof d === 'number');
  const round2 = (value: number) => Number.parseFloat(value.toFixed(2));
  const hours = new Map<number, number>();
  for (const s of sessions) {
    const hour = s.startedAt.getUTCHours();
    hours.set(hour, (hours.get(hour) ?? 0) + 1);
  }
  let preferred: number | null = null;
  let best = 0;
  for (const [hour, count] of hours) {
    if (count > best) {
      best = count;
      preferred = hour;
    }
  }
  const top = [...context.db.stories.values()]
    .filter((s) => s.userId === userId && s.playCount > 0)
    .sort((a, b) => b.playCount - a.playCount || b.createdAt.getTime() - a.createdAt.getTime())[0];
  return {
    averageStoryLengthMinutes:
      durations.length > 0
        ? round2(durations.reduce((sum, d) => sum + d, 0) / durations.length / 60)
        : null,
    averageListensPerStory: round2(sessions.length / storyIds.length),
    preferredListeningHour: preferred,
    preferredListeningPeriod: preferred === null ? null : listeningPeriod(preferred),
    mostListenedStory: top ? { storyId: top.id, title: top.title, playCount: top.playCount } : null,
    totalUniqueStoriesListened: storyIds.length,
  };
}

function heroAnalytics(context: FakeBackendContext, userId: string) {
  const sessions = userSessions(context, userId);
  const heroes = [...context.db.heroes.values()]
    .filter((hero) => hero.userId === userId)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  const rows = heroes.map((hero) => {
    const storyIds = new Set(
      [...context.db.stories.values()].filter((s) => s.heroId === hero.id).map((s) => s.id),
    );
    const seconds = sessions
      .filter((s) => storyIds.has(s.storyId))
      .reduce((sum, s) => sum + (s.duration ?? 0), 0);
    return {
      heroId: hero.id,
      heroName: hero.name,
      avatarUrl: signUrl(context, hero.avatarUrl),
      storiesCount: storyIds.size,
      totalListeningMinutes: Math.round(seconds / 60),
      isMostActive: false,
    };
  });
  const max = Math.max(0, ...rows.map((row) => row.totalListeningMinutes));
  const most = rows.find((row) => max > 0 && row.totalListeningMinutes === max);
  if (most) most.isMostActive = true;
  return { heroes: rows };
}

function activity(context: FakeBackendContext, userId: string, query: URLSearchParams): Response {
  const range = query.get('range') ?? 'week';
  const days = RANGES[range];
  if (!days) return validation('Invalid range parameter. Must be one of: week, month, year');
  const timezone = query.get('timezone') ?? 'UTC';
  if (!isValidTimeZone(timezone)) return invalidTimezone(timezone);
  const endDate = dayKey(context.now(), timezone);
  const startDate = shiftDay(endDate, -(days - 1));
  const seconds = new Map<string, number>();
  for (const s of userSessions(context, userId)) {
    if (s.duration === null) continue;
    const key = dayKey(s.startedAt, timezone);
    seconds.set(key, (seconds.get(key) ?? 0) + s.duration);
  }
  const series = Array.from({ length: days }, (_, i) => {
    const date = shiftDay(startDate, i);
    return { date, minutes: Math.round((seconds.get(date) ?? 0) / 60) };
  });
  return success({ range, timezone, startDate, endDate, activity: series });
}

/** Registers the listening-session and analytics routes. */
export const registerAnalyticsRoutes: RegisterRoutes = (app, context) => {
  const guarded = (
    path: string,
    handler: (userId: string, query: URLSearchParams) => Response,
  ): void => {
    app.get(path, async (c) => {
      const userId = await authenticatedUserId(context, c.req.raw);
      if (!userId) return unauthorized();
      return handler(userId, new URL(c.req.url).searchParams);
    });
  };

  app.post(`${BASE}/sessions`, async (c) => {
    const userId = await authenticatedUserId(context, c.req.raw);
    if (!userId) return unauthorized();
    const body = await readJsonBody(c.req.raw);
    if (!body.ok || body.value === null) return internalError();
    return createSession(context, userId, body.value);
  });
  guarded(`${BASE}/sessions`, (userId, query) => listSessions(context, userId, query));
  guarded(BASE, (userId) => success(analyticsCache(userSessions(context, userId))));
  guarded(`${BASE}/summary`, (userId, query) => {
    const timezone = query.get('timezone') ?? 'UTC';
    if (!isValidTimeZone(timezone)) return invalidTimezone(timezone);
    const sessions = userSessions(context, userId);
    const cache = analyticsCache(sessions);
    const streak = streaks(sessions, timezone, context.now());
    return success({
      totalStoriesListened: cache.totalStoriesListened,
      totalListeningTimeMinutes: Math.round(cache.totalListeningTimeSeconds / 60),
      currentStreak: streak.currentStreak,
      longestStreak: streak.longestStreak,
      favoriteStoriesCount: [...context.db.stories.values()].filter(
        (s) => s.userId === userId && s.isFavorite,
      ).length,
      lastListeningDate: streak.lastListeningDate,
    });
  });
  guarded(`${BASE}/activity`, (userId, query) => activity(context, userId, query));
  guarded(`${BASE}/heroes`, (userId) => success(heroAnalytics(context, userId)));
  guarded(`${BASE}/milestones`, (userId) => milestones(context, userId));
  guarded(`${BASE}/insights`, (userId) => success({ insights: insights(context, userId) }));
};
