/** The read-only analytics routes. */
import * as z from 'zod';
import { countSchema, cuidSchema } from './common.js';

/** Data of `GET /analytics`. */
export const analyticsOverviewSchema = z.object({
  totalStoriesListened: countSchema,
  totalListeningTimeSeconds: z.number(),
  currentStreak: countSchema,
  longestStreak: countSchema,
  lastListeningDate: z.string().nullable(),
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
  lastListeningDate: z.string().nullable(),
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
    z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), minutes: z.number() }),
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
      avatarUrl: z.string().nullable(),
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
      emoji: z.string().nullish(),
      unlocked: z.boolean(),
      /** Present once unlocked. */
      unlockedAt: z.string().nullish(),
      /** `progress`, `target` and `percentage` are present only while locked. */
      progress: z.number().nullish(),
      target: z.number().nullish(),
      percentage: z.number().nullish(),
    }),
  ),
  summary: z.object({
    totalMilestones: countSchema,
    unlockedCount: countSchema,
    /** Milestone ids unlocked by this very call. */
    newlyUnlocked: z.array(z.string()).nullish(),
  }),
});

/** Result of `analytics.milestones()`. */
export type AnalyticsMilestones = z.infer<typeof analyticsMilestonesSchema>;

/** Data of `GET /analytics/insights` (every figure `null` until there is listening data). */
export const analyticsInsightsSchema = z.object({
  insights: z.object({
    averageStoryLengthMinutes: z.number().nullable(),
    averageListensPerStory: z.number().nullable(),
    preferredListeningHour: z.number().int().min(0).max(23).nullable(),
    preferredListeningPeriod: z.string().nullable(),
    mostListenedStory: z
      .object({ storyId: z.string(), title: z.string(), playCount: countSchema })
      .nullable(),
    totalUniqueStoriesListened: countSchema,
  }),
});

/** Result of `analytics.insights()`. */
export type AnalyticsInsights = z.infer<typeof analyticsInsightsSchema>;
