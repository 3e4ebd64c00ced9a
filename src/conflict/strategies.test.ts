import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.js';
import {
  type ConflictOptions,
  DEFAULT_CONFLICT_OPTIONS,
  lwwWinner,
  resolveConflictOptions,
  strategyFor,
} from './strategies.js';

describe('DEFAULT_CONFLICT_OPTIONS', () => {
  it('settles heroes, custom events and visual profiles by lww', () => {
    for (const c of ['heroes', 'customEvents', 'visualProfiles'] as const) {
      expect(strategyFor(DEFAULT_CONFLICT_OPTIONS[c], 'anything')).toBe('lww');
    }
  });

  it('leaves story title and content to the user, isFavorite and language to lww', () => {
    const stories = DEFAULT_CONFLICT_OPTIONS.stories;
    expect(
      ['title', 'content', 'isFavorite', 'language'].map((f) => strategyFor(stories, f)),
    ).toEqual(['manual', 'manual', 'lww', 'lww']);
  });

  it('lets the server win on illustrations', () => {
    expect(DEFAULT_CONFLICT_OPTIONS.illustrations).toMatchObject({
      strategy: 'server-wins',
      onRemoteDelete: 'accept-remote-delete',
    });
  });

  it('asks the user when an edited record was deleted remotely, and decides local deletes by strategy', () => {
    for (const c of ['heroes', 'stories', 'customEvents', 'visualProfiles'] as const) {
      expect(DEFAULT_CONFLICT_OPTIONS[c].onRemoteDelete).toBe('manual');
      expect(DEFAULT_CONFLICT_OPTIONS[c].onDeleteVsRemoteUpdate).toBe('by-strategy');
    }
  });
});

describe('resolveConflictOptions', () => {
  it('returns the defaults without options', () => {
    expect(resolveConflictOptions()).toEqual(DEFAULT_CONFLICT_OPTIONS);
  });

  it('a strategy string applies to every field, replacing per-field defaults', () => {
    const options = resolveConflictOptions({ stories: 'client-wins' });
    expect(strategyFor(options.stories, 'content')).toBe('client-wins');
    expect(options.stories.onRemoteDelete).toBe('manual');
  });

  it('an options object merges over the defaults', () => {
    const options = resolveConflictOptions({
      stories: { fields: { title: 'lww' }, onRemoteDelete: 'recreate' },
    });
    expect(strategyFor(options.stories, 'title')).toBe('lww');
    expect(strategyFor(options.stories, 'content')).toBe('manual');
    expect(options.stories.onRemoteDelete).toBe('recreate');
    expect(options.heroes).toBe(DEFAULT_CONFLICT_OPTIONS.heroes);
  });

  it('accepts explicit undefined values', () => {
    const options = resolveConflictOptions({
      heroes: { strategy: undefined, resolver: undefined },
    });
    expect(options.heroes).toEqual(DEFAULT_CONFLICT_OPTIONS.heroes);
  });

  it('a resolver function keeps the default strategies (they decide delete cases)', () => {
    const resolver = () => 'keep-local' as const;
    const options = resolveConflictOptions({ heroes: resolver });
    expect(options.heroes.resolver).toBe(resolver);
    expect(options.heroes.strategy).toBe('lww');
  });

  it('is immutable', () => {
    const options = resolveConflictOptions({ heroes: 'manual' });
    expect(Object.isFrozen(options)).toBe(true);
    expect(Object.isFrozen(options.heroes)).toBe(true);
  });

  it.each([
    [{ heroes: 'newest' }, 'conflicts.heroes'],
    [{ heroes: 42 }, 'conflicts.heroes'],
    [{ heroes: null }, 'conflicts.heroes'],
    [{ stories: { strategy: 'merge' } }, 'conflicts.stories.strategy'],
    [{ stories: { fields: { tittle: 'lww' } } }, 'conflicts.stories.fields.tittle'],
    [{ stories: { fields: { playCount: 'lww' } } }, 'conflicts.stories.fields.playCount'],
    [{ stories: { fields: { title: 'maybe' } } }, 'conflicts.stories.fields.title'],
    [{ heroes: { onRemoteDelete: 'resurrect' } }, 'conflicts.heroes.onRemoteDelete'],
    [{ heroes: { onDeleteVsRemoteUpdate: 'lww' } }, 'conflicts.heroes.onDeleteVsRemoteUpdate'],
    [{ heroes: { resolver: 'keep-local' } }, 'conflicts.heroes.resolver'],
  ])('refuses %o naming %s', (options, field) => {
    let thrown: unknown;
    try {
      resolveConflictOptions(options as unknown as ConflictOptions);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ValidationError);
    expect((thrown as ValidationError).field).toBe(field);
  });
});

describe('lwwWinner', () => {
  const base = { localEditedAt: Date.parse('2025-01-01T12:00:00.000Z'), serverOffsetMs: 0 };
  it.each([
    ['2025-01-01T11:59:59.999Z', 0, 'local'],
    ['2025-01-01T12:00:00.000Z', 0, 'remote'],
    ['2025-01-01T12:00:00.001Z', 0, 'remote'],
    ['2025-01-01T12:00:00.500Z', 1000, 'local'],
    ['2025-01-01T11:59:59.500Z', -1000, 'remote'],
    ['not a date', 0, 'local'],
    [null, 0, 'local'],
  ] as const)('remote %s with offset %d → %s', (remoteUpdatedAt, serverOffsetMs, expected) => {
    expect(lwwWinner({ ...base, serverOffsetMs, remoteUpdatedAt })).toBe(expected);
  });

  it('an unknown local time loses', () => {
    expect(lwwWinner({ localEditedAt: Number.NaN, serverOffsetMs: 0, remoteUpdatedAt: null })).toBe(
      'remote',
    );
  });
});
