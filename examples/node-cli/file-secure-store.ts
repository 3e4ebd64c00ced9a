/**
 * A `SecureStore` for a command-line tool: one JSON file readable only by its owner (mode
 * 0600), written atomically. On a desktop, prefer the OS keychain (keytar and the like); the
 * interface is the same three methods.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { SecureStore } from '@infinitestories/sdk';

/** A {@link SecureStore} kept in the file at `path`. */
export function fileSecureStore(path: string): SecureStore {
  const read = async (): Promise<Record<string, string>> => {
    try {
      return JSON.parse(await readFile(path, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  const write = async (values: Record<string, string>): Promise<void> => {
    const temporary = `${path}.tmp`;
    await writeFile(temporary, JSON.stringify(values), { mode: 0o600 });
    await rename(temporary, path);
  };
  return {
    get: async (key) => (await read())[key] ?? null,
    set: async (key, value) => write({ ...(await read()), [key]: value }),
    delete: async (key) => {
      const { [key]: _removed, ...rest } = await read();
      await write(rest);
    },
  };
}
