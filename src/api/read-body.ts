/**
 * Reads a response body as UTF-8 text, stopping as soon as `signal` aborts. `Response.text()`
 * alone can outlive an abort (some fetch implementations do not tie an already-delivered body
 * to the request's signal), which would let a stalled body defeat the timeout.
 */
export async function readBodyText(response: Response, signal: AbortSignal): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const onAbort = (): void => {
    reader.cancel(signal.reason).catch(() => {});
  };
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      if (signal.aborted) throw signal.reason;
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    if (signal.aborted) throw signal.reason;
    return text + decoder.decode();
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
