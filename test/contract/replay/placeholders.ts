/**
 * The recording shows credentials in requests as labels (`Bearer <alice sign-in token (raw, from
 * JSON body)>`). Each label names the exchange that issued the credential and which part of its
 * response was sent: `<user> <session> token (raw…)` is the `token` of that sign-in/sign-up's
 * JSON body, `… set-auth-token …` its `set-auth-token` header as received (URL-encoded), and
 * `…, URL-decoded` that header decoded. The replay resolves them from the fake's responses.
 */

/** Where a labelled credential comes from. */
export interface CredentialSource {
  /** Number of the exchange that issued it. */
  file: string;
  part: 'body token' | 'set-auth-token' | 'set-auth-token, URL-decoded';
}

/**
 * Every label used by the recording. alice signs in at 007 ("sign-in"), again at 023 (her 2nd
 * session, the one signed out) and 036 (her 3rd, aged and expired); bob, carol and dave only
 * sign up (042, 174, 182). The replay cross-checks this table: each `get-session` answer must
 * show the session of the credential it was asked about.
 */
export const CREDENTIAL_SOURCES: Readonly<Record<string, CredentialSource>> = {
  '<alice sign-in token (raw, from JSON body)>': { file: '007', part: 'body token' },
  '<alice sign-in set-auth-token header value (as sent, URL-encoded)>': {
    file: '007',
    part: 'set-auth-token',
  },
  '<alice sign-in set-auth-token header value, URL-decoded>': {
    file: '007',
    part: 'set-auth-token, URL-decoded',
  },
  '<alice 2nd-session token (raw)>': { file: '023', part: 'body token' },
  '<alice 2nd-session set-auth-token>': { file: '023', part: 'set-auth-token' },
  '<alice 3rd-session token (raw)>': { file: '036', part: 'body token' },
  '<bob sign-up token (raw)>': { file: '042', part: 'body token' },
  '<carol sign-up token (raw)>': { file: '174', part: 'body token' },
  '<dave sign-up token (raw)>': { file: '182', part: 'body token' },
};

/** `<garbage token>`: a bearer value no session has. */
export const GARBAGE_TOKEN = 'garbage-not-a-session-token-1234567890';

const LABEL = /<[^<>]+>/g;

/** Collects the fake's credentials as the replay goes and fills labelled request headers. */
export class Credentials {
  private readonly values = new Map<string, string>();

  /** Remembers the credentials issued by exchange `file` (its JSON body and headers). */
  learn(file: string, body: unknown, headers: Headers): void {
    for (const [label, source] of Object.entries(CREDENTIAL_SOURCES)) {
      if (source.file !== file) continue;
      const header = headers.get('set-auth-token');
      const token =
        body !== null && typeof body === 'object' && 'token' in body ? body.token : undefined;
      const value =
        source.part === 'body token'
          ? typeof token === 'string'
            ? token
            : undefined
          : source.part === 'set-auth-token'
            ? (header ?? undefined)
            : header === null
              ? undefined
              : decodeURIComponent(header);
      if (value !== undefined) this.values.set(label, value);
    }
  }

  /** The credential behind a label, if the fake issued it. */
  get(label: string): string | undefined {
    return this.values.get(label);
  }

  /**
   * Replaces every label in a header value. Returns the value and the labels that could not be
   * resolved (unknown to the table, or never issued by the fake).
   */
  fill(value: string): { value: string; unresolved: string[] } {
    const unresolved: string[] = [];
    const filled = value.replace(LABEL, (label) => {
      if (label === '<garbage token>') return GARBAGE_TOKEN;
      const found = this.values.get(label);
      if (found === undefined) {
        unresolved.push(label);
        return label;
      }
      return found;
    });
    return { value: filled, unresolved };
  }
}
