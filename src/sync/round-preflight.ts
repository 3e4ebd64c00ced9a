/**
 * What the engine settles before a round touches the network: a session restored at start is
 * checked first (a session that died while the app was closed is never sent), and answers the
 * server gave that storage failed to save are saved (see `unsaved-acks.ts`).
 */
import { AuthError } from '../errors/index.js';
import type { Pusher } from './pusher.js';
import type { AuthStatusSource } from './sync-options.js';

/** Waits for the session check, then saves unsaved acknowledgements. */
export async function beforeRound(
  auth: AuthStatusSource | null | undefined,
  pusher: Pusher,
): Promise<void> {
  if (auth?.sessionChecked) {
    await auth.sessionChecked();
    if (!auth.isSignedIn()) {
      throw new AuthError({
        operation: 'sync',
        code: 'NOT_SIGNED_IN',
        message: 'the saved session is no longer valid; sign in again',
      });
    }
  }
  // Saving failed again: the push retries and reports it.
  await pusher.saveUnsavedAcks().catch(() => undefined);
}
