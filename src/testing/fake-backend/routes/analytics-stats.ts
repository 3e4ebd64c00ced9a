/**
 * Pure listening-statistics logic behind the fake backend's `/analytics*` routes: the Postgres
 * trigger that maintains `UserAnalyticsCache`, time-zone day keys, streaks and the milestone
 * definitions.
 */
import type { ListeningSessionRow } from '../state.js';

/** What `UserAnalyticsCache` holds for a user. */
export interface AnalyticsCache {
  totalStoriesListened: number;
  totalListeningTimeSeconds: number;
  currentStreak: number;
  longestStreak: number;
  /** The UTC day (midnight) of the last counted session, or null. */
  lastListeningDate: Date | null;
}

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` of an instant in an IANA time zone. */
export function dayKey(date: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(date);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '00';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The day before / after a `YYYY-MM-DD` key. */
export function shiftDay(key: string, days: number): string {
  return new Date(Date.parse(`${key}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whether `timezone` is a usable IANA identifier (the routes answer 400 otherwise). */
export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.length === 0 || timeZone.length > 50 || /\s/.test(timeZone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Replays the `update_user_analytics_on_session_insert` trigger over a user's sessions in
 * insertion order: only completed sessions with a duration count; streaks follow UTC days.
 */
export function analyticsCache(sessions: readonly ListeningSessionRow[]): AnalyticsCache {
  const cache: AnalyticsCache = {
    totalStoriesListened: 0,
    totalListeningTimeSeconds: 0,
    currentStreak: 0,
    longestStreak: 0,
    lastListeningDate: null,
  };
  let previous: string | null = null;
  for (const session of sessions) {
    if (!session.completed || session.duration === null) continue;
    const day = session.startedAt.toISOString().slice(0, 10);
    let streak: number;
    if (previous === null) streak = 1;
    else if (previous === day) streak = cache.currentStreak;
    else if (shiftDay(previous, 1) === day) streak = cache.currentStreak + 1;
    else streak = 1;
    cache.totalStoriesListened += 1;
    cache.totalListeningTimeSeconds += session.duration;
    cache.currentStreak = streak;
    cache.longestStreak = Math.max(cache.longestStreak, streak);
    cache.lastListeningDate = new Date(`${day}T00:00:00.000Z`);
    previous = day;
  }
  return cache;
}

/**
 * Real-time streaks of `/analytics/summary`: the distinct days (in `timeZone`) of completed
 * sessions; the current streak counts back from today and stops at the first gap.
 */
export function streaks(
  sessions: readonly ListeningSessionRow[],
  timeZone: string,
  now: Date,
): { currentStreak: number; longestStreak: number; lastListeningDate: string | null } {
  const days = [
    ...new Set(sessions.filter((s) => s.completed).map((s) => dayKey(s.startedAt, timeZone))),
  ].sort();
  if (days.length === 0) return { currentStreak: 0, longestStreak: 0, lastListeningDate: null };
  let longest = 0;
  let run = 0;
  let previous: string | null = null;
  for (const day of days) {
    run = previous !== null && shiftDay(previous, 1) === day ? run + 1 : 1;
    longest = Math.max(longest, run);
    previous = day;
  }
  const set = new Set(days);
  let current = 0;
  let cursor = dayKey(now, timeZone);
  while (set.has(cursor)) {
    current++;
    cursor = shiftDay(cursor, -1);
  }
  return {
    currentStreak: current,
    longestStreak: longest,
    lastListeningDate: days[days.length - 1] ?? null,
  };
}

/** One milestone definition (the backend's `MILESTONE_DEFINITIONS`). */
export interface MilestoneDefinition {
  id: string;
  category: 'stories' | 'listening_time' | 'streaks';
  title: string;
  description: string;
  target: number;
  emoji: string;
}

/** The ten milestones, in display order. */
export const MILESTONES: readonly MilestoneDefinition[] = [
  ['FIRST_STORY', 'stories', 'First Story', 'Listen to your first story', 1, '📖'],
  ['STORIES_5', 'stories', 'Story Explorer', 'Listen to 5 stories', 5, '🌟'],
  ['STORIES_10', 'stories', 'Story Enthusiast', 'Listen to 10 stories', 10, '🎭'],
  ['STORIES_25', 'stories', 'Story Connoisseur', 'Listen to 25 stories', 25, '🏆'],
  ['STORIES_50', 'stories', 'Story Master', 'Listen to 50 stories', 50, '👑'],
  [
    'LISTENING_1H',
    'listening_time',
    'One Hour of Stories',
    'Listen to 1 hour of stories',
    3600,
    '⏰',
  ],
  [
    'LISTENING_5H',
    'listening_time',
    'Five Hours of Stories',
    'Listen to 5 hours of stories',
    18000,
    '⌛',
  ],
  [
    'LISTENING_10H',
    'listening_time',
    'Ten Hours of Stories',
    'Listen to 10 hours of stories',
    36000,
    '🕰️',
  ],
  ['STREAK_7', 'streaks', 'Week Streak', 'Listen to stories for 7 days in a row', 7, '🔥'],
  ['STREAK_30', 'streaks', 'Month Streak', 'Listen to stories for 30 days in a row', 30, '🌈'],
].map(([id, category, title, description, target, emoji]) => ({
  id: id as string,
  category: category as MilestoneDefinition['category'],
  title: title as string,
  description: description as string,
  target: target as number,
  emoji: emoji as string,
}));

/** The value a milestone measures (streaks use the higher of current and longest). */
export function milestoneProgress(milestone: MilestoneDefinition, cache: AnalyticsCache): number {
  switch (milestone.category) {
    case 'stories':
      return cache.totalStoriesListened;
    case 'listening_time':
      return cache.totalListeningTimeSeconds;
    default:
      return Math.max(cache.currentStreak, cache.longestStreak);
  }
}

/** `morning` 6–12, `afternoon` 12–17, `evening` 17–21, `night` otherwise. */
export function listeningPeriod(hour: number): 'morning' | 'afternoon' | 'evening' | 'night' {
  if (hour >= 6 && hour < 12) return 'morning';
  if (hour >= 12 && hour < 17) return 'afternoon';
  if (hour >= 17 && hour < 21) return 'evening';
  return 'night';
}
