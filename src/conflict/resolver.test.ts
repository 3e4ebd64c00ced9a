import { describe, expect, it, vi } from 'vitest';
import {
  ConflictResolverError,
  isConflictResolverError,
  isSdkError,
  SdkError,
} from '../errors/index.js';
import { at, clone, hero } from './conflict-fixtures.harness.js';
import type { ConflictContext, ConflictResolver } from './resolver.js';
import { resolveConflictOptions } from './strategies.js';
import { type MergeInput, threeWayMerge } from './three-way-merge.js';

const T = '2025-01-02T12:00:00.000Z';
const base = hero();
const local = hero({ age: 8, name: 'Local name' });
const remote = hero({ age: 9, traits: ['shy'], updatedAt: T });
const input: MergeInput = {
  collection: 'heroes',
  recordId: 'h1',
  base,
  local,
  remote,
  localEditedAt: at('2025-01-02T11:00:00.000Z'),
  serverOffsetMs: 250,
};

const run = (resolver: ConflictResolver, mergeInput: MergeInput = input) =>
  threeWayMerge(mergeInput, resolveConflictOptions({ heroes: resolver }));

function error(result: ReturnType<typeof run>): ConflictResolverError {
  if (result.kind !== 'resolver-error') throw new Error('expected a resolver error');
  return result.error;
}

describe('custom resolver: when and with what it is called', () => {
  it('gets the full context, once, only for records with conflicting fields', () => {
    const resolver = vi.fn<ConflictResolver>(() => 'keep-remote');
    run(resolver);
    expect(resolver).toHaveBeenCalledTimes(1);
    const ctx = resolver.mock.calls[0]?.[0] as ConflictContext;
    expect(ctx).toEqual({
      collection: 'heroes',
      recordId: 'h1',
      base,
      local,
      remote,
      conflictingFields: ['age'],
      localEditedAt: input.localEditedAt,
      remoteUpdatedAt: T,
      serverOffsetMs: 250,
    });
    resolver.mockClear();
    const r = run(resolver, { ...input, local: hero({ name: 'only local' }) });
    expect(resolver).not.toHaveBeenCalled();
    expect(r.kind === 'merged' && r.toSend).toEqual({ name: 'only local' });
  });

  it('cannot mutate the inputs: the context is a frozen copy', () => {
    const before = clone(input);
    const r = run((ctx) => {
      (ctx.local as Record<string, unknown>).name = 'hacked';
      return 'keep-local';
    });
    expect(error(r).reason).toBe('threw');
    expect(input).toEqual(before);
  });
});

describe('custom resolver: answers', () => {
  it("'keep-local' keeps every local change (remote-only changes still taken)", () => {
    const r = run(() => 'keep-local');
    expect(r.kind === 'merged' && r.merged).toMatchObject({
      age: 8,
      name: 'Local name',
      traits: ['shy'],
    });
    expect(r.kind === 'merged' && r.toSend).toEqual({ age: 8, name: 'Local name' });
  });

  it("'keep-remote' keeps the server version and sends nothing", () => {
    const r = run(() => 'keep-remote');
    expect(r.kind === 'merged' && r.merged).toEqual(remote);
    expect(r.kind === 'merged' && r.toSend).toEqual({});
  });

  it("'manual' leaves the conflicting fields to the user", () => {
    const r = run(() => 'manual');
    expect(r.kind === 'merged' && r.manualFields).toEqual(['age']);
    expect(r.kind === 'merged' && r.needsUser).toBe(true);
  });

  it('{ merged } sets values, sends what differs from the server, ignores server-owned fields', () => {
    const r = run(() => ({ merged: { age: 10, avatarUrl: 'nope.png' } }));
    if (r.kind !== 'merged') throw r.error;
    expect(r.merged).toMatchObject({
      age: 10,
      name: 'Local name',
      traits: ['shy'],
      avatarUrl: remote.avatarUrl,
    });
    expect(r.toSend).toEqual({ age: 10, name: 'Local name' });
    expect(r.needsUser).toBe(false);
  });

  it('{ merged } equal to the server value sends nothing for it', () => {
    const r = run(() => ({ merged: { age: 9, name: remote.name as string } }));
    expect(r.kind === 'merged' && r.toSend).toEqual({});
  });

  it('{ merged } is copied: later mutation by the resolver does not leak in', () => {
    const values = { age: 10 };
    const r = run(() => ({ merged: values }));
    values.age = 11;
    expect(r.kind === 'merged' && r.merged.age).toBe(10);
  });
});

describe('custom resolver: failures are surfaced, never applied', () => {
  it('a throwing resolver yields a ConflictResolverError with the cause', () => {
    const boom = new Error('boom');
    const e = error(
      run(() => {
        throw boom;
      }),
    );
    expect(e).toBeInstanceOf(ConflictResolverError);
    expect(e).toBeInstanceOf(SdkError);
    expect(e.name).toBe('ConflictResolverError');
    expect(e.cause).toBe(boom);
    expect(e).toMatchObject({
      reason: 'threw',
      collection: 'heroes',
      recordId: 'h1',
      issues: ['boom'],
    });
    expect(e.message).toContain('heroes/h1');
    expect(isConflictResolverError(e)).toBe(true);
    expect(isSdkError(e)).toBe(true);
  });

  it('reports the conflicting fields and a keep-local proposal so the engine can hand them to the user', () => {
    const r = run(() => {
      throw new Error('x');
    });
    expect(r.kind === 'resolver-error' && r.conflictingFields).toEqual(['age']);
    expect(r.kind === 'resolver-error' && r.proposed).toEqual({
      ...remote,
      age: 8,
      name: 'Local name',
    });
  });

  const invalid: Array<[string, unknown, string]> = [
    ['an unknown word', 'keep-both', 'unknown resolution'],
    ['undefined', undefined, 'got undefined'],
    ['null', null, 'got object'],
    ['an array', [], 'got object'],
    ['a promise', Promise.resolve('keep-local'), 'synchronous'],
    ['an object without merged', { merge: {} }, 'expected { merged }'],
    ['merged beside other keys', { merged: {}, also: 1 }, 'expected { merged }'],
    ['merged not an object', { merged: 'x' }, 'plain object'],
    ['merged as a class instance', { merged: new Date() }, 'plain object'],
    ['an unknown field', { merged: { nickname: 'Lu' } }, 'unknown field "nickname"'],
    ['a type change', { merged: { age: '8' } }, '"age" must be an integer'],
    ['a non-integer age', { merged: { age: 8.5 } }, '"age" must be an integer'],
    ['null for a required field', { merged: { name: null } }, '"name" must be a string'],
    ['traits not strings', { merged: { traits: [1] } }, 'array of strings'],
    ['undefined value', { merged: { name: undefined } }, 'not JSON'],
    ['NaN', { merged: { age: Number.NaN } }, 'not JSON'],
    ['a function', { merged: { name: () => 'x' } }, 'not JSON'],
    ['a nested Date', { merged: { traits: [new Date()] } }, 'not JSON'],
  ];
  it.each(invalid)('refuses %s', (_label, answer, message) => {
    const e = error(run(() => answer as never));
    expect(e.reason).toBe('invalid');
    expect(e.issues.join(' ')).toContain(message);
    expect(e.message).toContain('nothing was applied');
  });

  it('refuses a cyclic merged value', () => {
    const traits: unknown[] = ['a'];
    traits.push(traits);
    expect(error(run(() => ({ merged: { traits } as never }))).issues.join()).toContain('cycle');
  });

  it('accepts null for a nullable field the server holds a value in (clearing it)', () => {
    const r = run(() => ({ merged: { age: 8, appearance: null } }), {
      ...input,
      remote: hero({ age: 9, appearance: 'tall', updatedAt: T }),
    });
    expect(r.kind === 'merged' && r.toSend).toEqual({
      age: 8,
      name: 'Local name',
      appearance: null,
    });
  });

  it('refuses a type change of an opaque JSON field against the server value', () => {
    const r = threeWayMerge(
      {
        ...input,
        collection: 'customEvents',
        base: { title: 'a', pictogramSymbols: ['x'] },
        local: { title: 'b', pictogramSymbols: ['x'] },
        remote: { title: 'c', pictogramSymbols: ['x'] },
      },
      resolveConflictOptions({ customEvents: () => ({ merged: { pictogramSymbols: 'x' } }) }),
    );
    expect(r.kind === 'resolver-error' && r.error.issues[0]).toContain(
      'changes type from array to string',
    );
  });

  it('an async resolver is refused without an unhandled rejection', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const r = run((async () => {
      throw new Error('late');
    }) as unknown as ConflictResolver);
    await new Promise((resolve) => setTimeout(resolve, 10));
    process.off('unhandledRejection', onRejection);
    expect(r.kind).toBe('resolver-error');
    expect(rejections).toEqual([]);
  });
});

describe('custom resolver with strategy defaults for deletes', () => {
  it('keeps the default delete policies when only a resolver is configured', () => {
    const options = resolveConflictOptions({ stories: (() => 'keep-local') as ConflictResolver });
    expect(options.stories.fields).toEqual({ title: 'manual', content: 'manual' });
    expect(options.stories.onRemoteDelete).toBe('manual');
    expect(options.stories.onDeleteVsRemoteUpdate).toBe('by-strategy');
  });
});
