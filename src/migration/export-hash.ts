/** A stable fingerprint of an export: the same library gives the same migration id. */

/** SHA-256 of the export's JSON (Web Crypto), as the first 16 hex digits. */
export async function exportHash(data: unknown): Promise<string> {
  const bytes = new TextEncoder().encode(JSON.stringify(data));
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  let hex = '';
  for (const byte of digest.subarray(0, 8)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
