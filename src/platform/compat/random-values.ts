/**
 * Random bytes for every platform: `crypto.getRandomValues` where it exists, otherwise
 * `Math.random`. The SDK uses them only for record ids, which must be unique, not secret; on
 * React Native without a `crypto` global, install `react-native-get-random-values` to get
 * cryptographic quality anyway.
 */

/** Fills `bytes` with random values and returns it. */
export function fillRandom(bytes: Uint8Array): Uint8Array {
  const crypto = (globalThis as { crypto?: Partial<Crypto> }).crypto;
  if (typeof crypto?.getRandomValues === 'function') return crypto.getRandomValues(bytes);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return bytes;
}
