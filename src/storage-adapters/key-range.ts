/**
 * Prefix ranges over ordered string keys.
 *
 * A prefix scan reads the half-open range `[prefix, upper)`, where `upper` is the smallest
 * string greater than every string that starts with `prefix`, or `undefined` when there is
 * none (the empty prefix, or a prefix made only of maximal characters): then the range is open
 * above.
 */

/**
 * Upper bound in UTF-16 code unit order (JavaScript comparison, IndexedDB key order): drop
 * trailing `\uffff` units, then increment the last unit.
 */
export function prefixUpperBound(prefix: string): string | undefined {
  let end = prefix.length;
  while (end > 0 && prefix.charCodeAt(end - 1) === 0xffff) end--;
  if (end === 0) return undefined;
  return prefix.slice(0, end - 1) + String.fromCharCode(prefix.charCodeAt(end - 1) + 1);
}

/**
 * Upper bound in Unicode code point order (UTF-8 byte order: SQLite's BINARY collation): drop
 * trailing U+10FFFF, then increment the last code point, stepping over the surrogate block.
 * `prefix` must be well-formed (no lone surrogates).
 */
export function prefixUpperBoundCodePoints(prefix: string): string | undefined {
  const points = Array.from(prefix, (char) => char.codePointAt(0) ?? 0);
  while (points.length > 0 && points[points.length - 1] === 0x10ffff) points.pop();
  const last = points.pop();
  if (last === undefined) return undefined;
  points.push(last === 0xd7ff ? 0xe000 : last + 1);
  return String.fromCodePoint(...points);
}

/** Sorts `[key, value]` pairs by key in UTF-16 code unit order, in place, when not already sorted. */
export function sortByKey<T>(entries: Array<[string, T]>): Array<[string, T]> {
  for (let i = 1; i < entries.length; i++) {
    if ((entries[i - 1] as [string, T])[0] > (entries[i] as [string, T])[0]) {
      return entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    }
  }
  return entries;
}

const loneSurrogate = /\p{Surrogate}/u;

/** True when `key` contains a lone UTF-16 surrogate (it cannot be encoded as UTF-8 faithfully). */
export function hasLoneSurrogate(key: string): boolean {
  return loneSurrogate.test(key);
}
