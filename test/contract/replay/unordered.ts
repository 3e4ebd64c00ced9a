/**
 * Arrays whose order the real backend does not define, compared as sets: each recorded element
 * is paired with the fake element carrying the fake counterpart of its key.
 */

/** An array compared without regard to order. */
export interface UnorderedArray {
  /** The fixture number. */
  file: string;
  /** JSON path of the array, as in mismatch reports (`$`, `$.data.items`). */
  path: string;
  /** The element key whose (bound) value identifies an element. */
  key: string;
  reason: string;
}

export const UNORDERED_ARRAYS: readonly UnorderedArray[] = [
  {
    file: '022',
    path: '$',
    key: 'token',
    reason:
      'better-auth lists sessions with findMany and no orderBy, so PostgreSQL returned them in heap ' +
      'order (011, 013, 007, 001 here); the memory adapter returns insertion order',
  },
];
