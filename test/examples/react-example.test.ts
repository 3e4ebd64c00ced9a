// @vitest-environment happy-dom
/**
 * examples/react's HeroShelf against a real client on the fake backend (msw): adding a hero
 * shows it at once as not synced, with the queue count; after a sync it shows as synced.
 */
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { createElement as h } from 'react';
import { afterEach, expect, it } from 'vitest';
import { HeroShelf } from '../../examples/react/hero-shelf.js';
import { setupReactHarness, withClient } from '../react/support.js';

const harness = setupReactHarness();
afterEach(() => cleanup());

it('shows a new hero at once, then as synced', async () => {
  harness.backend();
  const client = harness.client();
  await client.ready;
  await client.auth.signUp({ ...harness.credentials(), name: 'Sam' });
  render(withClient(client, h(HeroShelf)));
  expect(screen.getByRole('heading').textContent).toBe("Sam's heroes");
  fireEvent.change(screen.getByLabelText('New hero'), { target: { value: 'Luna' } });
  fireEvent.click(screen.getByRole('button', { name: 'Add' }));
  await waitFor(() => expect(screen.getByText(/Luna/).textContent).toBe('Luna (not synced yet)'));
  expect(screen.getByRole('status').textContent).toBe('online · 1 waiting to sync');
  await act(async () => {
    await client.sync.syncNow();
  });
  expect(screen.getByText(/Luna/).textContent).toBe('Luna ✓');
  expect(screen.getByRole('status').textContent).toBe('online · 0 waiting to sync');
});

it('asks which version to keep when a story was edited on two devices', async () => {
  harness.backend();
  const parent = harness.credentials();
  const phone = harness.client();
  await phone.ready;
  await phone.auth.signUp(parent);
  const luna = await phone.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] });
  await phone.sync.syncNow();
  const story = await phone.stories.generate({ heroId: luna.id, language: 'en' });
  const tablet = harness.client();
  await tablet.ready;
  await tablet.auth.signIn(parent);
  await tablet.sync.syncNow();
  const onTablet = tablet.stories.list()[0];
  if (!onTablet) throw new Error('the tablet has no story');
  await tablet.stories.update(onTablet.id, { content: 'The tablet ending.' });
  await tablet.sync.syncNow();

  render(withClient(phone, h(HeroShelf)));
  expect(screen.queryByRole('alert')).toBeNull();
  await phone.stories.update(story.id, { content: 'The phone ending.' });
  await act(async () => {
    await phone.sync.syncNow();
  });
  expect(screen.getByRole('alert').textContent).toContain(
    'This story was changed on another device.',
  );
  await act(async () => {
    fireEvent.click(screen.getByRole('button', { name: 'Keep mine' }));
  });
  await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
  await act(async () => {
    await phone.sync.syncNow();
  });
  await tablet.sync.syncNow();
  expect(tablet.stories.get(onTablet.id)?.content).toBe('The phone ending.');
});
