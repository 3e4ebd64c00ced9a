const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

function base36(value: number, width: number): string {
  return value.toString(36).padStart(width, '0').slice(-width);
}

function randomBlock(width: number): string {
  const bytes = new Uint8Array(width);
  crypto.getRandomValues(bytes);
  let out = '';
  for (const byte of bytes) out += ALPHABET[byte % 36];
  return out;
}

/**
 * Returns a generator of cuid-v1-looking ids: `c` + 8 chars of timestamp + 4 of counter + 4 of
 * fingerprint + 8 random, all lowercase base36 (25 chars). Ids from one generator sort in
 * creation order and never repeat.
 */
export function createIdGenerator(now: () => Date): () => string {
  const fingerprint = randomBlock(4);
  let counter = 0;
  let lastTime = 0;
  return () => {
    // Never go backwards, even when a test moves the clock back.
    const time = Math.max(now().getTime(), lastTime);
    lastTime = time;
    counter = (counter + 1) % 36 ** 4;
    return `c${base36(time, 8)}${base36(counter, 4)}${fingerprint}${randomBlock(8)}`;
  };
}
