/**
 * A key that is equal for equal query objects, whatever their identity or key order, so that a
 * component passing `{ orderBy: 'name' }` inline on every render keeps the same live query.
 */

/**
 * Serialises `value` as JSON with object keys sorted and `undefined` properties left out
 * (`{ a: 1, b: undefined }` and `{ a: 1 }` mean the same query).
 */
export function stableKey(value: unknown): string {
  return (
    JSON.stringify(value, (_key, current: unknown) => {
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return current;
      const sorted: Record<string, unknown> = {};
      for (const key of Object.keys(current).sort()) {
        const field = (current as Record<string, unknown>)[key];
        if (field !== undefined) sorted[key] = field;
      }
      return sorted;
    }) ?? 'undefined'
  );
}
