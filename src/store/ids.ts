/**
 * Client-generated ids: UUIDv7 (RFC 9562), time-ordered so local ids sort by creation, random
 * enough that two devices never collide.
 *
 * Ids made in the same millisecond (or after the clock went back) are strictly increasing too:
 * the next one keeps the last one's time and adds one to its random bits (RFC 9562, 6.2,
 * method 2), so a process's ids sort in the order they were made. Records therefore sit in
 * creation order in storage, and a scan reads them already sorted.
 */
import { systemClock } from '../platform/clock.js';
import { fillRandom } from '../platform/compat/random-values.js';

const HEX_CODES: readonly number[] = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
/** Character codes of the id being built (dashes stay in place). */
const codes: number[] = Array.from({ length: 36 }, () => 0x2d);
const pool = new Uint8Array(16 * 256);
let poolOffset = pool.length;

function randomBytes(): Uint8Array {
  if (poolOffset >= pool.length) {
    fillRandom(pool);
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + 16);
  poolOffset += 16;
  return bytes;
}

/** The last id's bytes and time (its 48-bit timestamp), to keep ids increasing. */
const last = new Uint8Array(16);
let lastMs = -1;

/** A new UUIDv7 string for the given time (epoch ms), greater than every earlier one. */
export function uuidv7(now: number = systemClock.now()): string {
  const ms = Math.max(0, Math.floor(now));
  if (ms > lastMs || !increment(last)) {
    last.set(randomBytes());
    lastMs = ms > lastMs ? ms : lastMs + 1;
  }
  const b = last;
  const high = Math.floor(lastMs / 0x100000000);
  const low = lastMs >>> 0;
  b[0] = (high >>> 8) & 0xff;
  b[1] = high & 0xff;
  b[2] = (low >>> 24) & 0xff;
  b[3] = (low >>> 16) & 0xff;
  b[4] = (low >>> 8) & 0xff;
  b[5] = low & 0xff;
  b[6] = ((b[6] as number) & 0x0f) | 0x70;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  // One flat string from character codes: concatenating 20 pieces builds a rope that every
  // Map lookup by this id would first have to flatten.
  let at = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) at++;
    const byte = b[i] as number;
    codes[at++] = HEX_CODES[byte >>> 4] as number;
    codes[at++] = HEX_CODES[byte & 0x0f] as number;
  }
  return String.fromCharCode.apply(null, codes);
}

/**
 * Adds one to the low 62 random bits (bytes 8–15, below the variant bits). False when they
 * overflow (the caller then moves to the next millisecond with new random bits).
 */
function increment(bytes: Uint8Array): boolean {
  for (let i = 15; i >= 9; i--) {
    const next = ((bytes[i] as number) + 1) & 0xff;
    bytes[i] = next;
    if (next !== 0) return true;
  }
  const top = ((bytes[8] as number) & 0x3f) + 1;
  bytes[8] = 0x80 | (top & 0x3f);
  return top <= 0x3f;
}
