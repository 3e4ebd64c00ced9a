/**
 * Property: after any sequence of local creates/updates/deletes, replaying the outbox (in seq
 * order) reproduces exactly the local state — coalescing never loses the last intent.
 *
 * 1. From an empty store, replayed over HTTP semantics against the fake backend with the API
 *    client (a real server model: ids, validation, PATCH rules).
 * 2. With sync steps interleaved (entries marked in flight, local writes arriving while they
 *    are sent, acks), replayed against a tiny in-test server model.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ApiClient, createApiClient } from '../../src/api/api-client.js';
import type { OutboxEntry } from '../../src/model/types.js';
import type { ServerRow } from '../../src/store/id-map.js';
import type { LocalStore } from '../../src/store/local-store.js';
import { createFakeBackend } from '../../src/testing/index.js';
import { openTestStore } from './helpers.js';

type Fields = { name?: string; age?: number; traits?: string[] };
type Command =
  | { kind: 'create'; fields: Required<Fields> }
  | { kind: 'update'; pick: number; patch: Fields }
  | { kind: 'delete'; pick: number }
  | { kind: 'send'; pick: number }
  | { kind: 'ack'; pick: number };

const fieldsArb = fc.record({
  name: fc.constantFrom('Luna', 'Sol', 'Nova', 'Orion', 'Mira'),
  age: fc.integer({ min: 3, max: 12 }),
  traits: fc.array(fc.constantFrom('brave', 'kind', 'calm', 'funny'), {
    minLength: 1,
    maxLength: 3,
  }),
});
const patchArb = fc.record(
  {
    name: fc.constantFrom('Luna', 'Sol', 'Nova', 'Orion', 'Mira'),
    age: fc.integer({ min: 3, max: 12 }),
    traits: fc.array(fc.constantFrom('brave', 'kind', 'calm'), { minLength: 1, maxLength: 2 }),
  },
  { requiredKeys: [] },
);
const localCommand: fc.Arbitrary<Command> = fc.oneof(
  fields(),
  fc.record({ kind: fc.constant('update' as const), pick: fc.nat(), patch: patchArb }),
  fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
);
function fields(): fc.Arbitrary<Command> {
  return fc.record({ kind: fc.constant('create' as const), fields: fieldsArb });
}
const syncCommand: fc.Arbitrary<Command> = fc.oneof(
  localCommand,
  fc.record({ kind: fc.constant('send' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('ack' as const), pick: fc.nat() }),
);

/** Applies one local command to the store (picks among visible heroes). */
async function applyLocal(store: LocalStore, command: Command): Promise<void> {
  const visible = store.list('heroes');
  if (command.kind === 'create') {
    await store.create('heroes', command.fields);
    return;
  }
  if (visible.length === 0) return;
  const target = visible[('pick' in command ? command.pick : 0) % visible.length] as { id: string };
  if (command.kind === 'update') {
    if (Object.keys(command.patch).length > 0)
      await store.update('heroes', target.id, command.patch);
  } else if (command.kind === 'delete') {
    await store.delete('heroes', target.id);
  }
}

const pick = (fields: Record<string, unknown>) => ({
  name: fields.name,
  age: fields.age,
  traits: fields.traits,
});

/** The local state the server must end up with: visible heroes by server id. */
function localState(store: LocalStore, serverIdOf: (localId: string) => string) {
  return Object.fromEntries(
    store
      .list('heroes')
      .map((hero) => [serverIdOf(hero.id), pick(hero)] as const)
      .sort(([a], [b]) => (a < b ? -1 : 1)),
  );
}

describe('outbox replay reproduces the local state (property)', () => {
  let api: ApiClient;

  beforeAll(async () => {
    const backend = createFakeBackend({ authRateLimit: false });
    const { token } = await backend.createUser({
      email: 'replay@example.test',
      password: 'password123',
      name: 'Replay',
    });
    api = createApiClient({
      baseUrl: backend.baseUrl,
      fetch: (input, init) => backend.fetch(new Request(input, init)),
      auth: { getAuthorization: () => `Bearer ${token}`, onUnauthorized: async () => 'fail' },
      retry: { limit: 0 },
    });
  });

  it('replayed against the fake backend from empty', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(localCommand, { minLength: 1, maxLength: 25 }),
        async (commands) => {
          for await (const hero of api.heroes.listAll()) await api.heroes.delete(hero.id);
          const { store } = await openTestStore();
          for (const command of commands) await applyLocal(store, command);

          const serverIds = new Map<string, string>();
          for (const entry of store.outbox.entries()) {
            const patch = entry.patch as Fields;
            if (entry.op === 'create') {
              const created = await api.heroes.create(patch as Required<Fields>);
              serverIds.set(entry.localId, created.id);
            } else {
              const serverId = serverIds.get(entry.localId);
              expect(
                serverId,
                'an update or delete of a record that was never created',
              ).toBeDefined();
              if (entry.op === 'update') await api.heroes.update(serverId as string, patch);
              else await api.heroes.delete(serverId as string);
            }
          }
          // Starting from empty, nothing is synced: every record has exactly one entry.
          const counts = new Map<string, number>();
          for (const e of store.outbox.entries())
            counts.set(e.localId, (counts.get(e.localId) ?? 0) + 1);
          expect([...counts.values()].every((n) => n === 1)).toBe(true);

          const server: Record<string, unknown> = {};
          for await (const hero of api.heroes.listAll()) server[hero.id] = pick(hero);
          const local = localState(store, (id) => serverIds.get(id) ?? `unsent:${id}`);
          expect(
            Object.fromEntries(Object.entries(server).sort(([a], [b]) => (a < b ? -1 : 1))),
          ).toEqual(local);
        },
      ),
      { numRuns: 40 },
    );
  }, 60_000);

  it('with sends and acks interleaved, against an in-test server model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(syncCommand, { minLength: 1, maxLength: 40 }), async (commands) => {
        const { store } = await openTestStore();
        const server = new Map<string, Record<string, unknown>>();
        let nextServerId = 1;
        let clock = Date.parse('2026-01-01T00:00:00.000Z');
        const inFlight: OutboxEntry[] = [];

        /** What the server does with an entry (references are not involved for heroes). */
        const serve = (entry: OutboxEntry): ServerRow | undefined => {
          const updatedAt = new Date(clock++).toISOString();
          if (entry.op === 'create') {
            const id = `c${nextServerId++}`;
            server.set(id, { ...entry.patch, updatedAt });
            return { id, ...(server.get(id) as object) } as ServerRow;
          }
          const serverId = store.toServerId('heroes', entry.localId);
          expect(serverId, `${entry.op} sent before its create was acknowledged`).not.toBeNull();
          if (entry.op === 'delete') {
            server.delete(serverId as string);
            return undefined;
          }
          server.set(serverId as string, {
            ...server.get(serverId as string),
            ...entry.patch,
            updatedAt,
          });
          return { id: serverId, ...(server.get(serverId as string) as object) } as ServerRow;
        };
        const ack = async (entry: OutboxEntry) => {
          const row = serve(entry);
          await store.outbox.ack(entry.mutationId, row);
        };

        for (const command of commands) {
          if (command.kind === 'send') {
            const ready = store.outbox.sendable().filter((e) => !inFlight.includes(e));
            const chosen = ready[command.pick % Math.max(1, ready.length)];
            if (chosen) inFlight.push(await store.outbox.markInFlight(chosen.mutationId));
          } else if (command.kind === 'ack') {
            const [entry] = inFlight.splice(command.pick % Math.max(1, inFlight.length), 1);
            if (entry) await ack(entry);
          } else {
            await applyLocal(store, command);
          }
        }
        // The user's last intent, before anything more is sent.
        const intended = localState(store, (id) => id);
        // Drain: finish what is in flight, then send everything still queued, in order.
        for (const entry of inFlight.splice(0)) await ack(entry);
        for (let guard = 0; store.outbox.pendingCount > 0 && guard < 1000; guard++) {
          const [next] = store.outbox.sendable();
          expect(next).toBeDefined();
          await ack(await store.outbox.markInFlight((next as OutboxEntry).mutationId));
        }
        const onServer = Object.fromEntries(
          [...server]
            .map(([id, fields]) => [store.toLocalId('heroes', id), pick(fields)] as const)
            .sort(([a], [b]) => (a < b ? -1 : 1)),
        );
        expect(onServer).toEqual(intended);
        expect(localState(store, (id) => id)).toEqual(intended);
        expect(store.list('heroes').every((h) => h.syncStatus === 'synced')).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
