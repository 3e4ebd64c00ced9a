import { brandErrorClass, hasErrorBrand } from './brand.js';
import type { RequestContext } from './request-context.js';
import { SdkError } from './sdk-error.js';

/** Messages of browsers' `fetch` when a request fails without an answer (CORS included). */
const BROWSER_FETCH_FAILURE = /failed to fetch|networkerror when attempting|load failed/i;

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function corsHint(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : '';
  return BROWSER_FETCH_FAILURE.test(message)
    ? '; in a browser this is also what a CORS refusal looks like: check that the server allows this origin'
    : '';
}

/**
 * The device is online but the request never got an HTTP answer from the server (it is down,
 * refused the connection, the name does not resolve, or — in a browser — CORS blocked it).
 */
export class NetworkError extends SdkError {
  static {
    brandErrorClass(NetworkError, 'NetworkError');
  }
  override readonly name = 'NetworkError' as const;
  readonly operation: string;
  readonly method: string;
  readonly url: string;
  /** The server's host (`name:port`) that could not be reached. */
  readonly host: string;
  constructor(context: RequestContext, options?: { cause?: unknown }) {
    super(
      `${context.operation} could not reach ${hostOf(context.url)} (${context.method} ${context.url}): the server is down or unreachable${corsHint(options?.cause)}; retry later`,
      options,
    );
    this.host = hostOf(context.url);
    this.operation = context.operation;
    this.method = context.method;
    this.url = context.url;
  }
}

/** True for a {@link NetworkError} from any copy of the SDK. */
export function isNetworkError(value: unknown): value is NetworkError {
  return hasErrorBrand(value, 'NetworkError');
}
