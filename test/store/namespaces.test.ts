import { describe, expect, it } from 'vitest';
import { memoryStorage } from '../../src/storage-adapters/memory-storage.js';
import { openLocalStore, wipeNamespace } from '../../src/store/local-store.js';

const hero = (name: string) => ({ name, age: 5, traits: ['brave'] });

describe('per-user namespaces on one adapter', () => {
  it('two users never see each other’s records or outbox', async () => {
    const storage = memoryStorage();
    const alice = await openLocalStore({ storage, userId: 'alice' });
    const bob = await openLocalStore({ storage, userId: 'bob' });
    await alice.create('heroes', hero('A1'));
    await bob.create('heroes', hero('B1'));
    expect(alice.list('heroes').map((h) => h.name)).toEqual(['A1']);
    expect(bob.list('heroes').map((h) => h.name)).toEqual(['B1']);

    const alice2 = await openLocalStore({ storage, userId: 'alice' });
    expect(alice2.list('heroes').map((h) => h.name)).toEqual(['A1']);
    expect(alice2.outbox.pending().map((e) => e.patch?.name)).toEqual(['A1']);
  });

  it('wiping one user leaves the other intact, and the wiped store is empty at once', async () => {
    const storage = memoryStorage();
    const alice = await openLocalStore({ storage, userId: 'alice' });
    const bob = await openLocalStore({ storage, userId: 'bob' });
    await alice.create('heroes', hero('A1'));
    await bob.create('heroes', hero('B1'));
    const live = alice.observe('heroes');
    let calls = 0;
    live.subscribe(() => calls++);
    await alice.wipe();
    expect(calls).toBe(1);
    expect(live.getSnapshot()).toEqual([]);
    expect(alice.outbox.pendingCount).toBe(0);
    expect(await storage.scan('u/alice/')).toEqual([]);
    const bob2 = await openLocalStore({ storage, userId: 'bob' });
    expect(bob2.list('heroes').map((h) => h.name)).toEqual(['B1']);
  });

  it('user ids cannot escape their prefix (u/1/ vs u/10/, slashes)', async () => {
    const storage = memoryStorage();
    const one = await openLocalStore({ storage, userId: '1' });
    const ten = await openLocalStore({ storage, userId: '10' });
    const sneaky = await openLocalStore({ storage, userId: '1/rec/heroes' });
    await ten.create('heroes', hero('ten'));
    await sneaky.create('heroes', hero('sneaky'));
    await one.create('heroes', hero('one'));
    const oneAgain = await openLocalStore({ storage, userId: '1' });
    expect(oneAgain.list('heroes').map((h) => h.name)).toEqual(['one']);
    await wipeNamespace(storage, '1');
    const tenAgain = await openLocalStore({ storage, userId: '10' });
    expect(tenAgain.list('heroes').map((h) => h.name)).toEqual(['ten']);
    const sneakyAgain = await openLocalStore({ storage, userId: '1/rec/heroes' });
    expect(sneakyAgain.list('heroes').map((h) => h.name)).toEqual(['sneaky']);
  });
});
