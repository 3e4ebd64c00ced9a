import { describe, expect, it } from 'vitest';
import { at, customEvent, hero, story } from './conflict-fixtures.harness.js';
import {
  type DeleteVsRemoteUpdateInput,
  decideDeleteVsRemoteUpdate,
  decideRemoteDelete,
  type RemoteDeleteInput,
} from './delete-conflicts.js';
import { resolveConflictOptions } from './strategies.js';

const NOW = at('2025-01-03T00:00:00.000Z');

describe('decideRemoteDelete (update vs remote delete)', () => {
  const input = (over: Partial<RemoteDeleteInput>): RemoteDeleteInput => ({
    collection: 'heroes',
    recordId: 'h1',
    base: hero(),
    local: hero({ name: 'Renamed' }),
    now: NOW,
    ...over,
  });

  it.each([
    ['heroes', 'name'],
    ['customEvents', 'title'],
    ['visualProfiles', 'hairStyle'],
  ] as const)('defaults to a deleted-remotely conflict for edited %s', (collection, field) => {
    const d = decideRemoteDelete(
      input({
        collection,
        base: { [field]: 'a', updatedAt: 'x' },
        local: { [field]: 'b', updatedAt: 'x' },
      }),
    );
    expect(d.action === 'manual' && d.conflict.fields).toEqual([field]);
  });

  it('defaults to a deleted-remotely conflict for an edited story, naming the edited fields', () => {
    const d = decideRemoteDelete(
      input({
        collection: 'stories',
        recordId: 's1',
        base: story(),
        local: story({ content: 'Mine' }),
      }),
    );
    if (d.action !== 'manual') throw new Error(d.action);
    expect(d.conflict).toEqual({
      id: `stories:s1@${NOW}`,
      collection: 'stories',
      recordId: 's1',
      kind: 'deleted-remotely',
      fields: ['content'],
      base: story(),
      local: story({ content: 'Mine' }),
      remote: null,
      proposed: null,
      createdAt: NOW,
    });
    expect(Object.isFrozen(d.conflict)).toBe(true);
  });

  it('uses a given conflict id', () => {
    const d = decideRemoteDelete(input({ conflictId: 'c-42' }));
    expect(d.action === 'manual' && d.conflict.id).toBe('c-42');
  });

  it('accepts the delete when nothing writable was changed on the device (a play only)', () => {
    const d = decideRemoteDelete(
      input({
        collection: 'stories',
        base: story(),
        local: story({ playCount: 4, lastPlayedAt: 'x' }),
      }),
    );
    expect(d).toEqual({ action: 'accept-remote-delete' });
    const undone = decideRemoteDelete(input({ local: hero() }));
    expect(undone).toEqual({ action: 'accept-remote-delete' });
  });

  it('always accepts for illustrations (read-only)', () => {
    const d = decideRemoteDelete(
      input({ collection: 'illustrations', base: { imageUrl: '' }, local: { imageUrl: 'x' } }),
    );
    expect(d).toEqual({ action: 'accept-remote-delete' });
  });

  it("honours 'accept-remote-delete'", () => {
    const options = resolveConflictOptions({ heroes: { onRemoteDelete: 'accept-remote-delete' } });
    expect(decideRemoteDelete(input({}), options)).toEqual({ action: 'accept-remote-delete' });
  });

  it("'recreate' returns the create fields: no server-generated fields, no nulls, fixed fields kept", () => {
    const options = resolveConflictOptions({ stories: { onRemoteDelete: 'recreate' } });
    const d = decideRemoteDelete(
      input({
        collection: 'stories',
        base: story(),
        local: story({ title: 'Mine', futureField: 1 }),
      }),
      options,
    );
    expect(d).toEqual({
      action: 'recreate',
      data: {
        heroId: 'h1',
        title: 'Mine',
        content: 'Once upon a time…',
        language: 'en',
        eventType: 'Bedtime Adventure',
        isFavorite: false,
      },
    });
    const heroes = resolveConflictOptions({ heroes: { onRemoteDelete: 'recreate' } });
    expect(decideRemoteDelete(input({}), heroes)).toEqual({
      action: 'recreate',
      data: { name: 'Renamed', age: 7, hairColor: 'brown', traits: ['brave', 'kind'] },
    });
  });

  it('with no base (never acknowledged), counts every local writable value as an edit', () => {
    const d = decideRemoteDelete(input({ base: null, local: hero() }));
    expect(d.action === 'manual' && d.conflict.fields).toEqual([
      'name',
      'age',
      'hairColor',
      'eyeColor',
      'skinTone',
      'height',
      'traits',
      'specialAbilities',
      'appearance',
    ]);
  });
});

describe('decideDeleteVsRemoteUpdate (local delete vs remote update)', () => {
  const deletedAt = at('2025-01-02T12:00:00.000Z');
  const input = (over: Partial<DeleteVsRemoteUpdateInput>): DeleteVsRemoteUpdateInput => ({
    collection: 'heroes',
    recordId: 'h1',
    base: hero(),
    local: hero(),
    remote: hero({ name: 'Renamed elsewhere', updatedAt: '2025-01-02T11:00:00.000Z' }),
    localEditedAt: deletedAt,
    serverOffsetMs: 0,
    now: NOW,
    ...over,
  });

  it('deletes anyway when the server changed only server-owned fields (noisy updatedAt)', () => {
    const d = decideDeleteVsRemoteUpdate(
      input({
        collection: 'stories',
        base: story(),
        local: story(),
        remote: story({
          playCount: 5,
          audioGenerationStatus: 'failed',
          customEventId: null,
          updatedAt: '2099-01-01T00:00:00.000Z',
        }),
      }),
    );
    expect(d).toEqual({ action: 'delete-anyway' });
  });

  it('heroes (lww): the delete wins when it is later than the server change', () => {
    expect(decideDeleteVsRemoteUpdate(input({}))).toEqual({ action: 'delete-anyway' });
  });

  it('heroes (lww): the server change wins when it is later; ties go to the server', () => {
    const later = hero({ name: 'R', updatedAt: '2025-01-02T12:00:00.001Z' });
    expect(decideDeleteVsRemoteUpdate(input({ remote: later }))).toEqual({ action: 'keep-remote' });
    const tie = hero({ name: 'R', updatedAt: '2025-01-02T12:00:00.000Z' });
    expect(decideDeleteVsRemoteUpdate(input({ remote: tie }))).toEqual({ action: 'keep-remote' });
  });

  it('a near tie (closer than the clock estimate can order) goes to the server: the record stays', () => {
    // The delete is 400 ms after the server change, inside a ±500 ms estimate: which came
    // first is unknowable, so the answer must not depend on the estimate's noise.
    const remote = hero({ name: 'R', updatedAt: '2025-01-02T11:59:59.600Z' });
    expect(decideDeleteVsRemoteUpdate(input({ remote }))).toEqual({ action: 'delete-anyway' });
    expect(decideDeleteVsRemoteUpdate(input({ remote, clockUncertaintyMs: 500 }))).toEqual({
      action: 'keep-remote',
    });
    // Beyond the uncertainty the later one wins, as before.
    expect(decideDeleteVsRemoteUpdate(input({ remote, clockUncertaintyMs: 300 }))).toEqual({
      action: 'delete-anyway',
    });
  });

  it('corrects the delete time for clock skew', () => {
    const remote = hero({ name: 'R', updatedAt: '2025-01-02T12:05:00.000Z' });
    expect(decideDeleteVsRemoteUpdate(input({ remote, serverOffsetMs: 600_000 }))).toEqual({
      action: 'delete-anyway',
    });
  });

  it('custom events (lww) behave like heroes', () => {
    const d = decideDeleteVsRemoteUpdate(
      input({
        collection: 'customEvents',
        base: customEvent(),
        local: customEvent(),
        remote: customEvent({ promptSeed: 'new', updatedAt: '2025-01-02T13:00:00.000Z' }),
      }),
    );
    expect(d).toEqual({ action: 'keep-remote' });
  });

  it('stories: a server change of title or content is a manual conflict', () => {
    const remote = story({ content: 'Edited elsewhere', updatedAt: '2025-01-01T00:00:00.000Z' });
    const d = decideDeleteVsRemoteUpdate(
      input({ collection: 'stories', recordId: 's1', base: story(), local: story(), remote }),
    );
    if (d.action !== 'manual') throw new Error(d.action);
    expect(d.conflict).toMatchObject({
      kind: 'updated-remotely-while-deleted',
      fields: ['content'],
      local: story(),
      remote,
      proposed: null,
    });
  });

  it('stories: a server change of isFavorite only is settled by lww', () => {
    const base = { collection: 'stories' as const, base: story(), local: story() };
    const earlier = story({ isFavorite: true, updatedAt: '2025-01-02T11:00:00.000Z' });
    expect(decideDeleteVsRemoteUpdate(input({ ...base, remote: earlier }))).toEqual({
      action: 'delete-anyway',
    });
    const later = story({ isFavorite: true, updatedAt: '2025-01-02T13:00:00.000Z' });
    expect(decideDeleteVsRemoteUpdate(input({ ...base, remote: later }))).toEqual({
      action: 'keep-remote',
    });
  });

  it('by-strategy follows configured strategies: server-wins keeps, client-wins deletes, manual asks', () => {
    const expectAction = (strategy: 'server-wins' | 'client-wins' | 'manual', action: string) => {
      const d = decideDeleteVsRemoteUpdate(input({}), resolveConflictOptions({ heroes: strategy }));
      expect(d.action).toBe(action);
    };
    expectAction('server-wins', 'keep-remote');
    expectAction('client-wins', 'delete-anyway');
    expectAction('manual', 'manual');
  });

  it.each(['delete-anyway', 'keep-remote'] as const)('honours an explicit %s', (policy) => {
    const options = resolveConflictOptions({ stories: { onDeleteVsRemoteUpdate: policy } });
    const d = decideDeleteVsRemoteUpdate(
      input({
        collection: 'stories',
        base: story(),
        local: story(),
        remote: story({ title: 'R' }),
      }),
      options,
    );
    expect(d).toEqual({ action: policy });
  });

  it("honours an explicit 'manual'", () => {
    const options = resolveConflictOptions({ heroes: { onDeleteVsRemoteUpdate: 'manual' } });
    const d = decideDeleteVsRemoteUpdate(input({}), options);
    expect(d.action === 'manual' && d.conflict.fields).toEqual(['name']);
  });
});
