/// <reference types="vite/client" />
/**
 * A web app on the SDK, built with Vite: the parent's heroes, stored in IndexedDB, with the
 * session token in the IndexedDB secure store (encrypted under a non-extractable WebCrypto key),
 * so a reload keeps both the session and every change not yet synced. Adding a hero works
 * offline; it syncs when the browser is back online.
 *
 * Run it against the fake backend (see examples/README.md), from this repository:
 *   npm run fake-backend -- --user parent@example.com:correct-horse-battery \
 *     --allow-origin http://localhost:5173
 *   npx vite examples/browser      (then open http://localhost:5173 and sign in)
 */
import { browserConnectivity, createClient, type HeroRecord } from '@infinitestories/sdk';
import { indexedDBSecureStore, indexedDBStorage } from '@infinitestories/sdk/indexeddb';

const client = createClient({
  // The backend's URL; its origin must trust this page's origin (`--allow-origin`).
  baseUrl: import.meta.env.VITE_API_URL ?? 'http://127.0.0.1:8787',
  storage: indexedDBStorage({ dbName: 'bedtime-heroes', secureStore: false }),
  secureStore: indexedDBSecureStore({ dbName: 'bedtime-heroes-secure' }),
  connectivity: browserConnectivity(window, navigator),
});

const element = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
const signInForm = element<HTMLFormElement>('sign-in');
const shelf = element<HTMLElement>('shelf');
const heroList = element<HTMLUListElement>('heroes');

/** "online · 1 waiting to sync": the live line every offline-first screen should have. */
function showStatus(): void {
  const { online, pendingCount, phase, lastSyncedAt } = client.sync.getSnapshot();
  const status = element('status');
  status.textContent = `${online ? 'online' : 'offline'} · ${pendingCount} waiting to sync`;
  status.dataset.phase = phase; // 'idle' | 'pushing' | 'pulling' | 'paused' | 'error'
  status.dataset.synced = lastSyncedAt === null ? 'never' : 'yes';
}
client.sync.subscribe(showStatus);

function showHeroes(heroes: readonly HeroRecord[]): void {
  heroList.replaceChildren(
    ...heroes.map((hero) => {
      const item = document.createElement('li');
      item.textContent = `${hero.name} ${hero.syncStatus === 'synced' ? '✓' : `(${hero.syncStatus})`}`;
      return item;
    }),
  );
}

let shownUser: string | null = null;
let stopHeroes: (() => void) | undefined;

/** Shows the sign-in form or the signed-in parent's heroes (a live query over IndexedDB). */
function showSession(): void {
  const { status, user } = client.auth.getSnapshot();
  const userId = status === 'signed-out' ? null : (user?.id ?? null);
  signInForm.hidden = userId !== null;
  shelf.hidden = userId === null;
  if (userId === shownUser) return;
  shownUser = userId;
  stopHeroes?.();
  stopHeroes = undefined;
  if (userId === null) return;
  element('who').textContent = `Signed in as ${user?.email ?? ''}`;
  const heroes = client.heroes.observe({ orderBy: 'name' });
  stopHeroes = heroes.subscribe(() => showHeroes(heroes.getSnapshot()));
  showHeroes(heroes.getSnapshot());
}

signInForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(signInForm);
  try {
    await client.auth.signIn({
      email: String(form.get('email')),
      password: String(form.get('password')),
    });
    showSession(); // the repositories are the new user's once signIn has resolved
  } catch (error) {
    element('sign-in-error').textContent = error instanceof Error ? error.message : String(error);
  }
});

element<HTMLFormElement>('add-hero').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = event.currentTarget as HTMLFormElement;
  const name = String(new FormData(form).get('name')).trim();
  // Saved in IndexedDB and queued at once, online or not; sync sends it when it can.
  await client.heroes.create({ name, age: 7, traits: ['brave'] });
  form.reset();
});

// Signed out elsewhere, or the session ended: back to the form.
client.auth.subscribe(() => {
  if (client.auth.getSnapshot().status === 'signed-out') showSession();
});
// Storage open and any saved session restored: show what there is.
await client.ready;
showSession();
showStatus();
