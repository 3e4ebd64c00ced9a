/**
 * The two sources of chance a convergence run has besides time (`virtual-time.ts`), made
 * repeatable for the length of a run:
 *
 * - **WebCrypto on the thread pool.** The fake backend's better-auth signs and checks the
 *   bearer token of every request with HMAC-SHA-256 through `crypto.subtle`, whose work Node
 *   runs on libuv's thread pool: when it completes, against the devices' own work (several
 *   devices sync at once), depended on the machine, so two replays interleaved differently.
 *   Here HMAC `sign`/`verify` and `digest` of `crypto.subtle` compute the same bytes with
 *   `node:crypto` at once (a promise already settled).
 * - **`Math.random`**, which the SDK uses only for backoff jitter (the reachability probe's,
 *   which `createClient` does not let a caller turn off): a seeded generator instead.
 *
 * Both are put back when the run ends ({@link sameEveryTime}'s return). Runs of one worker are
 * sequential, so nothing else sees them.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const HASHES: Readonly<Record<string, string>> = {
  'SHA-1': 'sha1',
  'SHA-256': 'sha256',
  'SHA-384': 'sha384',
  'SHA-512': 'sha512',
};

const nameOf = (algorithm: unknown): string | undefined =>
  typeof algorithm === 'string'
    ? algorithm
    : typeof algorithm === 'object' && algorithm !== null && 'name' in algorithm
      ? String((algorithm as { name: unknown }).name)
      : undefined;

const bytesOf = (data: unknown): Buffer => {
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data as ArrayBuffer);
};

const arrayBufferOf = (bytes: Buffer): ArrayBuffer =>
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;

/** Raw HMAC keys imported during a run, by the key object better-auth holds. */
const hmacKeys = new WeakMap<object, { readonly hash: string; readonly raw: Buffer }>();

/** A small seeded generator (mulberry32): the same sequence for the same seed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Installs the replacements for one run; returns the function that removes them. */
export function sameEveryTime(seed = 1): () => void {
  const subtle = globalThis.crypto.subtle;
  const original = {
    importKey: subtle.importKey.bind(subtle),
    sign: subtle.sign.bind(subtle),
    verify: subtle.verify.bind(subtle),
    digest: subtle.digest.bind(subtle),
  };
  const hmacOf = (algorithm: unknown, key: unknown) =>
    nameOf(algorithm) === 'HMAC' && typeof key === 'object' && key !== null
      ? hmacKeys.get(key)
      : undefined;
  subtle.importKey = (async (...args: Parameters<SubtleCrypto['importKey']>) => {
    const key = await (original.importKey as (...a: unknown[]) => Promise<CryptoKey>)(...args);
    const [format, keyData, algorithm] = args;
    const hash = HASHES[nameOf((algorithm as { hash?: unknown }).hash) ?? ''];
    if (format === 'raw' && nameOf(algorithm) === 'HMAC' && hash) {
      hmacKeys.set(key, { hash, raw: Buffer.from(bytesOf(keyData)) });
    }
    return key;
  }) as SubtleCrypto['importKey'];
  subtle.sign = ((algorithm: unknown, key: CryptoKey, data: BufferSource) => {
    const hmac = hmacOf(algorithm, key);
    if (!hmac) return original.sign(algorithm as AlgorithmIdentifier, key, data);
    const mac = createHmac(hmac.hash, hmac.raw).update(bytesOf(data)).digest();
    return Promise.resolve(arrayBufferOf(mac));
  }) as SubtleCrypto['sign'];
  subtle.verify = ((
    algorithm: unknown,
    key: CryptoKey,
    signature: BufferSource,
    data: BufferSource,
  ) => {
    const hmac = hmacOf(algorithm, key);
    if (!hmac) return original.verify(algorithm as AlgorithmIdentifier, key, signature, data);
    const mac = createHmac(hmac.hash, hmac.raw).update(bytesOf(data)).digest();
    const given = bytesOf(signature);
    return Promise.resolve(given.length === mac.length && timingSafeEqual(given, mac));
  }) as SubtleCrypto['verify'];
  subtle.digest = ((algorithm: unknown, data: BufferSource) => {
    const hash = HASHES[nameOf(algorithm) ?? ''];
    if (!hash) return original.digest(algorithm as AlgorithmIdentifier, data);
    return Promise.resolve(arrayBufferOf(createHash(hash).update(bytesOf(data)).digest()));
  }) as SubtleCrypto['digest'];
  const random = Math.random;
  Math.random = seeded(seed);
  return () => {
    for (const name of ['importKey', 'sign', 'verify', 'digest'])
      Reflect.deleteProperty(subtle, name);
    Math.random = random;
  };
}
