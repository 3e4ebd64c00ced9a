/**
 * Issue 9, item 10: a local edit that loses last-writer-wins is never dropped silently — it is
 * announced (`write:superseded`) and kept in a bounded, persisted list an app can offer to undo
 * from; a near tie (closer than the clock estimate's uncertainty) always goes to the server.
 */
import { describe, expect, it } from 'vitest';
import { memorySecureStore } from '../../src/auth/secure-store.js';
import type { SupersededWrite } from '../../src/sync/superseded.js';
import {
  credentials,
  newBackend,
  openTestDevice,
  type TestClock,
} from '../support/hardening-client.js';

const MINUTE = 60_000;

/** A device clock that stands still at `at()` (plus its jumps): time moves only when a test says. */
function frozenClock(at: () => number): TestClock {
  let offset = 0;
  return {
    now: () => at() + offset,
    jump(ms) {
      offset += ms;
    },
  };
}

async function twoDevicesOnOneHero(frozenAt?: () => number) {
  const backend = newBackend(frozenAt ? { now: () => new Date(frozenAt()) } : {});
  const clockOf = () => (frozenAt ? { testClock: frozenClock(frozenAt) } : {});
  const account = credentials();
  const a = openTestDevice(backend, clockOf());
  await a.client.ready;
  await a.client.auth.signUp(account);
  const hero = await a.client.heroes.create({ name: 'Luna', age: 6, traits: ['brave'] });
  await a.client.sync.syncNow();
  const secureStore = memorySecureStore();
  const b = openTestDevice(backend, { secureStore, ...clockOf() });
  await b.client.ready;
  await b.client.auth.signIn({ email: account.email, password: account.password });
  await b.client.sync.syncNow();
  const onB = b.client.heroes.list()[0];
  if (!onB) throw new Error('device B did not pull the hero');
  return { backend, a, b, heroId: hero.id, heroOnB: onB.id, secureStore };
}

describe('superseded writes', () => {
  it('the device that syncs second and lost last-writer-wins reports the record, fields and values', async () => {
    const { backend, a, b, heroId, heroOnB, secureStore } = await twoDevicesOnOneHero();
    await b.client.heroes.update(heroOnB, { name: 'Stella' }); // B edits first (offline)
    // A minute passes for everyone; then A renames too, and syncs first.
    backend.clock.advance(MINUTE);
    a.clock.jump(MINUTE);
    b.clock.jump(MINUTE);
    await a.client.heroes.update(heroId, { name: 'Nova' });
    await a.client.sync.syncNow();

    const events: SupersededWrite[] = [];
    b.client.on('write:superseded', (write) => events.push(write));
    await b.client.sync.syncNow();
    expect(b.client.heroes.get(heroOnB)?.name).toBe('Nova');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      collection: 'heroes',
      recordId: heroOnB,
      fields: ['name'],
      local: { name: 'Stella' },
      winning: { name: 'Nova' },
      decidedBy: 'later-edit',
    });
    expect(b.client.sync.superseded()).toEqual(events);
    expect(b.client.conflicts.list()).toEqual([]);

    // Kept across a restart, until the app clears it.
    await b.client.close();
    const again = openTestDevice(backend, { secureStore, storage: b.storage });
    await again.client.ready;
    expect(again.client.sync.superseded().map((w) => w.local)).toEqual([{ name: 'Stella' }]);
    await again.client.sync.clearSuperseded();
    expect(again.client.sync.superseded()).toEqual([]);
  });

  it('edits closer than the clock uncertainty: the server version wins, reported as a near tie', async () => {
    // Server and devices stand still, so however long a sync takes on a busy machine, B's edit
    // is later than A's by less than the 1 s resolution of the Date header.
    let time = Date.UTC(2026, 0, 1, 12);
    const { a, b, heroId, heroOnB } = await twoDevicesOnOneHero(() => time);
    await a.client.heroes.update(heroId, { name: 'Nova' });
    time += 5;
    await b.client.heroes.update(heroOnB, { name: 'Stella' });
    await a.client.sync.syncNow();
    await b.client.sync.syncNow();
    expect(b.client.heroes.get(heroOnB)?.name).toBe('Nova');
    expect(b.client.sync.superseded()).toMatchObject([
      { fields: ['name'], local: { name: 'Stella' }, decidedBy: 'near-tie' },
    ]);
  });
});
