/**
 * Child process of the two-process SQLite test: one of two writers over one database file.
 * Writer `role` renames (role 0) or re-ages (role 1) the shared hero `h` with increasing values
 * from `start`, and creates a hero every few writes; it prints each write whose promise
 * resolved, until the parent kills it.
 */
import Database from 'better-sqlite3';
import { sqliteStorage } from '../../src/storage-adapters/sqlite-storage.js';
import { openLocalStore } from '../../src/store/local-store.js';

const [file, role, start] = process.argv.slice(2);
const store = await openLocalStore({
  storage: sqliteStorage(new Database(file as string)),
  userId: 'shared',
});
process.stdout.write('ready\n');
for (let i = Number(start); ; i++) {
  const patch = role === '0' ? { name: `n${i}` } : { age: i };
  await store.update('heroes', 'h', patch);
  process.stdout.write(`done ${i}\n`);
  if (i % 5 === 0) {
    const hero = await store.create('heroes', { name: `r${role}-${i}`, age: 1, traits: ['x'] });
    process.stdout.write(`created ${hero.id}\n`);
  }
}
