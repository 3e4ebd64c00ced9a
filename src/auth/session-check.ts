// The vocabulary of a session check (see session-core.ts).

/** What a session check concluded. `stale`: the session changed meanwhile (e.g. a new sign-in). */
export type CheckOutcome = 'alive' | 'dead' | 'stale';

/** Why a check ran (for logs). */
export type CheckReason =
  | 'restore'
  | 'keep-alive'
  | 'unauthorized'
  | 'get-session'
  | 'delete-account';
