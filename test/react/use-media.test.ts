// @vitest-environment happy-dom
/**
 * `useMedia` with React 19 under StrictMode, against a real client on the fake backend (msw)
 * whose hero has an avatar and whose story has audio: the object URL holds the server's bytes,
 * progress is reported, and every URL handed out is revoked on unmount and on a change of item.
 */
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { setupServer } from 'msw/node';
import { createElement as h } from 'react';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { isSdkError } from '../../src/errors/index.js';
import type { MediaRef } from '../../src/media/media-ref.js';
import { type MediaResult, useMedia } from '../../src/react/use-media.js';
import { fakeBackendHandlers } from '../../src/testing/index.js';
import {
  createLibrary,
  type Library,
  mediaBackend,
  openDevice,
  storedBytes,
} from '../media/harness.js';
import { withClient } from './support.js';

const backend = mediaBackend();
const server = setupServer(...fakeBackendHandlers(backend));
let library: Library;
const opened: { close(): Promise<void> }[] = [];

/** Object URLs the platform created (with their blobs) and revoked during a test. */
const created = new Map<string, Blob>();
const revoked = new Set<string>();

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  library = await createLibrary(backend, { illustrations: false });
});
beforeEach(() => {
  const create = URL.createObjectURL.bind(URL);
  const revoke = URL.revokeObjectURL.bind(URL);
  vi.spyOn(URL, 'createObjectURL').mockImplementation((object: Blob | MediaSource) => {
    const url = create(object);
    if (object instanceof Blob) created.set(url, object);
    return url;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation((url: string) => {
    revoked.add(url);
    revoke(url);
  });
});
afterEach(async () => {
  cleanup();
  vi.restoreAllMocks();
  created.clear();
  revoked.clear();
  server.resetHandlers();
  await Promise.all(opened.splice(0).map((client) => client.close()));
});
afterAll(() => server.close());

async function device() {
  const world = await openDevice(backend, library);
  opened.push(world.client);
  const { client } = world;
  // What the fake backend stored at generation, found through the records' signed URLs.
  const avatarBytes = storedBytes(backend, client.heroes.get(library.heroId)?.avatarUrl ?? '');
  const audioBytes = storedBytes(backend, client.stories.get(library.storyId)?.audioUrl ?? '');
  return { ...world, avatarBytes, audioBytes };
}

function Media(props: { readonly mediaRef: MediaRef | null; readonly seen: MediaResult[] }) {
  const media = useMedia(props.mediaRef);
  props.seen.push(media);
  return h('p', { 'data-testid': 'media' }, media.status === 'ready' ? media.url : media.status);
}

/**
 * How long to wait for the media to show: the first use of `client.media` also loads its code
 * (a dynamic import), which on a busy machine takes longer than `waitFor`'s default second.
 */
const eventually = { timeout: 15_000 };

const shown = () => screen.getByTestId('media').textContent ?? '';

/** The bytes behind the object URL the component shows. */
async function bytesShown(): Promise<Uint8Array> {
  const blob = created.get(shown());
  if (!blob) throw new Error(`${shown()} is not an object URL this test created`);
  return new Uint8Array(await blob.arrayBuffer());
}

describe('useMedia', () => {
  it('shows the avatar as an object URL of the server’s bytes, with progress, and revokes it on unmount', async () => {
    const { client, avatar, avatarBytes } = await device();
    const seen: MediaResult[] = [];
    const view = render(withClient(client, h(Media, { mediaRef: avatar, seen })));
    expect(seen[0]?.status).toBe('loading');
    await waitFor(() => expect(shown()).toMatch(/^blob:/), eventually);
    expect(await bytesShown()).toEqual(avatarBytes);
    const ready = seen.at(-1);
    expect(ready?.status).toBe('ready');
    expect(ready?.progress?.loaded).toBe(avatarBytes.byteLength);
    // StrictMode mounts twice: the first mount's URL (if it got one) was revoked already.
    expect(created.size).toBeGreaterThan(0);
    expect([...created.keys()].filter((url) => !revoked.has(url))).toEqual([shown()]);
    view.unmount();
    expect([...created.keys()].filter((url) => !revoked.has(url))).toEqual([]);
  });

  it('revokes the old URL when the item changes, and shows the new one', async () => {
    const { client, avatar, refs, audioBytes } = await device();
    const seen: MediaResult[] = [];
    const view = render(withClient(client, h(Media, { mediaRef: avatar, seen })));
    await waitFor(() => expect(shown()).toMatch(/^blob:/), eventually);
    const avatarUrl = shown();
    view.rerender(withClient(client, h(Media, { mediaRef: refs.audio, seen })));
    expect(shown()).not.toBe(avatarUrl); // never the avatar's URL for the audio
    expect(revoked.has(avatarUrl)).toBe(true);
    await waitFor(() => expect(shown()).toMatch(/^blob:/), eventually);
    expect(await bytesShown()).toEqual(audioBytes);
    view.unmount();
    expect([...created.keys()].filter((url) => !revoked.has(url))).toEqual([]);
  });

  it('is idle without a ref, and reports OfflineError for an uncached item offline', async () => {
    const { client, avatar, connectivity } = await device();
    const seen: MediaResult[] = [];
    const view = render(withClient(client, h(Media, { mediaRef: null, seen })));
    expect(shown()).toBe('idle');
    connectivity.goOffline();
    view.rerender(withClient(client, h(Media, { mediaRef: avatar, seen })));
    await waitFor(() => expect(shown()).toBe('error'), eventually);
    const failed = seen.at(-1);
    expect(isSdkError(failed?.error) && failed.error.name).toBe('OfflineError');
    expect(created.size).toBe(0);
  });
});
