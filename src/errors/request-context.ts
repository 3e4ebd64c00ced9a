/** Where a request went: shared by every HTTP-level error. */
export interface RequestContext {
  /** The SDK operation, e.g. `heroes.create`. */
  readonly operation: string;
  /** HTTP method. */
  readonly method: string;
  /** The full request URL (never carries credentials). */
  readonly url: string;
}
