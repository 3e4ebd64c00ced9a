// @vitest-environment happy-dom
/**
 * A conflict dialog built on `useConflicts` and `useRecord`: story title edited on two devices,
 * the dialog appears on the device that syncs second, the user keeps their own title, the
 * dialog goes away and the title reaches the server.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createElement as h } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { fullApiOf } from '../../src/api/full-api-registry.js';
import { useClient } from '../../src/react/client-context.js';
import { useConflicts } from '../../src/react/use-conflicts.js';
import { useRecord } from '../../src/react/use-query.js';
import { setupReactHarness, withClient } from './support.js';

const harness = setupReactHarness();
afterEach(() => cleanup());

function ConflictDialog() {
  const client = useClient();
  const [conflict] = useConflicts();
  const story = useRecord('stories', conflict?.recordId ?? '');
  if (!conflict) return h('p', { role: 'status' }, 'no conflict');
  return h(
    'div',
    { role: 'dialog' },
    h('p', null, `${conflict.collection}:${conflict.fields.join(',')}:${story?.title ?? '?'}`),
    h(
      'button',
      { type: 'button', onClick: () => client.conflicts.resolve(conflict.id, 'keep-local') },
      'Keep mine',
    ),
  );
}

/** The tablet's full API client: these writes go to the server directly, past the outbox. */
function serverApiOf(client: object) {
  const api = fullApiOf(client);
  if (!api) throw new Error('no API client registered for this client');
  return api;
}

describe('conflict dialog', () => {
  it('appears for a title edited on two devices and resolves with keep-local', async () => {
    const backend = harness.backend();
    const credentials = harness.credentials();
    const phone = harness.client();
    const tablet = harness.client();
    await Promise.all([phone.ready, tablet.ready]);
    await phone.auth.signUp(credentials);
    await tablet.auth.signIn(credentials);
    const owner = await serverApiOf(tablet).heroes.create({
      name: 'Luna',
      age: 7,
      traits: ['brave'],
    });
    const imported = await serverApiOf(tablet).batch.importStories([
      { id: 's', heroId: owner.id, title: 'Moon', content: 'Once upon a time.' },
    ]);
    const storyId = imported.results.created[0]?.serverId ?? '';
    await phone.sync.syncNow();

    render(withClient(phone, h(ConflictDialog)));
    expect(screen.getByRole('status').textContent).toBe('no conflict');

    await act(() => phone.stories.update(storyId, { title: 'Moon (phone)' }));
    backend.clock.advance(1000);
    await serverApiOf(tablet).stories.update(storyId, { title: 'Moon (tablet)' });
    await act(() => phone.sync.syncNow());

    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('stories:title:Moon (phone)');

    await act(async () => {
      fireEvent.click(screen.getByRole('button', { name: 'Keep mine' }));
      await phone.sync.whenIdle();
    });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('no conflict'));
    await act(() => phone.sync.syncNow());
    expect(backend.db.stories.get(storyId)?.title).toBe('Moon (phone)');
    expect(phone.stories.get(storyId)?.syncStatus).toBe('synced');
  });
});
