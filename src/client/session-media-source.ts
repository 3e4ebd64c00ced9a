/**
 * The media cache's view of one signed-in user's records: URLs from the local store, fresh URLs
 * from the API (`GET /heroes/:id`, `GET /stories/:id/audio`, `GET /stories/:id/illustrations`),
 * and which media belongs to which story or hero. Nothing here writes to the store.
 */
import type { ApiClient } from '../api/api-client.js';
import { audioRefOf, avatarRefOf, illustrationRefOf, type MediaRef } from '../media/media-ref.js';
import type { MediaOwner, MediaSource, SignedMedia } from '../media/media-source.js';
import type { AnyLocalRecord, CollectionName } from '../model/types.js';
import type { LocalStore } from '../store/local-store.js';

const BY_ORDER = [{ field: 'displayOrder', direction: 'asc' }] as const;

type Fields = Record<string, unknown> & { readonly id: string };

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

function record(store: LocalStore, collection: CollectionName, id: string): Fields | undefined {
  return store.get(collection, id) as (AnyLocalRecord & Fields) | undefined;
}

function refOf(kind: MediaRef['kind'], fields: Fields): MediaRef | null {
  if (kind === 'avatar') {
    return avatarRefOf({
      id: fields.id,
      avatarUrl: text(fields.avatarUrl),
      avatarGenerationId: text(fields.avatarGenerationId),
    });
  }
  if (kind === 'audio') return audioRefOf({ id: fields.id, audioUrl: text(fields.audioUrl) });
  return illustrationRefOf({
    id: fields.id,
    imageUrl: text(fields.imageUrl),
    generationId: text(fields.generationId),
  });
}

const URL_FIELD = { avatar: 'avatarUrl', audio: 'audioUrl', illustration: 'imageUrl' } as const;
const COLLECTION = { avatar: 'heroes', audio: 'stories', illustration: 'illustrations' } as const;

/** A {@link MediaSource} over `store` and `api`. */
export function sessionMediaSource(store: LocalStore, api: ApiClient): MediaSource {
  const serverId = (collection: CollectionName, id: string): string =>
    store.toServerId(collection, id) ?? id;
  const illustrationsOf = (storyId: string): readonly Fields[] =>
    store.list('illustrations', { where: { storyId }, orderBy: BY_ORDER }) as unknown as Fields[];

  return {
    currentUrl(ref) {
      const fields = record(store, COLLECTION[ref.kind], ref.id);
      if (!fields) return null;
      const current = refOf(ref.kind, fields);
      return current?.version === ref.version ? text(fields[URL_FIELD[ref.kind]]) : null;
    },
    async refresh(ref, signal): Promise<readonly SignedMedia[]> {
      if (ref.kind === 'avatar') {
        const hero = await api.heroes.get(serverId('heroes', ref.id), {}, { signal });
        const fresh = avatarRefOf({ ...hero, id: ref.id });
        return fresh && hero.avatarUrl ? [{ ref: fresh, url: hero.avatarUrl }] : [];
      }
      if (ref.kind === 'audio') {
        const audio = await api.stories.getAudio(serverId('stories', ref.id), { signal });
        const fresh = audioRefOf({ id: ref.id, audioUrl: audio.audioUrl });
        return fresh && audio.audioUrl ? [{ ref: fresh, url: audio.audioUrl }] : [];
      }
      const storyId = text(record(store, 'illustrations', ref.id)?.storyId);
      if (storyId === null) return [];
      const list = await api.stories.illustrations(serverId('stories', storyId), { signal });
      return list.illustrations.flatMap((entry) => {
        const id = store.toLocalId('illustrations', entry.id);
        const fresh = illustrationRefOf({ ...entry, id });
        return fresh && entry.imageUrl ? [{ ref: fresh, url: entry.imageUrl }] : [];
      });
    },
    ownerOf(ref): MediaOwner {
      if (ref.kind === 'avatar') return { heroId: ref.id };
      const storyId =
        ref.kind === 'audio' ? ref.id : text(record(store, 'illustrations', ref.id)?.storyId);
      if (storyId === null) return {};
      const heroId = text(record(store, 'stories', storyId)?.heroId);
      return heroId === null ? { storyId } : { storyId, heroId };
    },
    storyRefs(storyId) {
      const story = record(store, 'stories', storyId);
      if (!story) return null;
      const refs = [refOf('audio', story)];
      for (const illustration of illustrationsOf(storyId)) {
        refs.push(refOf('illustration', illustration));
      }
      return refs.filter((ref): ref is MediaRef => ref !== null);
    },
    heroRefs(heroId) {
      const hero = record(store, 'heroes', heroId);
      if (!hero) return null;
      const ref = refOf('avatar', hero);
      return ref ? [ref] : [];
    },
  };
}

const scopes = new WeakMap<object, { userId: string; source: MediaSource }>();

/** The media scope of a user session (one source per session, built on first use). */
export function sessionMediaScope(
  session: { readonly userId: string; readonly store: LocalStore },
  api: ApiClient,
): { userId: string; source: MediaSource } {
  let scope = scopes.get(session);
  if (!scope) {
    scope = { userId: session.userId, source: sessionMediaSource(session.store, api) };
    scopes.set(session, scope);
  }
  return scope;
}
