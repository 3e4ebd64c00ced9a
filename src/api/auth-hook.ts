/**
 * The seam between the API client and whoever owns the session (the AuthManager). The client
 * never stores tokens: it asks for the Authorization value at send time and reports 401s.
 */
export interface AuthHook {
  /**
   * The full `Authorization` header value to send (e.g. `Bearer abc.def%3D`), or `null` when
   * signed out. Called once per attempt, right before the request is sent.
   */
  getAuthorization(): string | null | Promise<string | null>;
  /**
   * Called when an authenticated call got 401. Resolve `'retry'` when the session was checked
   * and is alive (the client re-sends the request once, with a fresh header), or `'fail'` when
   * the session is gone (the client throws `AuthError` with code `SESSION_EXPIRED`).
   * Implementations must be single-flight: many concurrent 401s, one session check.
   *
   * `repeated` is true when the request was already re-sent after a `'retry'` answer and got
   * 401 again: the implementation must then really check the session (not reuse a recent
   * "alive" answer) so that a dead session is noticed. The request is not sent a third time.
   */
  onUnauthorized(context: {
    operation: string;
    url: string;
    repeated?: boolean;
  }): Promise<'retry' | 'fail'>;
}
