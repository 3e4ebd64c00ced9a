/**
 * One descriptor per collection: everything the client knows about an entity, in one place.
 * Its fields come from the zod row schema; the rest (defaults, server-owned fields, references,
 * what a create sends) is declared beside it. Store, sync, conflict and repositories read
 * descriptors instead of keeping their own tables, so adding a field is a change to the schema
 * and the descriptor only.
 */
import type * as z from 'zod/mini';
import { type FieldSpec, fieldSpecOf } from './field-spec.js';
import type { JsonValue } from './json.js';
import type { CollectionName, WireData } from './types.js';

/** A field of a record that holds the id of a record in another collection. */
export interface Reference {
  readonly field: string;
  readonly target: CollectionName;
}

/** A dependant collection removed together with its parent (the backend's `onDelete: Cascade`). */
export interface CascadeRule {
  readonly collection: CollectionName;
  readonly field: string;
}

/**
 * The fields the server owns (in a merge they always take the server's value and are never
 * sent back): **generated** ones the server computes, **fixed** ones set once at creation (part
 * of a re-create, never of a PATCH). A read-only collection cannot be written at all.
 */
export interface ServerOwnedFields {
  readonly generated: readonly string[];
  readonly fixed: readonly string[];
  readonly readOnly: boolean;
}

/** What a create sends, for matching a server row to a create whose answer was lost. */
export interface CreateShape {
  /** The fields a create sends. */
  readonly fields: readonly string[];
  /** The server's value for a field the create left out (`null` when not listed). */
  readonly serverDefaults: Readonly<Record<string, JsonValue>>;
}

/** What a collection's descriptor is built from. */
export interface CollectionDefinition<N extends CollectionName> {
  readonly name: N;
  /** The wire row schema; every key but `id` is a field of the record. */
  readonly row: z.ZodMiniObject;
  /** Included relations and counts a server row may carry; never stored, always server-owned. */
  readonly includes?: readonly string[];
  /** Fields the server computes (besides the includes). */
  readonly generated: readonly string[];
  /** Fields set at creation that no PATCH can change. */
  readonly fixed?: readonly string[];
  /** True when the device cannot write the collection at all. */
  readonly readOnly?: boolean;
  /** Fields holding ids of other collections (local ids on the device, server ids on the wire). */
  readonly references?: readonly Reference[];
  /** Dependants the server deletes with a record. */
  readonly cascades?: readonly CascadeRule[];
  /** What a record created on the device shows for fields only the server fills in. */
  readonly localDefaults?: WireData;
  /** What a create sends, or absent when creates cannot be matched by content. */
  readonly create?: CreateShape;
}

/** Everything the client knows about one collection. */
export interface CollectionDescriptor<N extends CollectionName = CollectionName> {
  readonly name: N;
  /** Every field a record may hold (row fields without `id`, plus includes), with its type. */
  readonly fields: Readonly<Record<string, FieldSpec>>;
  /** Keys of server rows that are included relations or counts, not fields of the record. */
  readonly includes: readonly string[];
  /** True when rows carry the owner's `userId`. */
  readonly ownedByUser: boolean;
  readonly serverOwned: ServerOwnedFields;
  readonly references: readonly Reference[];
  readonly cascades: readonly CascadeRule[];
  readonly localDefaults: WireData;
  readonly create: CreateShape | null;
  /** Server-generated fields and `id` (left out of a re-create). */
  readonly generatedSet: ReadonlySet<string>;
  /** Every server-owned field and `id` (always remote in a merge, never sent). */
  readonly ownedSet: ReadonlySet<string>;
}

const INCLUDE_SPEC: FieldSpec = Object.freeze({ type: 'json', nullable: true });

function deriveFields(
  row: z.ZodMiniObject,
  includes: readonly string[],
): Record<string, FieldSpec> {
  const fields: Record<string, FieldSpec> = {};
  for (const [field, schema] of Object.entries(row.shape)) {
    if (field !== 'id') fields[field] = Object.freeze(fieldSpecOf(schema as z.ZodMiniType));
  }
  for (const include of includes) fields[include] = INCLUDE_SPEC;
  return fields;
}

/** Builds a collection's descriptor from its definition (fields derived from the row schema). */
export function defineCollection<N extends CollectionName>(
  definition: CollectionDefinition<N>,
): CollectionDescriptor<N> {
  const includes = definition.includes ?? [];
  const generated = [...definition.generated, ...includes];
  const fixed = definition.fixed ?? [];
  return Object.freeze({
    name: definition.name,
    fields: Object.freeze(deriveFields(definition.row, includes)),
    includes,
    ownedByUser: Object.hasOwn(definition.row.shape, 'userId'),
    serverOwned: { generated, fixed, readOnly: definition.readOnly ?? false },
    references: definition.references ?? [],
    cascades: definition.cascades ?? [],
    localDefaults: Object.freeze({ ...definition.localDefaults }),
    create: definition.create ?? null,
    generatedSet: new Set(['id', ...generated]),
    ownedSet: new Set(['id', ...generated, ...fixed]),
  });
}

/** The keys of a zod object schema (a create body's fields). */
export function keysOf(schema: z.ZodMiniObject): readonly string[] {
  return Object.keys(schema.shape);
}
