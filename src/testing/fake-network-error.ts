/**
 * What the fake backend's `fetch` rejects with for an injected network failure: a `TypeError`,
 * like the one `fetch` itself throws when a connection fails, so code that treats
 * `TypeError` as "network error" handles it the same way.
 */
export class FakeNetworkError extends TypeError {
  override readonly name = 'FakeNetworkError';

  constructor(message = 'fetch failed (fake backend: injected network error)') {
    super(message);
  }
}

/** Whether `error` is a {@link FakeNetworkError}, also across duplicate copies of the package. */
export function isFakeNetworkError(error: unknown): error is FakeNetworkError {
  return (
    error instanceof FakeNetworkError ||
    (error instanceof Error && error.name === 'FakeNetworkError')
  );
}
