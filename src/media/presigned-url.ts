/** Reads the expiry of an S3/R2 presigned URL (`X-Amz-Date` + `X-Amz-Expires`). */

/**
 * The instant (epoch ms) a presigned URL stops working, or `null` when the URL does not say
 * (not presigned, or unreadable).
 */
export function presignedExpiry(url: string): number | null {
  let params: URLSearchParams;
  try {
    params = new URL(url).searchParams;
  } catch {
    return null;
  }
  const date = params.get('X-Amz-Date');
  const expires = Number(params.get('X-Amz-Expires'));
  const match = date?.match(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/);
  if (!match || !Number.isFinite(expires) || expires <= 0) return null;
  const [, y, mo, d, h, mi, s] = match.map(Number) as [number, ...number[]];
  const signedAt = Date.UTC(y ?? 0, (mo ?? 1) - 1, d ?? 1, h ?? 0, mi ?? 0, s ?? 0);
  return signedAt + expires * 1000;
}

/**
 * Whether the URL has expired (or will within `marginMs`) at `now`. A URL that does not carry
 * an expiry is assumed valid: storage will say otherwise with a 403.
 */
export function isPresignedUrlExpired(url: string, now: number, marginMs = 30_000): boolean {
  const expiry = presignedExpiry(url);
  return expiry !== null && now + marginMs >= expiry;
}
