/**
 * A React screen on `@infinitestories/sdk/react`: the family's heroes with their sync state, a
 * line of live sync status, a button that adds a hero (instant, offline too), and a prompt when
 * a story was edited on two devices. Mount it under `<InfiniteStoriesProvider client={client}>`.
 */
import {
  useAuth,
  useClient,
  useConflicts,
  useQuery,
  useSyncStatus,
} from '@infinitestories/sdk/react';
import { useState } from 'react';

/** The heroes of the signed-in parent, newest writes visible at once. */
export function HeroShelf() {
  const { status, user } = useAuth();
  const heroes = useQuery('heroes', { orderBy: 'name' });
  const sync = useSyncStatus();
  const [conflict] = useConflicts();
  const client = useClient();
  const [name, setName] = useState('');

  if (status !== 'signed-in') return <p>Please sign in.</p>;
  const add = async () => {
    if (name.trim() === '') return;
    await client.heroes.create({ name: name.trim(), age: 7, traits: ['brave'] });
    setName('');
  };
  return (
    <section>
      <h1>{user?.name}'s heroes</h1>
      <p role="status">
        {sync.online ? 'online' : 'offline'} · {sync.pendingCount} waiting to sync
      </p>
      <ul>
        {heroes.map((hero) => (
          <li key={hero.id}>
            {hero.name} {hero.syncStatus === 'synced' ? '✓' : '(not synced yet)'}
          </li>
        ))}
      </ul>
      <label>
        New hero <input value={name} onChange={(event) => setName(event.target.value)} />
      </label>
      <button type="button" onClick={add}>
        Add
      </button>
      {conflict && (
        <div role="alert">
          This story was changed on another device.
          <button type="button" onClick={() => client.conflicts.resolve(conflict.id, 'keep-local')}>
            Keep mine
          </button>
          <button
            type="button"
            onClick={() => client.conflicts.resolve(conflict.id, 'keep-remote')}
          >
            Keep theirs
          </button>
        </div>
      )}
    </section>
  );
}
