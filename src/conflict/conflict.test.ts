import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonEqual } from '../model/json.js';
import { isServerOwned } from '../model/server-owned.js';
import type { WireData } from '../model/types.js';
import {
  type Conflict,
  type ConflictResolutionResult,
  createConflict,
  type ResolvedConflict,
  resolveConflict,
} from './conflict.js';
import { at, hero, mergeCase, story } from './conflict-fixtures.harness.js';
import { threeWayMerge } from './three-way-merge.js';

const NOW = at('2025-01-03T00:00:00.000Z');

function resolved(result: ConflictResolutionResult): ResolvedConflict {
  if (result.kind !== 'resolved') throw result.error;
  return result;
}

/** A story whose content both sides changed, plus a remote-only language change and a play. */
function storyConflict(): Conflict {
  const base = story();
  const local = story({ content: 'Mine', isFavorite: true });
  const remote = story({
    content: 'Theirs',
    language: 'fr',
    playCount: 2,
    updatedAt: '2025-01-02T00:00:00.000Z',
  });
  const merge = threeWayMerge({
    collection: 'stories',
    recordId: 's1',
    base,
    local,
    remote,
    localEditedAt: at('2025-01-01T12:00:00.000Z'),
    serverOffsetMs: 0,
  });
  if (merge.kind !== 'merged') throw merge.error;
  return createConflict({
    collection: 'stories',
    recordId: 's1',
    kind: 'fields',
    fields: merge.manualFields,
    base,
    local,
    remote,
    proposed: merge.merged,
    createdAt: NOW,
  });
}

describe('createConflict', () => {
  it('is plain JSON that survives a storage round trip, frozen, with a derived id', () => {
    const conflict = storyConflict();
    expect(conflict.id).toBe(`stories:s1@${NOW}`);
    expect(JSON.parse(JSON.stringify(conflict))).toEqual(conflict);
    expect(Object.isFrozen(conflict.local)).toBe(true);
    expect(conflict.fields).toEqual(['content']);
  });

  it('copies its inputs', () => {
    const local = { title: 'a' } as Record<string, string>;
    const conflict = createConflict({
      collection: 'stories',
      recordId: 's1',
      kind: 'deleted-remotely',
      fields: ['title'],
      base: null,
      local,
      remote: null,
      createdAt: NOW,
    });
    local.title = 'changed';
    expect(conflict.local.title).toBe('a');
    expect(conflict.proposed).toBeNull();
  });
});

describe("resolveConflict: 'fields'", () => {
  it("'keep-remote' keeps the server version and sends nothing", () => {
    const conflict = storyConflict();
    expect(resolveConflict(conflict, 'keep-remote')).toEqual({
      kind: 'resolved',
      data: conflict.remote,
      op: null,
      patch: null,
      delete: false,
    });
  });

  it("'keep-local' keeps the device's text and its other edits, the server's other changes, and sends the difference", () => {
    const r = resolved(resolveConflict(storyConflict(), 'keep-local'));
    expect(r.data).toMatchObject({
      content: 'Mine',
      isFavorite: true,
      language: 'fr',
      playCount: 2,
    });
    expect(r).toMatchObject({
      op: 'update',
      patch: { content: 'Mine', isFavorite: true },
      delete: false,
    });
  });

  it("'keep-local' keeps the automatic decisions recorded in proposed", () => {
    const conflict = createConflict({
      ...storyConflict(),
      local: story({ content: 'Mine', language: 'de' }),
      proposed: story({ content: 'Mine', language: 'fr' }),
    });
    const r = resolved(resolveConflict(conflict, 'keep-local'));
    expect(r.data?.language).toBe('fr');
    expect(r.patch).toEqual({ content: 'Mine' });
  });

  it('{ merged } sets the given fields over keep-local and sends what differs', () => {
    const r = resolved(resolveConflict(storyConflict(), { merged: { content: 'Theirs\n\nMine' } }));
    expect(r.data).toMatchObject({ content: 'Theirs\n\nMine', isFavorite: true, language: 'fr' });
    expect(r.patch).toEqual({ content: 'Theirs\n\nMine', isFavorite: true });
  });

  it('{ merged } equal to the server version queues nothing', () => {
    const conflict = storyConflict();
    const r = resolved(
      resolveConflict(conflict, { merged: { content: 'Theirs', isFavorite: false } }),
    );
    expect(r).toMatchObject({ op: null, patch: null, data: conflict.remote });
  });

  it('{ merged } ignores server-owned fields', () => {
    const r = resolved(
      resolveConflict(storyConflict(), { merged: { content: 'X', playCount: 99 } }),
    );
    expect(r.data?.playCount).toBe(2);
    expect(r.patch).not.toHaveProperty('playCount');
  });

  it.each([
    ['an unknown field', { merged: { subtitle: 'x' } }],
    ['a wrong type', { merged: { content: 5 } }],
    ['a non-object', { merged: ['x'] }],
    ["'manual' (not a user choice)", 'manual'],
  ])('refuses %s without resolving', (_label, choice) => {
    const r = resolveConflict(storyConflict(), choice as never);
    expect(r.kind).toBe('resolver-error');
    expect(r.kind === 'resolver-error' && r.error.operation).toBe('conflicts.resolve');
  });
});

describe("resolveConflict: 'deleted-remotely'", () => {
  const conflict = createConflict({
    collection: 'heroes',
    recordId: 'h1',
    kind: 'deleted-remotely',
    fields: ['name'],
    base: hero(),
    local: hero({ name: 'Renamed' }),
    remote: null,
    createdAt: NOW,
  });

  it("'keep-remote' accepts the delete: the record goes away, nothing is sent", () => {
    expect(resolveConflict(conflict, 'keep-remote')).toEqual({
      kind: 'resolved',
      data: null,
      op: null,
      patch: null,
      delete: true,
    });
  });

  it("'keep-local' re-creates the record from the device's data", () => {
    const r = resolved(resolveConflict(conflict, 'keep-local'));
    expect(r).toMatchObject({ op: 'create', delete: false, data: hero({ name: 'Renamed' }) });
    expect(r.patch).toEqual({
      name: 'Renamed',
      age: 7,
      hairColor: 'brown',
      traits: ['brave', 'kind'],
    });
  });

  it('{ merged } re-creates with the given values, checked against the local types', () => {
    const r = resolved(resolveConflict(conflict, { merged: { age: 9 } }));
    expect(r.patch).toMatchObject({ name: 'Renamed', age: 9 });
    expect(resolveConflict(conflict, { merged: { age: 'nine' } }).kind).toBe('resolver-error');
  });
});

describe("resolveConflict: 'updated-remotely-while-deleted'", () => {
  const remote = hero({
    name: 'Edited elsewhere',
    avatarUrl: 'new',
    updatedAt: '2025-01-02T00:00:00.000Z',
  });
  const conflict = createConflict({
    collection: 'heroes',
    recordId: 'h1',
    kind: 'updated-remotely-while-deleted',
    fields: ['name'],
    base: hero(),
    local: hero(),
    remote,
    createdAt: NOW,
  });

  it("'keep-local' sends the delete", () => {
    expect(resolveConflict(conflict, 'keep-local')).toEqual({
      kind: 'resolved',
      data: null,
      op: 'delete',
      patch: null,
      delete: true,
    });
  });

  it("'keep-remote' cancels the delete and keeps the server version", () => {
    expect(resolveConflict(conflict, 'keep-remote')).toMatchObject({
      data: remote,
      op: null,
      delete: false,
    });
  });

  it('{ merged } keeps the record with the given values and sends them', () => {
    const r = resolved(resolveConflict(conflict, { merged: { name: 'Both' } }));
    expect(r).toMatchObject({
      op: 'update',
      patch: { name: 'Both' },
      data: { ...remote, name: 'Both' },
    });
  });
});

describe('resolveConflict properties', () => {
  const conflictOf = (kind: 'fields' | 'updated-remotely-while-deleted') =>
    mergeCase.map(
      (c): Conflict =>
        createConflict({
          collection: c.collection,
          recordId: 'r1',
          kind,
          fields: [],
          base: c.base,
          local: c.local,
          remote: c.remote,
          createdAt: NOW,
        }),
    );
  const anyConflict = fc.oneof(conflictOf('fields'), conflictOf('updated-remotely-while-deleted'));

  it("'keep-remote' yields the server version with nothing to send", () => {
    fc.assert(
      fc.property(anyConflict, (conflict) => {
        const r = resolved(resolveConflict(conflict, 'keep-remote'));
        expect(r.data).toEqual(conflict.remote);
        expect(r.patch).toBeNull();
        expect(r.op).toBeNull();
        expect(r.delete).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it("'keep-local' keeps every field changed on the device and sends exactly what differs", () => {
    fc.assert(
      fc.property(conflictOf('fields'), (conflict) => {
        const remote = conflict.remote as WireData;
        const r = resolved(resolveConflict(conflict, 'keep-local'));
        const data = r.data as WireData;
        for (const [f, value] of Object.entries(conflict.local)) {
          if (isServerOwned(conflict.collection, f)) {
            expect(data[f]).toEqual(remote[f]);
          } else if (!jsonEqual(value, conflict.base?.[f])) {
            expect(data[f]).toEqual(value);
          }
        }
        const again = threeWayMerge({
          collection: conflict.collection,
          recordId: 'r1',
          base: remote,
          local: data,
          remote,
          localEditedAt: 0,
          serverOffsetMs: 0,
        });
        expect(again.kind === 'merged' && again.toSend).toEqual(r.patch ?? {});
      }),
      { numRuns: 300 },
    );
  });
});
