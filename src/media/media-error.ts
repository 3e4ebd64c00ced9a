/** The typed error of media downloads and of the media cache. */
import { brandErrorClass, hasErrorBrand } from '../errors/brand.js';
import { SdkError } from '../errors/index.js';
import type { MediaRef } from './media-ref.js';

/**
 * Why a media operation failed:
 * - `HTTP_STATUS`: storage answered with an error status (other than an expired URL);
 * - `URL_EXPIRED`: storage refused the URL (403) even after a fresh one was fetched;
 * - `TRUNCATED`: the body ended before its `Content-Length` (or ran past it), or broke off;
 * - `CONTENT_TYPE`: the response is not media of the expected kind (e.g. an HTML login page);
 * - `NOT_AVAILABLE`: the server has no such media (not generated yet, regenerated since, or its
 *   record is unknown on this device);
 * - `OVER_BUDGET`: the item cannot fit in the byte budget, because pinned items fill it;
 * - `UNSUPPORTED`: the platform lacks what the call needs (e.g. `URL.createObjectURL`).
 */
export type MediaErrorCode =
  | 'HTTP_STATUS'
  | 'URL_EXPIRED'
  | 'TRUNCATED'
  | 'CONTENT_TYPE'
  | 'NOT_AVAILABLE'
  | 'OVER_BUDGET'
  | 'UNSUPPORTED';

/** Context of a {@link MediaError}. */
export interface MediaErrorContext {
  /** The SDK operation, e.g. `media.get`. */
  readonly operation: string;
  readonly code: MediaErrorCode;
  /** The media concerned. */
  readonly ref: MediaRef;
  /** What went wrong, in a sentence. */
  readonly message: string;
  /** The HTTP status, for `HTTP_STATUS` and `URL_EXPIRED`. */
  readonly status?: number | undefined;
  /** The storage URL without its query string (the signature is never kept). */
  readonly url?: string | undefined;
}

/**
 * A media download or cache operation failed. Nothing was stored: the cache holds exactly what
 * it held before the call.
 */
export class MediaError extends SdkError {
  static {
    brandErrorClass(MediaError, 'MediaError');
  }
  override readonly name = 'MediaError' as const;
  readonly operation: string;
  readonly code: MediaErrorCode;
  readonly ref: MediaRef;
  readonly status: number | undefined;
  readonly url: string | undefined;
  constructor(context: MediaErrorContext, options?: { cause?: unknown }) {
    const where = context.url ? ` (${context.url})` : '';
    super(
      `${context.operation} ${context.ref.kind} ${context.ref.id}: ${context.message}${where}`,
      options,
    );
    this.operation = context.operation;
    this.code = context.code;
    this.ref = context.ref;
    this.status = context.status;
    this.url = context.url;
  }
}

/** True for a {@link MediaError} from any copy of the SDK. */
export function isMediaError(value: unknown): value is MediaError {
  return hasErrorBrand(value, 'MediaError');
}

/** `url` without its query string and fragment: presigned URLs carry a signature there. */
export function withoutQuery(url: string): string {
  const end = url.search(/[?#]/);
  return end < 0 ? url : url.slice(0, end);
}
