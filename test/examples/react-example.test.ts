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
