/**
 * Reads a response body as UTF-8 text, stopping as soon as `signal` aborts. `Response.text()`
 * alone can outlive an abort (some fetch implementations do not tie an already-delivered body
 * to the request's signal), which would let a stalled body defeat the timeout: the read is
 * raced with the signal, and on abort the body is cancelled when it can be.
 *
 * `text()` is used rather than a reader loop: it is the platform's own fast path (one buffer,
 * one decode), measured at about half the CPU of reading chunk by chunk.
 */
export async function readBodyText(response: Response, signal: AbortSignal): Promise<string> {
  if (!response.body) return '';
  if (signal.aborted) throw signal.reason;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = (): void => {
      reject(signal.reason);
      // Unlocked only if `text()` has not started reading; otherwise the fetch's own abort ends it.
      if (response.body && !response.body.locked)
        response.body.cancel(signal.reason).catch(() => {});
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
  const text = response.text();
  text.catch(() => {}); // settled after an abort: nobody waits for it any more
  try {
    return await Promise.race([text, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}
