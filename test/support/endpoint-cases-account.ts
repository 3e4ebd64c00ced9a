/** Endpoint cases of the custom-event, user, analytics, batch and system methods. */
import {
  customEvent,
  EVENT_ID,
  envelope,
  HERO_ID,
  listeningSession,
  pagination,
  STORY_ID,
  T0,
  T1,
  usage,
  user,
  userProfile,
} from './client-samples.js';
import type { Case } from './endpoint-case.js';

const eventsPage = { customEvents: [customEvent()], pagination: pagination(1) };
const sessionsPage = { sessions: [listeningSession()], pagination: pagination(1) };
const overview = {
  totalStoriesListened: 1,
  totalListeningTimeSeconds: 30,
  currentStreak: 1,
  longestStreak: 1,
  lastListeningDate: T0,
};
const summary = {
  totalStoriesListened: 1,
  totalListeningTimeMinutes: 1,
  currentStreak: 1,
  longestStreak: 1,
  favoriteStoriesCount: 0,
  lastListeningDate: '2026-11-26',
};
const activity = {
  range: 'week',
  timezone: 'Europe/Paris',
  startDate: '2026-11-20',
  endDate: '2026-11-26',
  activity: [{ date: '2026-11-26', minutes: 1 }],
};
const heroStats = {
  heroes: [
    {
      heroId: HERO_ID,
      heroName: 'Luna',
      avatarUrl: null,
      storiesCount: 1,
      totalListeningMinutes: 1,
      isMostActive: true,
    },
  ],
};
const milestones = {
  milestones: [
    {
      id: 'FIRST_STORY',
      category: 'stories',
      title: 'First',
      description: 'd',
      emoji: '*',
      unlocked: true,
      unlockedAt: T0,
    },
    {
      id: 'STORIES_5',
      category: 'stories',
      title: 'Five',
      description: 'd',
      unlocked: false,
      progress: 1,
      target: 5,
      percentage: 20,
    },
  ],
  summary: { totalMilestones: 2, unlockedCount: 1, newlyUnlocked: ['FIRST_STORY'] },
};
const insights = {
  insights: {
    averageStoryLengthMinutes: null,
    averageListensPerStory: null,
    preferredListeningHour: null,
    preferredListeningPeriod: null,
    mostListenedStory: null,
    totalUniqueStoriesListened: 0,
  },
};
const batchHeroes = {
  success: true,
  created: 1,
  failed: 0,
  total: 1,
  results: {
    created: [{ localId: 'l1', serverId: HERO_ID, name: 'Batchy' }],
    failed: [],
    total: 1,
  },
};
const batchStories = {
  success: false,
  created: 0,
  failed: 1,
  total: 1,
  results: {
    created: [],
    failed: [{ localId: 's1', title: 't', error: 'Hero not found or unauthorized' }],
    total: 1,
  },
};

export const accountCases: Case[] = [
  {
    name: 'customEvents.list',
    call: (api) =>
      api.customEvents.list({ limit: 1000, offset: 0, category: 'daily', favoritesOnly: true }),
    method: 'GET',
    path: '/api/v1/custom-events',
    query: { limit: '1000', offset: '0', category: 'daily', favoritesOnly: 'true' },
    answer: envelope(eventsPage),
    expected: eventsPage,
  },
  {
    name: 'customEvents.get',
    call: (api) => api.customEvents.get(EVENT_ID),
    method: 'GET',
    path: `/api/v1/custom-events/${EVENT_ID}`,
    answer: envelope(customEvent()),
    expected: customEvent(),
  },
  {
    name: 'customEvents.create',
    call: (api) =>
      api.customEvents.create({
        title: 'Lost tooth',
        promptSeed: 'The hero loses a tooth',
        keywords: ['tooth'],
      }),
    method: 'POST',
    path: '/api/v1/custom-events',
    body: { title: 'Lost tooth', promptSeed: 'The hero loses a tooth', keywords: ['tooth'] },
    status: 201,
    answer: envelope(customEvent(), 'Custom event created successfully'),
    expected: customEvent(),
  },
  {
    name: 'customEvents.update',
    call: (api) => api.customEvents.update(EVENT_ID, { description: '', isFavorite: true }),
    method: 'PATCH',
    path: `/api/v1/custom-events/${EVENT_ID}`,
    body: { description: '', isFavorite: true },
    answer: envelope(customEvent({ isFavorite: true })),
    expected: customEvent({ isFavorite: true }),
  },
  {
    name: 'customEvents.delete',
    call: (api) => api.customEvents.delete(EVENT_ID),
    method: 'DELETE',
    path: `/api/v1/custom-events/${EVENT_ID}`,
    answer: envelope({ id: EVENT_ID }, 'Custom event deleted successfully'),
    expected: { id: EVENT_ID },
  },
  {
    name: 'customEvents.enhance',
    call: (api) => api.customEvents.enhance(EVENT_ID),
    method: 'POST',
    path: `/api/v1/custom-events/${EVENT_ID}/enhance`,
    body: {},
    answer: envelope(
      customEvent({
        aiEnhanced: true,
        aiEnhancementMetadata: { enhancedAt: T1, model: 'gpt-4o', originalPromptSeed: 'x' },
      }),
    ),
    expected: customEvent({
      aiEnhanced: true,
      aiEnhancementMetadata: { enhancedAt: T1, model: 'gpt-4o', originalPromptSeed: 'x' },
    }),
  },
  {
    name: 'user.profile',
    call: (api) => api.user.profile(),
    method: 'GET',
    path: '/api/v1/user/profile',
    answer: envelope(userProfile()),
    expected: userProfile(),
  },
  {
    name: 'user.updateProfile',
    call: (api) => api.user.updateProfile({ name: 'Alice Renamed' }),
    method: 'PATCH',
    path: '/api/v1/user/profile',
    body: { name: 'Alice Renamed' },
    answer: envelope(user({ name: 'Alice Renamed' }), 'Profile updated successfully'),
    expected: user({ name: 'Alice Renamed' }),
  },
  {
    name: 'user.usage',
    call: (api) => api.user.usage({ startDate: T0, endDate: new Date(T1) }),
    method: 'GET',
    path: '/api/v1/user/usage',
    query: { startDate: T0, endDate: T1 },
    answer: envelope(usage()),
    expected: usage(),
  },
  {
    name: 'user.deleteAccount',
    call: (api) => api.user.deleteAccount(),
    method: 'DELETE',
    path: '/api/v1/user/account',
    answer: envelope({ deleted: true }, 'Account deleted'),
    expected: { deleted: true },
  },
  {
    name: 'analytics.createSession',
    call: (api) =>
      api.analytics.createSession({
        storyId: STORY_ID,
        startedAt: new Date(T0),
        endedAt: T1,
        duration: 30,
        completed: true,
      }),
    method: 'POST',
    path: '/api/v1/analytics/sessions',
    body: { storyId: STORY_ID, startedAt: T0, endedAt: T1, duration: 30, completed: true },
    status: 201,
    answer: envelope(listeningSession(), 'Listening session created successfully'),
    expected: listeningSession(),
  },
  {
    name: 'analytics.listSessions',
    call: (api) =>
      api.analytics.listSessions({
        storyId: STORY_ID,
        startDate: T0,
        endDate: T1,
        completed: false,
        limit: 5,
        offset: 5,
      }),
    method: 'GET',
    path: '/api/v1/analytics/sessions',
    query: {
      storyId: STORY_ID,
      startDate: T0,
      endDate: T1,
      completed: 'false',
      limit: '5',
      offset: '5',
    },
    answer: envelope(sessionsPage),
    expected: sessionsPage,
  },
  {
    name: 'analytics.get',
    call: (api) => api.analytics.get(),
    method: 'GET',
    path: '/api/v1/analytics',
    answer: envelope(overview),
    expected: overview,
  },
  {
    name: 'analytics.summary',
    call: (api) => api.analytics.summary({ timezone: 'Europe/Paris', refresh: true }),
    method: 'GET',
    path: '/api/v1/analytics/summary',
    query: { timezone: 'Europe/Paris', refresh: 'true' },
    answer: envelope(summary),
    expected: summary,
  },
  {
    name: 'analytics.activity',
    call: (api) => api.analytics.activity({ range: 'week', timezone: 'Europe/Paris' }),
    method: 'GET',
    path: '/api/v1/analytics/activity',
    query: { range: 'week', timezone: 'Europe/Paris' },
    answer: envelope(activity),
    expected: activity,
  },
  {
    name: 'analytics.heroes',
    call: (api) => api.analytics.heroes(),
    method: 'GET',
    path: '/api/v1/analytics/heroes',
    answer: envelope(heroStats),
    expected: heroStats,
  },
  {
    name: 'analytics.milestones',
    call: (api) => api.analytics.milestones(),
    method: 'GET',
    path: '/api/v1/analytics/milestones',
    answer: envelope(milestones),
    expected: milestones,
  },
  {
    name: 'analytics.insights',
    call: (api) => api.analytics.insights(),
    method: 'GET',
    path: '/api/v1/analytics/insights',
    answer: envelope(insights),
    expected: insights,
  },
  {
    name: 'batch.importHeroes',
    call: (api) =>
      api.batch.importHeroes([
        { id: 'l1', name: 'Batchy', age: 7, traits: ['bold'], hairColor: 'black' },
      ]),
    method: 'POST',
    path: '/api/batch',
    body: { heroes: [{ id: 'l1', name: 'Batchy', age: 7, traits: ['bold'], hairColor: 'black' }] },
    answer: batchHeroes,
    expected: batchHeroes,
  },
  {
    name: 'batch.importStories',
    call: (api) =>
      api.batch.importStories([{ id: 's1', heroId: HERO_ID, title: 't', content: 'c' }]),
    method: 'POST',
    path: '/api/batch/stories',
    body: { stories: [{ id: 's1', heroId: HERO_ID, title: 't', content: 'c' }] },
    answer: batchStories,
    expected: batchStories,
  },
  {
    name: 'health',
    call: (api) => api.health(),
    method: 'GET',
    path: '/api/v1/health',
    answer: envelope({ status: 'healthy', timestamp: T0, database: 'connected', version: '1.0.0' }),
    expected: { status: 'healthy', timestamp: T0, database: 'connected', version: '1.0.0' },
  },
  {
    name: 'ping',
    call: (api) => api.ping(),
    method: 'GET',
    path: '/api/v1/ping',
    answer: { status: 'ok', timestamp: 1795727421261 },
    expected: { status: 'ok', timestamp: 1795727421261 },
  },
];
