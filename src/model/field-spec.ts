/**
 * Field types of record data, derived from the zod row schemas: what conflict resolution checks
 * values from app code against (a custom resolver's output, a `{ merged }` resolution).
 */
import type * as z from 'zod/mini';
import { type JsonValue, jsonKind } from './json.js';

/** The type of a field's value. `json` is any JSON value (opaque server data). */
export type FieldType =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'string[]'
  | 'object'
  | 'json';

/** A field's type and whether it may be `null`. */
export interface FieldSpec {
  readonly type: FieldType;
  readonly nullable: boolean;
}

/** The zod definition fields this module reads (zod 4's documented `_zod.def` introspection). */
interface ZodDefView {
  readonly type: string;
  /** `safeint` on `z.int()`. */
  readonly format?: string;
  readonly innerType?: z.ZodMiniType;
  readonly element?: z.ZodMiniType;
}

const defOf = (schema: z.ZodMiniType): ZodDefView => schema._zod.def as ZodDefView;

function baseType(schema: z.ZodMiniType): FieldType {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
    case 'enum':
    case 'literal':
      return 'string';
    case 'number':
      return def.format === 'safeint' ? 'integer' : 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return def.element && defOf(def.element).type === 'string' ? 'string[]' : 'json';
    case 'object':
    case 'record':
      return 'object';
    default:
      return 'json';
  }
}

/**
 * The field spec of one zod field schema: `nullable`/`optional` wrappers make it nullable (a
 * field the server may leave out is kept as `null`); anything that is not a plain scalar, string
 * list or object is opaque `json`.
 */
export function fieldSpecOf(schema: z.ZodMiniType): FieldSpec {
  let current = schema;
  let nullable = false;
  for (;;) {
    const def = defOf(current);
    if ((def.type !== 'nullable' && def.type !== 'optional') || !def.innerType) break;
    nullable = true;
    current = def.innerType;
  }
  const type = baseType(current);
  return { type, nullable: nullable || type === 'json' };
}

/** Whether a JSON value fits a field spec. */
export function fitsSpec(spec: FieldSpec, value: JsonValue): boolean {
  if (value === null) return spec.nullable || spec.type === 'json';
  switch (spec.type) {
    case 'json':
      return true;
    case 'integer':
      return typeof value === 'number' && Number.isInteger(value);
    case 'string[]':
      return Array.isArray(value) && value.every((item) => typeof item === 'string');
    default:
      return jsonKind(value) === spec.type;
  }
}
