import type { FakeDatabase } from './state.js';

/** The presigned URL lifetime: `DEFAULT_EXPIRY_SECONDS` of the backend's R2 client. */
export const SIGNED_URL_EXPIRY_SECONDS = 900;

/** Path prefix of the download route that plays R2 for signed URLs. */
export const MEDIA_ROUTE_PREFIX = '/__fake-r2/';

/** The fake R2 bucket: stored "public" URLs, presigned GET URLs and their verification. */
export interface FakeMediaStore {
  /** The `R2_PUBLIC_URL` prefix of stored URLs, e.g. `https://fake-bucket.r2.dev`. */
  readonly publicUrl: string;
  put(key: string, contentType: string, bytes: Uint8Array): string;
  sign(storedUrl: string | null): string | null;
  delete(storedUrl: string | null): void;
  /** Whether `url` is under the bucket's public URL (the batch import's audioUrl check). */
  isStoredUrl(url: string): boolean;
  /** Serves a GET of a signed URL: the bytes, or an S3-style 403/404. */
  serve(url: URL): Response;
}

function randomHex(bytes: number): string {
  const buffer = new Uint8Array(bytes);
  crypto.getRandomValues(buffer);
  let out = '';
  for (const byte of buffer) out += byte.toString(16).padStart(2, '0');
  return out;
}

function amzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

function s3Error(status: number, code: string, message: string): Response {
  const body = `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  return new Response(body, { status, headers: { 'content-type': 'application/xml' } });
}

/**
 * Creates the media store. Signed URLs point at this backend's own download route (or, with
 * `mediaOrigin`, at `<mediaOrigin>/<key>` like R2's virtual-hosted URLs) and carry a random
 * 64-hex signature, so every call yields a new URL; a URL stops working once
 * {@link SIGNED_URL_EXPIRY_SECONDS} of the backend clock have passed.
 */
export function createMediaStore(
  db: FakeDatabase,
  now: () => Date,
  baseUrl: string,
  publicUrl: string,
  mediaOrigin?: string,
): FakeMediaStore {
  const signedBase = mediaOrigin ? `${mediaOrigin}/` : `${baseUrl}${MEDIA_ROUTE_PREFIX}`;
  const keyPrefix = mediaOrigin ? '/' : MEDIA_ROUTE_PREFIX;
  const issued = new Map<string, { key: string; expiresAt: number }>();
  const keyOf = (storedUrl: string): string => {
    if (storedUrl.startsWith(`${publicUrl}/`)) return storedUrl.slice(publicUrl.length + 1);
    try {
      return decodeURIComponent(new URL(storedUrl).pathname.slice(1));
    } catch {
      return storedUrl;
    }
  };
  return {
    publicUrl,
    put(key, contentType, bytes) {
      db.media.set(key, { key, contentType, bytes });
      return `${publicUrl}/${key}`;
    },
    sign(storedUrl) {
      if (!storedUrl) return null;
      const key = keyOf(storedUrl);
      const signedAt = now();
      const signature = randomHex(32);
      issued.set(signature, {
        key,
        expiresAt: signedAt.getTime() + SIGNED_URL_EXPIRY_SECONDS * 1000,
      });
      const date = amzDate(signedAt);
      const path = key.split('/').map(encodeURIComponent).join('/');
      const query = [
        'X-Amz-Algorithm=AWS4-HMAC-SHA256',
        'X-Amz-Content-Sha256=UNSIGNED-PAYLOAD',
        `X-Amz-Credential=fakeaccesskey%2F${date.slice(0, 8)}%2Fauto%2Fs3%2Faws4_request`,
        `X-Amz-Date=${date}`,
        `X-Amz-Expires=${SIGNED_URL_EXPIRY_SECONDS}`,
        `X-Amz-Signature=${signature}`,
        'X-Amz-SignedHeaders=host',
        'x-amz-checksum-mode=ENABLED',
        'x-id=GetObject',
      ].join('&');
      return `${signedBase}${path}?${query}`;
    },
    delete(storedUrl) {
      if (storedUrl) db.media.delete(keyOf(storedUrl));
    },
    isStoredUrl(url) {
      return url.startsWith(publicUrl);
    },
    serve(url) {
      const key = decodeURIComponent(url.pathname.slice(keyPrefix.length));
      const grant = issued.get(url.searchParams.get('X-Amz-Signature') ?? '');
      if (!grant || grant.key !== key) {
        return s3Error(
          403,
          'SignatureDoesNotMatch',
          'The request signature we calculated does not match the signature you provided.',
        );
      }
      if (now().getTime() > grant.expiresAt) {
        return s3Error(403, 'AccessDenied', 'Request has expired');
      }
      const object = db.media.get(key);
      if (!object) return s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
      return new Response(object.bytes.slice(), {
        status: 200,
        headers: {
          'content-type': object.contentType,
          'content-length': String(object.bytes.byteLength),
        },
      });
    },
  };
}
