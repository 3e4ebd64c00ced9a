/** Story illustrations: read-only on the device (the server generates them). */

import { illustrationRefOf, type MediaRef } from '../media/media-ref.js';
import { RecordReader } from './record-reader.js';
import type { IllustrationRecord } from './record-types.js';
import type { RepositoryContext } from './repository-context.js';
import type { Subscribable } from './subscribable.js';

const BY_ORDER = [{ field: 'displayOrder', direction: 'asc' }] as const;

/** The illustrations of the signed-in user's stories. */
export class IllustrationRepository extends RecordReader<IllustrationRecord> {
  /** @internal */
  constructor(context: RepositoryContext) {
    super(context, 'illustrations');
  }

  /** The illustrations of story `storyId` (local id), in `displayOrder`. Never waits. */
  list(storyId: string): readonly IllustrationRecord[] {
    return this.select('illustrations.list', { where: { storyId }, orderBy: BY_ORDER });
  }

  /** The illustration's image as a media ref for `client.media` (`null` until generated). */
  imageRef(id: string): MediaRef | null {
    const illustration = this.get(id);
    return illustration ? illustrationRefOf(illustration) : null;
  }

  /** A live `list(storyId)`. */
  observe(storyId: string): Subscribable<readonly IllustrationRecord[]> {
    return this.watch('illustrations.observe', { where: { storyId }, orderBy: BY_ORDER });
  }
}
