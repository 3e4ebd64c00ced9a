/** The network seam: the fetch the SDK sends through. */

/**
 * A `fetch`-compatible function: the global `fetch` or any implementation with its shape (a
 * proxying fetch, a native bridge, msw's interceptor in tests).
 */
export type FetchLike = (input: Request | URL | string, init?: RequestInit) => Promise<Response>;
