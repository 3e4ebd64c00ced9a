/**
 * A quick check, derived from a zod schema, that a value parses into itself: a value it accepts
 * is one the schema accepts and whose parse would be an equal copy (no key stripped, nothing
 * transformed), so the value can be used as it is, without building that copy. It never
 * decides a rejection: a value it does not accept is parsed by zod as before (which reports the
 * issue, or strips what it does not know).
 *
 * Only the parts of zod the response schemas use are read (objects without catchall, strings
 * with patterns and lengths, numbers and safe integers with bounds, booleans, null, nullable,
 * optional, arrays with lengths, string enums, unknown). A part it does not know (unions, lazy, json,
 * records, literals, refinements, transforms, formats…) accepts nothing, so values that hold one go to
 * zod.
 */
import type * as z from 'zod/mini';

/** Whether a value parses, under the schema it was built from, into an equal value. */
export type AcceptAsIs = (value: unknown) => boolean;

interface Def {
  readonly type: string;
  readonly [key: string]: unknown;
}

const never: AcceptAsIs = () => false;

const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** Whether `def` carries checks (zod runs them on every type, wrappers included). */
const checked = (def: Def): boolean => ((def.checks as unknown[] | undefined)?.length ?? 0) > 0;

/**
 * The check `check` of a string, number or array (`kind`) as a test of the value (already
 * known to be of that kind), or `undefined` when it is not one this module knows.
 */
function checkOf(check: Def, kind: string): AcceptAsIs | undefined {
  const {
    pattern,
    minimum,
    maximum,
    length,
    value: bound,
    inclusive,
  } = check as {
    [key: string]: unknown;
  };
  const size = (value: unknown): number =>
    kind === 'number' ? (value as number) : (value as string).length;
  switch (kind === 'number' ? '' : check.check) {
    case 'string_format':
      return check.format === 'regex' &&
        pattern instanceof RegExp &&
        !pattern.global &&
        !pattern.sticky
        ? (value) => pattern.test(value as string)
        : undefined;
    case 'min_length':
      return (value) => size(value) >= (minimum as number);
    case 'max_length':
      return (value) => size(value) <= (maximum as number);
    case 'length_equals':
      return (value) => size(value) === length;
  }
  if (kind !== 'number' || typeof bound !== 'number') return undefined;
  if (check.check === 'greater_than') {
    return inclusive ? (value) => (value as number) >= bound : (value) => (value as number) > bound;
  }
  if (check.check === 'less_than') {
    return inclusive ? (value) => (value as number) <= bound : (value) => (value as number) < bound;
  }
  return undefined;
}

/** `base` and every check of `def`, or `never` when one of them is not known. */
function withChecks(def: Def, base: AcceptAsIs, kind = def.type): AcceptAsIs {
  if (def.coerce) return never;
  const checks: AcceptAsIs[] = [];
  for (const check of (def.checks as unknown[] | undefined) ?? []) {
    const accept = checkOf(defOf(check), kind);
    if (!accept) return never;
    checks.push(accept);
  }
  return checks.length === 0 ? base : (value) => base(value) && checks.every((c) => c(value));
}

function object(def: Def): AcceptAsIs {
  if (def.catchall !== undefined) return never;
  const shape = def.shape as Record<string, unknown>;
  const fields = new Map<string, { accept: AcceptAsIs; required: boolean }>();
  let required = 0;
  for (const key of Object.keys(shape)) {
    const field = defOf(shape[key]);
    const optional = field.type === 'optional';
    fields.set(key, {
      accept: optional && checked(field) ? never : compile(optional ? field.innerType : shape[key]),
      required: !optional,
    });
    if (!optional) required++;
  }
  return withChecks(def, (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return false;
    let present = 0;
    for (const key in value) {
      const field = fields.get(key);
      if (!field?.accept((value as Record<string, unknown>)[key])) return false;
      if (field.required) present++;
    }
    return present === required;
  });
}

const compiled = new WeakMap<object, AcceptAsIs>();

function compile(schema: unknown): AcceptAsIs {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return def.check === undefined ? withChecks(def, (v) => typeof v === 'string') : never;
    case 'number':
      if (def.check === undefined) {
        return withChecks(def, (v) => typeof v === 'number' && Number.isFinite(v));
      }
      return def.format === 'safeint' ? withChecks(def, Number.isSafeInteger) : never;
    case 'boolean':
      return withChecks(def, (v) => typeof v === 'boolean');
    case 'null':
      return checked(def) ? never : (value) => value === null;
    case 'unknown':
      return checked(def) ? never : () => true;
    case 'nullable': {
      if (checked(def)) return never;
      const inner = compile(def.innerType);
      return (value) => value === null || inner(value);
    }
    case 'array': {
      const element = compile(def.element);
      return withChecks(def, (value) => {
        if (!Array.isArray(value)) return false;
        for (let i = 0; i < value.length; i++)
          if (!(i in value) || !element(value[i])) return false;
        return true;
      });
    }
    case 'object':
      return object(def);
    case 'enum': {
      const values = Object.values(def.entries as Record<string, unknown>);
      const set = new Set(values);
      return values.every((v) => typeof v === 'string')
        ? withChecks(def, (v) => set.has(v))
        : never;
    }
    default:
      return never;
  }
}

/** The quick check of `schema` (built once per schema). */
export function acceptAsIs(schema: z.ZodMiniType): AcceptAsIs {
  let accept = compiled.get(schema);
  if (!accept) {
    accept = compile(schema);
    compiled.set(schema, accept);
  }
  return accept;
}
