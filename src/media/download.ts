/**
 * One HTTP download of a presigned storage URL, streamed into the cache with progress and
 * integrity checks. The request carries no session token and no cookies: the URL is its own
 * credential, and storage is not our API.
 */
import type { FetchLike } from '../api/options.js';
import { NetworkError } from '../errors/index.js';
import { throwIfAborted } from '../platform/compat/throw-if-aborted.js';
import { handOver } from './blob-store.js';
import { MediaError, withoutQuery } from './media-error.js';
import type { MediaRef } from './media-ref.js';

/** Progress of a download: bytes received, and the total when the server announced it. */
export interface MediaProgress {
  readonly loaded: number;
  readonly total: number | undefined;
}

/** What one download needs. */
export interface DownloadJob {
  readonly operation: string;
  readonly ref: MediaRef;
  readonly url: string;
  readonly fetch: FetchLike;
  readonly signal: AbortSignal;
  readonly onProgress: (progress: MediaProgress) => void;
  /** Promises the announced size to the budget (or refuses); returns what to release. */
  readonly reserve: (total: number | undefined) => Promise<() => void>;
  /** Stores the checked body; rejects (storing nothing) when the stream fails. */
  readonly write: (body: ReadableStream<Uint8Array>, contentType: string) => Promise<void>;
}

/** `stored`, or `expired` when storage refused the URL (403): get a fresh one and retry. */
export type DownloadOutcome = { readonly kind: 'stored' } | { readonly kind: 'expired' };

const EXPECTED_TYPE: Readonly<Record<MediaRef['kind'], string>> = {
  avatar: 'image/',
  illustration: 'image/',
  audio: 'audio/',
};

/** Downloads `job.url` into the cache (see the module comment). */
export async function download(job: DownloadJob): Promise<DownloadOutcome> {
  const { operation, ref, signal } = job;
  const url = withoutQuery(job.url);
  let response: Response;
  try {
    response = await job.fetch(job.url, {
      method: 'GET',
      signal,
      credentials: 'omit',
      referrerPolicy: 'no-referrer',
    });
  } catch (error) {
    throwIfAborted(signal);
    throw new NetworkError({ operation, method: 'GET', url }, { cause: error });
  }
  if (response.status === 403) {
    discard(response);
    return { kind: 'expired' };
  }
  if (response.status !== 200) {
    discard(response);
    throw new MediaError({
      operation,
      code: response.status === 404 ? 'NOT_AVAILABLE' : 'HTTP_STATUS',
      ref,
      status: response.status,
      url,
      message: `storage answered ${response.status}`,
    });
  }
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
  if (!contentType.toLowerCase().startsWith(EXPECTED_TYPE[ref.kind])) {
    discard(response);
    throw new MediaError({
      operation,
      code: 'CONTENT_TYPE',
      ref,
      url,
      message: `expected ${EXPECTED_TYPE[ref.kind]}*, got "${contentType || 'no content type'}"`,
    });
  }
  const total = contentLength(response.headers);
  const release = await job.reserve(total).catch(async (error: unknown) => {
    discard(response);
    throw error;
  });
  try {
    await job.write(checked(job, response.body, total, url), contentType);
    return { kind: 'stored' };
  } catch (error) {
    throwIfAborted(signal);
    throw error;
  } finally {
    release();
  }
}

/** Lets go of a body we will not read (without waiting: some runtimes settle it late). */
function discard(response: Response): void {
  response.body?.cancel().catch(() => {});
}

function contentLength(headers: Headers): number | undefined {
  const value = headers.get('content-length');
  if (value === null || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value);
}

function truncated(job: DownloadJob, url: string, message: string, cause?: unknown): MediaError {
  return new MediaError(
    { operation: job.operation, code: 'TRUNCATED', ref: job.ref, url, message },
    { cause },
  );
}

/**
 * The body, counted: reports progress, and fails with `TRUNCATED` when the source breaks off
 * or its length is not the announced one (errors of the store pass through untouched). Its
 * chunks are the response's, which nothing else holds: the store may keep them uncopied.
 */
function checked(
  job: DownloadJob,
  body: ReadableStream<Uint8Array> | null,
  total: number | undefined,
  url: string,
): ReadableStream<Uint8Array> {
  const reader = body?.getReader();
  let loaded = 0;
  const stream = new ReadableStream<Uint8Array>({
    start() {
      job.onProgress({ loaded, total });
    },
    async pull(controller) {
      let chunk: ReadableStreamReadResult<Uint8Array> = { done: true, value: undefined };
      try {
        if (reader) chunk = await reader.read();
      } catch (error) {
        controller.error(
          job.signal.aborted
            ? job.signal.reason
            : truncated(job, url, 'the connection broke off during the download', error),
        );
        return;
      }
      if (chunk.done) {
        if (total !== undefined && loaded < total) {
          controller.error(truncated(job, url, `received ${loaded} of ${total} bytes`));
        } else controller.close();
        return;
      }
      loaded += chunk.value.byteLength;
      if (total !== undefined && loaded > total) {
        controller.error(truncated(job, url, `received more than the ${total} bytes announced`));
        await reader?.cancel().catch(() => {});
        return;
      }
      controller.enqueue(chunk.value);
      job.onProgress({ loaded, total });
    },
    async cancel(reason) {
      await reader?.cancel(reason).catch(() => {});
    },
  });
  return handOver(stream);
}
