import { describe, expect, it } from 'vitest';
import type { WireData } from '../model/types.js';
import { at, hero, story } from './conflict-fixtures.harness.js';
import { resolveConflictOptions } from './strategies.js';
import {
  type MergeInput,
  type MergeOutcome,
  type MergeResult,
  threeWayMerge,
} from './three-way-merge.js';

const T = '2025-01-02T12:00:00.000Z';

function heroes(
  base: WireData | null,
  local: WireData,
  remote: WireData,
  extra: Partial<MergeInput> = {},
): MergeInput {
  return {
    collection: 'heroes',
    recordId: 'h1',
    base,
    local,
    remote,
    localEditedAt: at(T),
    serverOffsetMs: 0,
    ...extra,
  };
}

function merged(result: MergeResult): MergeOutcome {
  if (result.kind !== 'merged') throw new Error(`expected a merge, got ${result.error.message}`);
  return result;
}

describe('threeWayMerge: one-sided and equal changes', () => {
  const base = hero();

  it('keeps a field changed only locally and sends it', () => {
    const r = merged(
      threeWayMerge(heroes(base, hero({ name: 'Luna Star' }), hero({ updatedAt: T }))),
    );
    expect(r.merged.name).toBe('Luna Star');
    expect(r.toSend).toEqual({ name: 'Luna Star' });
    expect(r.conflictingFields).toEqual([]);
    expect(r.needsUser).toBe(false);
  });

  it('takes a field changed only remotely and sends nothing for it', () => {
    const r = merged(
      threeWayMerge(heroes(base, hero({ name: 'Luna Star' }), hero({ traits: ['shy'] }))),
    );
    expect(r.merged).toMatchObject({ name: 'Luna Star', traits: ['shy'] });
    expect(r.toSend).toEqual({ name: 'Luna Star' });
  });

  it('treats arrays and objects by value: the same traits on both sides are no conflict', () => {
    const local = hero({ traits: ['brave', 'funny'], specialAbilities: ['fly'] });
    const remote = hero({ traits: ['brave', 'funny'], specialAbilities: ['fly'] });
    const r = merged(threeWayMerge(heroes(base, local, remote)));
    expect(r.conflictingFields).toEqual([]);
    expect(r.toSend).toEqual({});
    expect(r.merged.traits).toEqual(['brave', 'funny']);
  });

  it('ignores object key order when comparing', () => {
    const s0 = story({ generationMetadata: { a: 1, b: [1, 2] } });
    const r = merged(
      threeWayMerge({
        ...heroes(s0, story({ generationMetadata: { b: [1, 2], a: 1 } }), s0),
        collection: 'stories',
      }),
    );
    expect(r.toSend).toEqual({});
  });

  it('counts array order as a change', () => {
    const r = merged(threeWayMerge(heroes(base, hero({ traits: ['kind', 'brave'] }), base)));
    expect(r.toSend).toEqual({ traits: ['kind', 'brave'] });
  });
});

describe('threeWayMerge: server-owned fields', () => {
  it('always takes them from the server and never sends them', () => {
    const base = hero();
    const local = hero({
      avatarUrl: 'local.png',
      avatarGenerationId: 'mine',
      userId: 'me',
      name: 'X',
    });
    const remote = hero({ avatarUrl: 'https://r2.example/a.png?sig=2', updatedAt: T });
    const r = merged(threeWayMerge(heroes(base, local, remote)));
    expect(r.merged).toMatchObject({
      avatarUrl: 'https://r2.example/a.png?sig=2',
      avatarGenerationId: 'gen-1',
      userId: 'u1',
      updatedAt: T,
      name: 'X',
    });
    expect(r.toSend).toEqual({ name: 'X' });
    expect(r.conflictingFields).toEqual([]);
  });

  it('keeps a local edit through the noisy updatedAt of a play', () => {
    const base = story();
    const local = story({ isFavorite: true });
    const remote = story({ playCount: 3, lastPlayedAt: T, updatedAt: T });
    const r = merged(threeWayMerge({ ...heroes(base, local, remote), collection: 'stories' }));
    expect(r.merged).toMatchObject({ isFavorite: true, playCount: 3, lastPlayedAt: T });
    expect(r.toSend).toEqual({ isFavorite: true });
  });

  it('does not resend story content the server already has (a content PATCH resets audio)', () => {
    const base = story();
    const local = story({ content: 'Fixed text' });
    const remote = story({
      content: 'Fixed text',
      audioUrl: null,
      audioGenerationStatus: 'pending',
    });
    const r = merged(threeWayMerge({ ...heroes(base, local, remote), collection: 'stories' }));
    expect(r.toSend).toEqual({});
    expect(r.needsUser).toBe(false);
    expect(r.merged).toMatchObject({ content: 'Fixed text', audioUrl: null });
  });

  it('treats every illustration field as the server’s', () => {
    const base = { storyId: 's1', imageUrl: '', generationStatus: 'pending', displayOrder: 0 };
    const local = { ...base, imageUrl: 'x', displayOrder: 5 };
    const remote = { ...base, imageUrl: 'https://r2.example/i.png', generationStatus: 'completed' };
    const r = merged(
      threeWayMerge({ ...heroes(base, local, remote), collection: 'illustrations' }),
    );
    expect(r.merged).toEqual(remote);
    expect(r.toSend).toEqual({});
  });

  it('keeps the nested includes of a raw row out of the merge result’s sends', () => {
    const base = hero();
    const remote = hero({ _count: { stories: 2 }, visualProfile: null });
    const r = merged(threeWayMerge(heroes(base, hero({ _count: { stories: 9 } }), remote)));
    expect(r.merged._count).toEqual({ stories: 2 });
    expect(r.toSend).toEqual({});
  });
});

describe('threeWayMerge: fields changed on both sides (lww)', () => {
  const base = hero();
  const local = hero({ age: 8 });
  const remoteAt = (updatedAt: string) => hero({ age: 9, updatedAt });

  it('takes the local value when the local edit is later, and sends it', () => {
    const r = merged(threeWayMerge(heroes(base, local, remoteAt('2025-01-02T11:59:59.999Z'))));
    expect(r.merged.age).toBe(8);
    expect(r.toSend).toEqual({ age: 8 });
    expect(r.conflictingFields).toEqual(['age']);
    expect(r.needsUser).toBe(false);
  });

  it('takes the remote value when the server change is later', () => {
    const r = merged(threeWayMerge(heroes(base, local, remoteAt('2025-01-02T12:00:00.001Z'))));
    expect(r.merged.age).toBe(9);
    expect(r.toSend).toEqual({});
  });

  it('gives a tie to the server', () => {
    const r = merged(threeWayMerge(heroes(base, local, remoteAt(T))));
    expect(r.merged.age).toBe(9);
  });

  it('corrects the device clock by the server offset', () => {
    // The device clock runs 10 minutes behind: its 12:00 edit happened at 12:10 server time.
    const remote = remoteAt('2025-01-02T12:05:00.000Z');
    const skewed = merged(threeWayMerge(heroes(base, local, remote, { serverOffsetMs: 600_000 })));
    expect(skewed.merged.age).toBe(8);
    const naive = merged(threeWayMerge(heroes(base, local, remote, { serverOffsetMs: 0 })));
    expect(naive.merged.age).toBe(9);
  });

  it('uses an explicit remoteUpdatedAt over remote.updatedAt', () => {
    const remote = remoteAt('2025-01-02T13:00:00.000Z');
    const r = merged(
      threeWayMerge(heroes(base, local, remote, { remoteUpdatedAt: '2025-01-02T11:00:00.000Z' })),
    );
    expect(r.merged.age).toBe(8);
  });

  it('merges the other fields normally around a conflict', () => {
    const r = merged(
      threeWayMerge(
        heroes(base, hero({ age: 8, name: 'L' }), hero({ age: 9, traits: ['shy'], updatedAt: T })),
      ),
    );
    expect(r.merged).toMatchObject({ age: 9, name: 'L', traits: ['shy'] });
    expect(r.toSend).toEqual({ name: 'L' });
  });

  it('with no base, counts every differing field as changed on both sides', () => {
    const r = merged(
      threeWayMerge(heroes(null, hero({ name: 'A', age: 5 }), hero({ name: 'B', updatedAt: T }))),
    );
    expect([...r.conflictingFields].sort()).toEqual(['age', 'name']);
    expect(r.merged).toMatchObject({ name: 'B', age: 7 });
  });
});

describe('threeWayMerge: absent fields', () => {
  it('takes a field the server version lacks as unchanged on the server', () => {
    const { hairColor: _omitted, ...remote } = hero({ name: 'R', updatedAt: T });
    const r = merged(threeWayMerge(heroes(hero(), hero({ hairColor: 'red' }), remote)));
    expect(r.merged.hairColor).toBe('red');
    expect(r.toSend).toEqual({ hairColor: 'red' });
    const unchanged = merged(threeWayMerge(heroes(hero(), hero(), remote)));
    expect(unchanged.merged.hairColor).toBe('brown');
    expect(unchanged.toSend).toEqual({});
  });

  it('takes a new server field the device never had', () => {
    const r = merged(threeWayMerge(heroes(hero(), hero(), hero({ futureField: 'x' }))));
    expect(r.merged.futureField).toBe('x');
    expect(r.toSend).toEqual({});
  });
});

describe('threeWayMerge: stories (manual title/content, lww others)', () => {
  const base = story();
  const input = (local: WireData, remote: WireData): MergeInput => ({
    ...heroes(base, local, remote),
    collection: 'stories',
    recordId: 's1',
  });

  it('leaves content changed on both sides to the user, showing the local text meanwhile', () => {
    const r = merged(
      threeWayMerge(
        input(
          story({ content: 'Mine', isFavorite: true }),
          story({ content: 'Theirs', language: 'fr', updatedAt: T }),
        ),
      ),
    );
    expect(r.needsUser).toBe(true);
    expect(r.manualFields).toEqual(['content']);
    expect(r.merged).toMatchObject({ content: 'Mine', isFavorite: true, language: 'fr' });
  });

  it('settles language by lww beside a manual title', () => {
    const earlier = '2025-01-01T11:00:00.000Z';
    const r = merged(
      threeWayMerge(
        input(
          story({ title: 'Mine', language: 'fr' }),
          story({ title: 'Theirs', language: 'de', updatedAt: earlier }),
        ),
      ),
    );
    expect(r.conflictingFields).toEqual(['title', 'language']);
    expect(r.manualFields).toEqual(['title']);
    expect(r.merged).toMatchObject({ title: 'Mine', language: 'fr' });
    const later = merged(
      threeWayMerge(
        input(
          story({ title: 'Mine', language: 'fr' }),
          story({ title: 'Theirs', language: 'de', updatedAt: '2025-01-03T00:00:00.000Z' }),
        ),
      ),
    );
    expect(later.merged).toMatchObject({ title: 'Mine', language: 'de' });
  });

  it('does not ask the user when both sides wrote the same title', () => {
    const r = merged(
      threeWayMerge(input(story({ title: 'Same' }), story({ title: 'Same', updatedAt: T }))),
    );
    expect(r.needsUser).toBe(false);
    expect(r.toSend).toEqual({});
  });
});

describe('threeWayMerge: configured strategies', () => {
  const base = hero();
  const local = hero({ age: 8, name: 'L' });
  const remote = hero({ age: 9, name: 'R', updatedAt: '2000-01-01T00:00:00.000Z' });

  it('server-wins takes the server value even when the local edit is later', () => {
    const r = merged(
      threeWayMerge(heroes(base, local, remote), resolveConflictOptions({ heroes: 'server-wins' })),
    );
    expect(r.merged).toMatchObject({ age: 9, name: 'R' });
    expect(r.toSend).toEqual({});
  });

  it('client-wins keeps the local value even when the server change is later', () => {
    const later = hero({ age: 9, updatedAt: '2100-01-01T00:00:00.000Z' });
    const r = merged(
      threeWayMerge(heroes(base, local, later), resolveConflictOptions({ heroes: 'client-wins' })),
    );
    expect(r.merged).toMatchObject({ age: 8, name: 'L' });
    expect(r.toSend).toEqual({ age: 8, name: 'L' });
  });

  it('manual on heroes leaves every both-changed field to the user', () => {
    const r = merged(
      threeWayMerge(heroes(base, local, remote), resolveConflictOptions({ heroes: 'manual' })),
    );
    expect([...r.manualFields].sort()).toEqual(['age', 'name']);
    expect(r.needsUser).toBe(true);
  });

  it('per-field strategies override the collection strategy', () => {
    const options = resolveConflictOptions({
      heroes: { strategy: 'server-wins', fields: { name: 'client-wins' } },
    });
    const r = merged(threeWayMerge(heroes(base, local, remote), options));
    expect(r.merged).toMatchObject({ age: 9, name: 'L' });
  });

  it("a stories strategy string replaces the manual defaults: 'lww' settles text automatically", () => {
    const options = resolveConflictOptions({ stories: 'lww' });
    const r = merged(
      threeWayMerge(
        {
          ...heroes(
            story(),
            story({ content: 'Mine' }),
            story({ content: 'Theirs', updatedAt: '2000-01-01T00:00:00.000Z' }),
          ),
          collection: 'stories',
        },
        options,
      ),
    );
    expect(r.needsUser).toBe(false);
    expect(r.merged.content).toBe('Mine');
  });
});
