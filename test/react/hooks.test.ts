// @vitest-environment happy-dom
/**
 * The React bindings with React 19 under StrictMode, against real clients on the fake backend
 * (msw): session, live queries, records, sync status, pending changes, server rendering.
 */
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { createElement as h } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, describe, expect, it } from 'vitest';
import { isSdkError } from '../../src/errors/index.js';
import { manualConnectivity } from '../../src/platform/connectivity.js';
import { useClient } from '../../src/react/client-context.js';
import { useAuth } from '../../src/react/use-auth.js';
import { useQuery, useRecord } from '../../src/react/use-query.js';
import { usePending, useSyncStatus } from '../../src/react/use-sync-status.js';
import type { HeroQuery } from '../../src/repositories/hero-repository.js';
import type { HeroRecord } from '../../src/repositories/record-types.js';
import { setupReactHarness, withClient } from './support.js';

const harness = setupReactHarness();
afterEach(() => cleanup());

function HeroNames(props: { readonly query?: HeroQuery }) {
  const auth = useAuth();
  const heroes = useQuery('heroes', props.query);
  const status = useSyncStatus();
  return h(
    'div',
    null,
    h('p', { 'data-testid': 'status' }, auth.status),
    h('p', { 'data-testid': 'names' }, heroes.map((hero) => hero.name).join(',')),
    h('p', { 'data-testid': 'pending' }, String(status.pendingCount)),
  );
}

type RenderLog = Array<{ user: string | null; names: string }>;

function Probe(props: { readonly query: HeroQuery; readonly seen: Array<readonly HeroRecord[]> }) {
  props.seen.push(useQuery('heroes', props.query));
  return null;
}

function Log(props: { readonly renders: RenderLog }) {
  const auth = useAuth();
  const heroes = useQuery('heroes');
  const names = heroes.map((hero) => hero.name).join(',');
  props.renders.push({ user: auth.user?.name ?? null, names });
  return h('p', { 'data-testid': 'names' }, names);
}

function One(props: { readonly id: string }) {
  const record = useRecord('heroes', props.id);
  return h('p', { 'data-testid': 'one' }, record ? `${record.name}:${record.age}` : 'none');
}

function Pending() {
  const pending = usePending();
  const { online } = useSyncStatus();
  return h(
    'p',
    { 'data-testid': 'pending' },
    `${online ? 'online' : 'offline'}:${pending.map((m) => m.collection).join(',')}`,
  );
}

function Orphan() {
  useClient();
  return null;
}

const text = (id: string) => screen.getByTestId(id).textContent;

describe('React bindings', () => {
  it('useAuth, useQuery and useSyncStatus follow a sign-up, a create and a sync', async () => {
    const backend = harness.backend();
    const client = harness.client();
    await client.ready;
    render(withClient(client, h(HeroNames, { query: { orderBy: 'name' } })));
    expect(text('status')).toBe('signed-out');
    expect(text('names')).toBe('');

    await act(() => client.auth.signUp(harness.credentials()));
    expect(text('status')).toBe('signed-in');
    await act(async () => {
      await client.heroes.create({ name: 'Zed', age: 7, traits: ['brave'] });
      await client.heroes.create({ name: 'Ada', age: 6, traits: ['kind'] });
    });
    expect(text('names')).toBe('Ada,Zed');
    expect(text('pending')).toBe('2');

    await act(() => client.sync.syncNow());
    await waitFor(() => expect(text('pending')).toBe('0'));
    expect(backend.db.heroes.size).toBe(2);
  });

  it('useQuery returns the same array for equal queries, whatever their identity', async () => {
    harness.backend();
    const client = harness.client();
    await client.ready;
    await client.auth.signUp(harness.credentials());
    await client.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] });
    const seen: Array<readonly HeroRecord[]> = [];
    const view = render(
      withClient(client, h(Probe, { seen, query: { orderBy: 'name', limit: 5 } })),
    );
    view.rerender(withClient(client, h(Probe, { seen, query: { limit: 5, orderBy: 'name' } })));
    view.rerender(
      withClient(
        client,
        h(Probe, { seen, query: { limit: 5, orderBy: 'name', offset: undefined } }),
      ),
    );
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen).size).toBe(1);
    expect(seen[0]?.map((hero) => hero.name)).toEqual(['Luna']);

    view.rerender(withClient(client, h(Probe, { seen, query: { limit: 5, orderBy: 'age' } })));
    expect(seen.at(-1)).not.toBe(seen[0]);
  });

  it('a user switch never renders the previous user’s data', async () => {
    harness.backend();
    const client = harness.client();
    await client.ready;
    const renders: RenderLog = [];
    render(withClient(client, h(Log, { renders })));
    const first = harness.credentials();
    await act(() => client.auth.signUp(first));
    await act(() => client.heroes.create({ name: 'Alpha', age: 7, traits: ['brave'] }));
    await act(() => client.sync.syncNow());
    expect(text('names')).toBe('Alpha');

    const second = harness.credentials();
    await act(() => client.auth.signUp(second));
    await act(() => client.heroes.create({ name: 'Beta', age: 5, traits: ['shy'] }));
    expect(text('names')).toBe('Beta');

    const secondRenders = renders.filter((entry) => entry.user === second.name);
    expect(secondRenders.length).toBeGreaterThan(0);
    expect(secondRenders.every((entry) => !entry.names.includes('Alpha'))).toBe(true);
    expect(renders.filter((entry) => entry.names.includes('Alpha')).length).toBeGreaterThan(0);
    expect(
      renders.filter((e) => e.names.includes('Alpha')).every((e) => e.user === first.name),
    ).toBe(true);

    await act(() => client.auth.signOut({ discardPendingChanges: true }));
    expect(text('names')).toBe('');
  });

  it('useRecord follows one record through an update and a delete', async () => {
    harness.backend();
    const client = harness.client();
    await client.ready;
    await client.auth.signUp(harness.credentials());
    const hero = await client.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] });
    render(withClient(client, h(One, { id: hero.id })));
    expect(text('one')).toBe('Luna:7');
    await act(() => client.heroes.update(hero.id, { age: 8 }));
    expect(text('one')).toBe('Luna:8');
    await act(() => client.heroes.delete(hero.id));
    expect(text('one')).toBe('none');
  });

  it('usePending lists offline changes and empties once they are synced', async () => {
    harness.backend();
    const connectivity = manualConnectivity(false);
    const client = harness.client({ connectivity });
    await client.ready;
    await client.auth.signUp(harness.credentials());
    render(withClient(client, h(Pending)));
    await act(() => client.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] }));
    expect(text('pending')).toBe('offline:heroes');
    await act(async () => {
      connectivity.set(true);
      await client.sync.syncNow();
    });
    await waitFor(() => expect(text('pending')).toBe('online:'));
  });

  it('useClient outside a provider throws an SdkError that names the fix', () => {
    const error = (() => {
      try {
        renderToString(h(Orphan));
      } catch (caught) {
        return caught;
      }
      return null;
    })();
    expect(isSdkError(error)).toBe(true);
    expect((error as Error).message).toContain('InfiniteStoriesProvider');
  });

  it('server rendering sees the server snapshots: signed out, no records, idle', async () => {
    harness.backend();
    const client = harness.client();
    await client.ready;
    await client.auth.signUp(harness.credentials());
    await client.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] });
    const html = renderToString(withClient(client, h(HeroNames)));
    expect(html).toContain('signed-out');
    expect(html).not.toContain('Luna');
  });
});
