/**
 * What the sync benchmarks do to the fake backend's database directly (no HTTP): seed many
 * heroes, change a few, clear them. Shared by the in-process backend and the backend process.
 */
import type { FakeBackend } from '../../src/testing/fake-backend/create-fake-backend.js';
import { createIdGenerator } from '../../src/testing/fake-backend/ids.js';
import type { HeroRow } from '../../src/testing/fake-backend/state.js';

/** The operations a benchmark asks of the backend, by name. */
export interface BackendOps {
  /** Signs a user up; returns its id and raw session token. */
  createUser(input: { email: string; password: string; name: string }): Promise<{
    userId: string;
    token: string;
  }>;
  /**
   * Inserts `count` heroes of `userId` straight into the table: cuid-like ids from the
   * backend's own generator, `createdAt` = `updatedAt` one millisecond apart, a day in the past
   * (so later server changes sort after them). Returns how many heroes the user now has.
   */
  seedHeroes(userId: string, count: number): Promise<number>;
  /**
   * Changes `count` heroes of `userId` as another device's edit would (a new name and a fresh
   * server `updatedAt`), starting at the `round`-th block of heroes. Returns their ids.
   */
  touchHeroes(userId: string, count: number, round: number): Promise<string[]>;
  /** Deletes every hero of `userId`; returns how many there were. */
  clearHeroes(userId: string): Promise<number>;
  /** How many heroes `userId` has. */
  countHeroes(userId: string): Promise<number>;
}

const TRAITS = ['brave', 'curious', 'kind', 'funny', 'clever', 'gentle', 'bold', 'shy'];

function heroesOf(backend: FakeBackend, userId: string): HeroRow[] {
  return [...backend.db.heroes.values()].filter((hero) => hero.userId === userId);
}

/** The benchmark operations over an in-memory fake backend. */
export function backendOps(backend: FakeBackend): BackendOps {
  const now = (): Date => backend.clock.now();
  const newId = createIdGenerator(now);
  return {
    async createUser(input) {
      const { userId, token } = await backend.createUser(input);
      return { userId, token };
    },
    async seedHeroes(userId, count) {
      const start = now().getTime() - 24 * 60 * 60_000;
      for (let i = 0; i < count; i++) {
        const at = new Date(start + i);
        const hero: HeroRow = {
          id: newId(),
          name: `Seeded hero ${i}`,
          age: 3 + (i % 10),
          userId,
          hairColor: 'chestnut brown',
          eyeColor: 'green',
          skinTone: null,
          height: null,
          traits: [TRAITS[i % TRAITS.length] as string, 'adventurous'],
          specialAbilities: ['talks to animals'],
          appearance: 'A small hero with a red cape, muddy boots and a big smile.',
          avatarUrl: null,
          avatarPrompt: null,
          avatarGenerationId: null,
          visualProfileId: null,
          createdAt: at,
          updatedAt: at,
        };
        backend.db.heroes.set(hero.id, hero);
      }
      return heroesOf(backend, userId).length;
    },
    async touchHeroes(userId, count, round) {
      const heroes = heroesOf(backend, userId);
      const at = now();
      const ids: string[] = [];
      for (let i = 0; i < count && heroes.length > 0; i++) {
        const hero = heroes[(round * count + i) % heroes.length] as HeroRow;
        hero.name = `Renamed hero ${round}.${i}`;
        hero.updatedAt = at;
        ids.push(hero.id);
      }
      return ids;
    },
    async clearHeroes(userId) {
      const heroes = heroesOf(backend, userId);
      for (const hero of heroes) backend.db.deleteHero(hero.id);
      return heroes.length;
    },
    async countHeroes(userId) {
      return heroesOf(backend, userId).length;
    },
  };
}
