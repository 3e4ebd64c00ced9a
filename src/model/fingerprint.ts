/**
 * Content fingerprints of creates, for adopting the server copy of a create whose answer was
 * lost: the fields the create sent (the descriptor's {@link CreateShape}), with the server's
 * defaults filled in and the server's normalisations applied (`''` and missing become `null`,
 * an empty list becomes `null`), as stable JSON. Server-owned fields never take part.
 */
import type { CreateShape } from './collection-descriptor.js';
import { DESCRIPTORS } from './descriptors.js';
import { type JsonValue, stableJson } from './json.js';
import type { CollectionName, WireData } from './types.js';

/** Collections whose creates can be matched by content. */
export type FingerprintCollection = 'heroes' | 'customEvents' | 'visualProfiles' | 'stories';

/** True for collections {@link fingerprintOf} supports. */
export function hasFingerprint(collection: CollectionName): collection is FingerprintCollection {
  return DESCRIPTORS[collection].create !== null;
}

function normalize(value: JsonValue | undefined): JsonValue {
  if (value === undefined || value === null || value === '') return null;
  if (Array.isArray(value) && value.length === 0) return null;
  return value;
}

/**
 * The fingerprint of a create's fields, or of a server row it may have produced. References
 * must be given in the same id space on both sides (server ids).
 */
export function fingerprintOf(collection: FingerprintCollection, fields: WireData): string {
  const create = DESCRIPTORS[collection].create as CreateShape;
  const picked: Record<string, JsonValue> = {};
  for (const field of create.fields) {
    const given = fields[field];
    const fallback = Object.hasOwn(create.serverDefaults, field)
      ? (create.serverDefaults[field] as JsonValue)
      : null;
    picked[field] = normalize(
      given === undefined || given === null || given === '' ? fallback : given,
    );
  }
  return stableJson(picked);
}
