/**
 * How the collections reference each other, mirroring the backend's foreign keys
 * (CONTRACT.md §2): which fields hold ids of which collection, what the server deletes along
 * with a record, and which nested objects of a server row are not part of the record.
 */
import type { CollectionName } from './types.js';

/** A field of a record that holds the id of a record in another collection. */
export interface Reference {
  readonly field: string;
  readonly target: CollectionName;
}

/** Reference fields per collection. On the device they hold local ids; on the wire, server ids. */
export const REFERENCES: Readonly<Record<CollectionName, readonly Reference[]>> = {
  heroes: [],
  stories: [
    { field: 'heroId', target: 'heroes' },
    { field: 'customEventId', target: 'customEvents' },
  ],
  customEvents: [],
  visualProfiles: [{ field: 'heroId', target: 'heroes' }],
  illustrations: [{ field: 'storyId', target: 'stories' }],
};

/** A dependant collection removed together with its parent (the backend's `onDelete: Cascade`). */
export interface CascadeRule {
  readonly collection: CollectionName;
  readonly field: string;
}

/**
 * Cascade deletes: a hero takes its stories and visual profile, a story its illustrations.
 * (Custom events use `SetNull` on stories; the server bumps those stories and a pull brings them.)
 */
export const CASCADES: Readonly<Record<CollectionName, readonly CascadeRule[]>> = {
  heroes: [
    { collection: 'stories', field: 'heroId' },
    { collection: 'visualProfiles', field: 'heroId' },
  ],
  stories: [{ collection: 'illustrations', field: 'storyId' }],
  customEvents: [],
  visualProfiles: [],
  illustrations: [],
};

/**
 * Keys of server rows that are included relations or counts, not columns of the record; the
 * store drops them (the sync engine stores nested rows in their own collections).
 */
export const NESTED_KEYS: Readonly<Record<CollectionName, readonly string[]>> = {
  heroes: ['visualProfile', 'stories', '_count'],
  stories: ['hero', 'customEvent', 'illustrations', '_count'],
  customEvents: [],
  visualProfiles: [],
  illustrations: [],
};
