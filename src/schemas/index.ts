/** Every wire schema and type of the InfiniteStories backend contract. */
export * from './analytics.js';
export * from './auth.js';
export * from './batch.js';
export * from './common.js';
export * from './custom-event.js';
export * from './errors.js';
export * from './health.js';
export * from './hero.js';
export * from './illustration.js';
export * from './listening-session.js';
export * from './story.js';
export * from './user.js';
export * from './visual-profile.js';
