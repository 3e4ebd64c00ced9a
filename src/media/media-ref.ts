/**
 * Media identity. A piece of media is named by what it is, never by its URL: the backend's
 * presigned URLs expire after 15 minutes and change on every response, while the generation id
 * (or audio version) changes only when the content does.
 */
import { ValidationError } from '../errors/index.js';

/** The three kinds of media the backend produces. */
export type MediaKind = 'avatar' | 'audio' | 'illustration';

/** Every {@link MediaKind}, in a stable order. */
export const MEDIA_KINDS: readonly MediaKind[] = Object.freeze(['avatar', 'audio', 'illustration']);

/**
 * The identity of one piece of media: the owning record's id (hero id for an avatar, story id
 * for audio, illustration id for an illustration) and the version of its content (avatar
 * generation id, audio version, illustration generation id). Get refs from the repositories
 * (`heroes.avatarRef(id)`, `stories.audioRef(id)`, `illustrations.imageRef(id)`).
 */
export interface MediaRef {
  readonly kind: MediaKind;
  readonly id: string;
  readonly version: string;
}

/** The cache key of `ref`: `<kind>:<id>:<version>`. */
export function mediaKey(ref: MediaRef): string {
  return `${ref.kind}:${ref.id}:${ref.version}`;
}

/** Parses a {@link mediaKey}; `null` when `key` is not one. */
export function parseMediaKey(key: string): MediaRef | null {
  const first = key.indexOf(':');
  const second = first < 0 ? -1 : key.indexOf(':', first + 1);
  if (second < 0) return null;
  const kind = key.slice(0, first);
  const id = key.slice(first + 1, second);
  const version = key.slice(second + 1);
  if (!isMediaKind(kind) || id === '' || version === '') return null;
  return { kind, id, version };
}

function isMediaKind(value: unknown): value is MediaKind {
  return value === 'avatar' || value === 'audio' || value === 'illustration';
}

/**
 * Checks a ref from the caller and returns a frozen copy. Throws `ValidationError` naming the
 * field for anything else (nothing is read or downloaded).
 */
export function checkMediaRef(operation: string, ref: unknown): MediaRef {
  if (typeof ref !== 'object' || ref === null) {
    throw new ValidationError({ operation, field: 'ref', message: 'must be a media ref object' });
  }
  const { kind, id, version } = ref as Record<string, unknown>;
  if (!isMediaKind(kind)) {
    throw new ValidationError({
      operation,
      field: 'ref.kind',
      message: "must be 'avatar', 'audio' or 'illustration'",
    });
  }
  if (typeof id !== 'string' || id === '' || id.includes(':')) {
    throw new ValidationError({
      operation,
      field: 'ref.id',
      message: 'must be a non-empty string without ":"',
    });
  }
  if (typeof version !== 'string' || version === '') {
    throw new ValidationError({
      operation,
      field: 'ref.version',
      message: 'must be a non-empty string',
    });
  }
  return Object.freeze({ kind, id, version });
}

/** What {@link avatarRefOf} reads from a hero. */
export interface AvatarFields {
  readonly id: string;
  readonly avatarUrl?: string | null | undefined;
  readonly avatarGenerationId?: string | null | undefined;
}

/** What {@link audioRefOf} reads from a story. */
export interface AudioFields {
  readonly id: string;
  readonly audioUrl?: string | null | undefined;
}

/** What {@link illustrationRefOf} reads from an illustration. */
export interface IllustrationFields {
  readonly id: string;
  readonly imageUrl?: string | null | undefined;
  readonly generationId?: string | null | undefined;
}

/** The avatar ref of a hero, or `null` while it has no avatar. */
export function avatarRefOf(hero: AvatarFields): MediaRef | null {
  if (!hero.avatarUrl || !hero.avatarGenerationId) return null;
  return Object.freeze({ kind: 'avatar', id: hero.id, version: hero.avatarGenerationId });
}

/**
 * The audio version of a signed audio URL: the last segment of its storage object key (for
 * example `1733212345678-<storyId>.mp3`). The key stays the same however often the URL is
 * re-signed and changes when the audio is generated again. `null` for an unusable URL.
 */
export function audioVersionOf(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const segments = new URL(url).pathname.split('/');
    const last = decodeURIComponent(segments.at(-1) ?? '');
    return last === '' ? null : last;
  } catch {
    return null;
  }
}

/** The audio ref of a story, or `null` while it has no audio. */
export function audioRefOf(story: AudioFields): MediaRef | null {
  const version = audioVersionOf(story.audioUrl);
  if (version === null) return null;
  return Object.freeze({ kind: 'audio', id: story.id, version });
}

/** The image ref of an illustration, or `null` while it is not generated. */
export function illustrationRefOf(illustration: IllustrationFields): MediaRef | null {
  if (!illustration.imageUrl || !illustration.generationId) return null;
  return Object.freeze({
    kind: 'illustration',
    id: illustration.id,
    version: illustration.generationId,
  });
}
