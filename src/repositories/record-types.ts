/**
 * The records repositories return: the wire fields of each entity with
 * references as local ids, plus `id` (stable local id), `serverId`, `syncStatus`, `syncError`.
 * Deeply frozen.
 */

import type { LocalRecord } from '../model/types.js';
import type { CustomEvent } from '../schemas/custom-event.js';
import type { HeroRow } from '../schemas/hero.js';
import type { IllustrationListEntry } from '../schemas/illustration.js';
import type { StoryRow } from '../schemas/story.js';
import type { VisualProfile } from '../schemas/visual-profile.js';

/** A hero on the device. */
export type HeroRecord = LocalRecord<HeroRow>;
/** A story on the device (`heroId`, `customEventId` are local ids). */
export type StoryRecord = LocalRecord<StoryRow>;
/** A custom story event on the device. */
export type CustomEventRecord = LocalRecord<CustomEvent>;
/** A hero's visual profile on the device (`heroId` is a local id). */
export type VisualProfileRecord = LocalRecord<VisualProfile>;
/** A story illustration on the device (`storyId` is a local id; `imageUrl` may be `null` or `''`). */
export type IllustrationRecord = LocalRecord<IllustrationListEntry>;

/** Sort direction. */
export type SortDirection = 'asc' | 'desc';

/** Paging shared by every `list()` query. */
export interface PageQuery {
  /** Skip this many records. @default 0 */
  readonly offset?: number | undefined;
  /** Return at most this many. @default all */
  readonly limit?: number | undefined;
}
