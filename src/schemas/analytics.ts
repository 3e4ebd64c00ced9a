/** The read-only analytics routes. */
import * as z from 'zod/mini';
import { countSchema, cuidSchema } from './common.js';

/** Data of `GET /analytics`. */
export const analyticsOverviewSchema = z.object({
  totalStoriesListened: countSchema,
  totalListeningTimeSeconds: z.number(),
  currentStreak: countSchema,
  longestStreak: countSchema,
  lastListeningDate: z.nullable(z.string()),
});

/** Result of `analytics.get()`. */
export type AnalyticsOverview = z.infer<typeof analyticsOverviewSchema>;

/** Data of `GET /analytics/summary`. */
export const analyticsSummarySchema = z.object({
  totalStoriesListened: countSchema,
  totalListeningTimeMinutes: z.number(),
  currentStreak: countSchema,
  longestStreak: countSchema,
  favoriteStoriesCount: countSchema,
  lastListeningDate: z.nullable(z.string()),
});

/** Result of `analytics.summary()`. */
export type AnalyticsSummary = z.infer<typeof analyticsSummarySchema>;

/** The `range` of `/analytics/activity`. */
export const activityRangeSchema = z.enum(['week', 'month', 'year']);

/** The `range` of `/analytics/activity`: 7, 30 or 365 days. */
export type ActivityRange = z.infer<typeof activityRangeSchema>;

/** Data of `GET /analytics/activity` (zero-filled days). */
export const analyticsActivitySchema = z.object({
  range: activityRangeSchema,
  timezone: z.string(),
  startDate: z.string(),
  endDate: z.string(),
  activity: z.array(
    z.object({ date: z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/)), minutes: z.number() }),
  ),
});

/** Result of `analytics.activity()`. */
export type AnalyticsActivity = z.infer<typeof analyticsActivitySchema>;

/** Data of `GET /analytics/heroes`. */
export const analyticsHeroesSchema = z.object({
  heroes: z.array(
    z.object({
      heroId: cuidSchema,
      heroName: z.string(),
      avatarUrl: z.nullable(z.string()),
      storiesCount: countSchema,
      totalListeningMinutes: z.number(),
      isMostActive: z.boolean(),
    }),
  ),
});

/** Result of `analytics.heroes()`. */
export type AnalyticsHeroes = z.infer<typeof analyticsHeroesSchema>;

/** Data of `GET /analytics/milestones`. */
export const analyticsMilestonesSchema = z.object({
  milestones: z.array(
    z.object({
      id: z.string(),
      category: z.string(),
      title: z.string(),
      description: z.string(),
      emoji: z.nullish(z.string()),
      unlocked: z.boolean(),
      /** Present once unlocked. */
      unlockedAt: z.nullish(z.string()),
      /** `progress`, `target` and `percentage` are present only while locked. */
      progress: z.nullish(z.number()),
      target: z.nullish(z.number()),
      percentage: z.nullish(z.number()),
    }),
  ),
  summary: z.object({
    totalMilestones: countSchema,
    unlockedCount: countSchema,
    /** Milestone ids unlocked by this very call. */
    newlyUnlocked: z.nullish(z.array(z.string())),
  }),
});

/** Result of `analytics.milestones()`. */
export type AnalyticsMilestones = z.infer<typeof analyticsMilestonesSchema>;

/** Data of `GET /analytics/insights` (every figure `null` until there is listening data). */
export const analyticsInsightsSchema = z.object({
  insights: z.object({
    averageStoryLengthMinutes: z.nullable(z.number()),
    averageListensPerStory: z.nullable(z.number()),
    preferredListeningHour: z.nullable(z.int().check(z.gte(0)).check(z.lte(23))),
    preferredListeningPeriod: z.nullable(z.string()),
    mostListenedStory: z.nullable(
      z.object({ storyId: z.string(), title: z.string(), playCount: countSchema }),
    ),
    totalUniqueStoriesListened: countSchema,
  }),
});

/** Result of `analytics.insights()`. */
export type AnalyticsInsights = z.infer<typeof analyticsInsightsSchema>;
