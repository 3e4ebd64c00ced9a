function hex(bytes: ArrayBuffer | Uint8Array): string {
  return [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function digest(salt: string, password: string): Promise<string> {
  const data = new TextEncoder().encode(`${salt}:${password}`);
  return hex(await crypto.subtle.digest('SHA-256', data));
}

/**
 * A quick salted SHA-256 password hash for tests that sign up many users. Only the cost
 * differs from better-auth's scrypt (~0.5 s per hash): wrong passwords are still rejected.
 */
export const fastPasswordHashing = {
  async hash(password: string): Promise<string> {
    const salt = hex(crypto.getRandomValues(new Uint8Array(16)));
    return `fast$${salt}$${await digest(salt, password)}`;
  },
  async verify({ hash, password }: { hash: string; password: string }): Promise<boolean> {
    const [scheme, salt, expected] = hash.split('$');
    if (scheme !== 'fast' || salt === undefined) return false;
    return (await digest(salt, password)) === expected;
  },
};
