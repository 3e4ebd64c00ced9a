/** The descriptor of every collection, and lookups by collection name. */
import type { CollectionDescriptor } from './collection-descriptor.js';
import { customEvents } from './collections/custom-events.js';
import { heroes } from './collections/heroes.js';
import { illustrations } from './collections/illustrations.js';
import { stories } from './collections/stories.js';
import { visualProfiles } from './collections/visual-profiles.js';
import type { FieldSpec } from './field-spec.js';
import type { CollectionName } from './types.js';

/** Every collection's descriptor, by name. */
export const DESCRIPTORS: { readonly [N in CollectionName]: CollectionDescriptor<N> } = {
  heroes,
  stories,
  customEvents,
  visualProfiles,
  illustrations,
};

/** The descriptor of `collection`. */
export function descriptorOf(collection: CollectionName): CollectionDescriptor {
  return DESCRIPTORS[collection];
}

/** The spec of `field` in `collection`, or `undefined` for a field the collection does not have. */
export function fieldSpec(collection: CollectionName, field: string): FieldSpec | undefined {
  const fields = DESCRIPTORS[collection].fields;
  return Object.hasOwn(fields, field) ? fields[field] : undefined;
}
