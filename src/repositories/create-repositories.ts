/** Builds every repository over one user's store. */
import { CustomEventRepository } from './custom-event-repository.js';
import { HeroRepository } from './hero-repository.js';
import { IllustrationRepository } from './illustration-repository.js';
import type { RepositoryContext } from './repository-context.js';
import { StoryRepository } from './story-repository.js';
import { UserRepository } from './user-repository.js';
import { VisualProfileRepository } from './visual-profile-repository.js';

/** The typed repositories the app talks to (`client.heroes`, `client.stories`, …). */
export interface Repositories {
  readonly heroes: HeroRepository;
  readonly stories: StoryRepository;
  readonly customEvents: CustomEventRepository;
  readonly visualProfiles: VisualProfileRepository;
  readonly illustrations: IllustrationRepository;
  readonly user: UserRepository;
}

/**
 * Creates the repositories over `context.store`. Online-only operations use `context.api` and
 * fail fast with `OfflineError` when `context.connectivity` says the device is offline.
 */
export function createRepositories(context: RepositoryContext): Repositories {
  return Object.freeze({
    heroes: new HeroRepository(context),
    stories: new StoryRepository(context),
    customEvents: new CustomEventRepository(context),
    visualProfiles: new VisualProfileRepository(context),
    illustrations: new IllustrationRepository(context),
    user: new UserRepository(context),
  });
}
