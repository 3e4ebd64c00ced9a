import { brandErrorClass, hasErrorBrand } from './brand.js';
import type { RequestContext } from './request-context.js';
import { SdkError } from './sdk-error.js';

function firstLine(text: string): string {
  const line = text.split('\n', 1)[0] ?? '';
  return line.length > 200 ? `${line.slice(0, 200)}…` : line;
}

/** The server answered with a non-success status that no more specific class covers. */
export class HttpError extends SdkError {
  static {
    brandErrorClass(HttpError, 'HttpError');
  }
  override readonly name = 'HttpError' as const;
  readonly operation: string;
  readonly method: string;
  readonly url: string;
  /** HTTP status code. */
  readonly status: number;
  /** The server's `error` code (e.g. `ValidationError`, `NotFound`), or better-auth's `code`. */
  readonly code: string | undefined;
  /** The server's `message`, if it sent one. */
  readonly serverMessage: string | undefined;
  /** The server's `details`, if it sent any (zod `flatten()` output on some routes). */
  readonly details: unknown;
  constructor(
    context: RequestContext & {
      status: number;
      code?: string | undefined;
      serverMessage?: string | undefined;
      details?: unknown;
    },
    options?: { cause?: unknown },
  ) {
    const what = context.code ? `${context.status} ${context.code}` : `${context.status}`;
    const why = context.serverMessage ? `: ${firstLine(context.serverMessage)}` : '';
    super(
      `${context.operation} failed with ${what}${why} (${context.method} ${context.url})`,
      options,
    );
    this.operation = context.operation;
    this.method = context.method;
    this.url = context.url;
    this.status = context.status;
    this.code = context.code;
    this.serverMessage = context.serverMessage;
    this.details = context.details;
  }
}

/** True for an {@link HttpError} from any copy of the SDK. */
export function isHttpError(value: unknown): value is HttpError {
  return hasErrorBrand(value, 'HttpError');
}
