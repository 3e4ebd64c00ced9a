/**
 * The fake backend's in-memory database: one table per Prisma model of the backend that the
 * API routes own. Users, sessions and accounts live in better-auth's own (memory) database.
 *
 * Rows are stored exactly as the real database holds them: media fields keep the stored
 * "public R2" URL and are signed only on output, timestamps are `Date`s with ms precision.
 */

export type AudioStatus = 'pending' | 'processing' | 'completed' | 'failed';
export type IllustrationStatus =
  | 'none'
  | 'pending'
  | 'processing'
  | 'completed'
  | 'partial'
  | 'failed';
export type GenerationOperation =
  | 'story_generation'
  | 'audio_generation'
  | 'avatar_generation'
  | 'illustration_generation';

export interface HeroRow {
  id: string;
  name: string;
  age: number;
  userId: string;
  hairColor: string | null;
  eyeColor: string | null;
  skinTone: string | null;
  height: string | null;
  traits: unknown;
  specialAbilities: unknown;
  appearance: string | null;
  avatarUrl: string | null;
  avatarPrompt: string | null;
  avatarGenerationId: string | null;
  visualProfileId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface VisualProfileRow {
  id: string;
  heroId: string;
  hairStyle: string | null;
  hairColor: string | null;
  hairTexture: string | null;
  eyeColor: string | null;
  eyeShape: string | null;
  skinTone: string | null;
  facialFeatures: string | null;
  bodyType: string | null;
  height: string | null;
  age: number | null;
  typicalClothing: string | null;
  colorPalette: unknown;
  accessories: string | null;
  artStyle: string | null;
  visualKeywords: unknown;
  canonicalPrompt: string | null;
  simplifiedPrompt: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface StoryRow {
  id: string;
  heroId: string;
  userId: string;
  title: string;
  content: string;
  language: string;
  eventType: string | null;
  customEventId: string | null;
  audioUrl: string | null;
  audioGenerationStatus: AudioStatus;
  audioGenerationError: string | null;
  audioDuration: number | null;
  illustrationStatus: IllustrationStatus;
  illustrationCount: number;
  isFavorite: boolean;
  lastPlayedAt: Date | null;
  playCount: number;
  generationMetadata: unknown;
  createdAt: Date;
  updatedAt: Date;
}

export interface IllustrationRow {
  id: string;
  storyId: string;
  imageUrl: string;
  imagePrompt: string;
  sceneDescription: string;
  displayOrder: number;
  audioTimestamp: number;
  audioDuration: number | null;
  generationId: string | null;
  previousGenerationId: string | null;
  generationStatus: 'pending' | 'processing' | 'completed' | 'failed';
  generationError: string | null;
  retryCount: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface CustomEventRow {
  id: string;
  userId: string;
  title: string;
  description: string;
  promptSeed: string;
  category: string;
  ageRange: string | null;
  tone: string;
  pictogramEmoji: string | null;
  pictogramSymbols: unknown;
  aiEnhanced: boolean;
  aiEnhancementMetadata: unknown;
  keywords: unknown;
  usageCount: number;
  isFavorite: boolean;
  lastUsedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface ApiUsageRow {
  id: string;
  userId: string;
  operation: GenerationOperation;
  model: string;
  tokensUsed: number | null;
  estimatedCost: number | null;
  requestDuration: number | null;
  success: boolean;
  errorMessage: string | null;
  createdAt: Date;
}

export interface ListeningSessionRow {
  id: string;
  userId: string;
  storyId: string;
  startedAt: Date;
  endedAt: Date | null;
  duration: number | null;
  completed: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Stored media bytes, keyed by R2 object key. */
export interface MediaObject {
  key: string;
  contentType: string;
  bytes: Uint8Array;
}

/** All tables. Maps keep insertion order; ordering for lists is done by the routes. */
/** A `UserMilestone` row: one unlocked milestone of a user, unique on (userId, milestoneId). */
export interface UserMilestoneRow {
  id: string;
  userId: string;
  milestoneId: string;
  unlockedAt: Date;
}

export class FakeDatabase {
  readonly heroes = new Map<string, HeroRow>();
  readonly visualProfiles = new Map<string, VisualProfileRow>();
  readonly stories = new Map<string, StoryRow>();
  readonly illustrations = new Map<string, IllustrationRow>();
  readonly customEvents = new Map<string, CustomEventRow>();
  readonly apiUsage: ApiUsageRow[] = [];
  readonly listeningSessions = new Map<string, ListeningSessionRow>();
  /** `UserMilestone`, keyed by `${userId}:${milestoneId}` (the unique pair). */
  readonly milestones = new Map<string, UserMilestoneRow>();
  readonly media = new Map<string, MediaObject>();

  /** Removes every row of one user (DELETE /user/account), as the real transaction does. */
  deleteUserData(userId: string): void {
    for (const [id, story] of this.stories) {
      if (story.userId === userId) this.deleteStory(id);
    }
    for (const [id, hero] of this.heroes) {
      if (hero.userId === userId) this.deleteHero(id);
    }
    for (const [id, event] of this.customEvents) {
      if (event.userId === userId) this.customEvents.delete(id);
    }
    for (const [id, session] of this.listeningSessions) {
      if (session.userId === userId) this.listeningSessions.delete(id);
    }
    for (const [key, milestone] of this.milestones) {
      if (milestone.userId === userId) this.milestones.delete(key);
    }
    for (let i = this.apiUsage.length - 1; i >= 0; i--) {
      if (this.apiUsage[i]?.userId === userId) this.apiUsage.splice(i, 1);
    }
  }

  /** Hard delete with the Prisma cascade: visual profile, stories, their illustrations. */
  deleteHero(heroId: string): void {
    this.heroes.delete(heroId);
    for (const [id, profile] of this.visualProfiles) {
      if (profile.heroId === heroId) this.visualProfiles.delete(id);
    }
    for (const [id, story] of this.stories) {
      if (story.heroId === heroId) this.deleteStory(id);
    }
  }

  /** Hard delete with the illustration cascade. */
  deleteStory(storyId: string): void {
    this.stories.delete(storyId);
    for (const [id, illustration] of this.illustrations) {
      if (illustration.storyId === storyId) this.illustrations.delete(id);
    }
  }

  /** Custom-event delete: `onDelete: SetNull` on stories, which bumps their `updatedAt`. */
  deleteCustomEvent(eventId: string, now: Date): void {
    this.customEvents.delete(eventId);
    for (const story of this.stories.values()) {
      if (story.customEventId === eventId) {
        story.customEventId = null;
        story.updatedAt = now;
      }
    }
  }
}
