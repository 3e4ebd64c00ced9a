/** A stable fingerprint of an export: the same library gives the same migration id. */

/** 64-bit FNV-1a of the export's JSON, as 16 hex digits (two 32-bit lanes). */
export function exportHash(data: unknown): string {
  const text = JSON.stringify(data);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
