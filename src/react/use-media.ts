/**
 * `useMedia`: a piece of media (avatar, audio, illustration) as an object URL for `<img>` and
 * `<audio>`, with the download's progress. The URL is revoked when the component unmounts or
 * asks for another item.
 */
import { useEffect, useState } from 'react';
import type { MediaProgress } from '../media/download.js';
import { type MediaRef, mediaKey } from '../media/media-ref.js';
import { useClient } from './client-context.js';

/** What {@link useMedia} returns. */
export type MediaResult =
  /** No ref given (e.g. a hero without an avatar yet). */
  | { readonly status: 'idle'; readonly url: null; readonly progress: null; readonly error: null }
  /** From the cache or downloading; `progress` once bytes arrive (`total` when announced). */
  | {
      readonly status: 'loading';
      readonly url: null;
      readonly progress: MediaProgress | null;
      readonly error: null;
    }
  /** The `blob:` URL, valid while the component shows this item. */
  | {
      readonly status: 'ready';
      readonly url: string;
      readonly progress: MediaProgress | null;
      readonly error: null;
    }
  /** `OfflineError` when offline and not cached, `MediaError` for a failed download, … */
  | {
      readonly status: 'error';
      readonly url: null;
      readonly progress: MediaProgress | null;
      readonly error: unknown;
    };

const IDLE: MediaResult = Object.freeze({ status: 'idle', url: null, progress: null, error: null });
const LOADING: MediaResult = Object.freeze({
  status: 'loading',
  url: null,
  progress: null,
  error: null,
});

interface Keyed {
  readonly key: string | null;
  readonly result: MediaResult;
}

/**
 * The item `ref` names as an object URL, from `client.media` (the cache, or downloaded once
 * however many components ask). Re-renders with the progress while it downloads. Pass `null`
 * or `undefined` when there is nothing to show. Server rendering sees `idle` (object URLs exist
 * only in the browser). Needs a signed-in user, like `client.media`.
 *
 * @example
 * ```tsx
 * const ref = useClient().heroes.avatarRef(heroId);
 * const avatar = useMedia(ref);
 * return avatar.url ? <img src={avatar.url} alt="" /> : <Spinner progress={avatar.progress} />;
 * ```
 */
export function useMedia(ref: MediaRef | null | undefined): MediaResult {
  const client = useClient();
  const key = ref ? mediaKey(ref) : null;
  const [state, setState] = useState<Keyed>({ key: null, result: IDLE });

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` names `ref` by value
  useEffect(() => {
    if (!ref || key === null) return;
    const controller = new AbortController();
    let release: (() => void) | null = null;
    let progress: MediaProgress | null = null;
    const set = (result: MediaResult) => {
      if (!controller.signal.aborted) setState({ key, result });
    };
    set(LOADING);
    client.media
      .objectURL(ref, {
        signal: controller.signal,
        onProgress: (next) => {
          progress = Object.freeze({ loaded: next.loaded, total: next.total });
          set({ status: 'loading', url: null, progress, error: null });
        },
      })
      .then(
        (objectUrl) => {
          if (controller.signal.aborted) {
            objectUrl.release();
            return;
          }
          release = () => objectUrl.release();
          set({ status: 'ready', url: objectUrl.url, progress, error: null });
        },
        (error: unknown) => set({ status: 'error', url: null, progress, error }),
      );
    return () => {
      controller.abort();
      release?.();
    };
  }, [client, key]);

  if (key === null) return IDLE;
  // Until the effect for this key has run, the previous item's state is not this item's.
  return state.key === key ? state.result : LOADING;
}
