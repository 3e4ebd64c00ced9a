/**
 * The app's root: opens the client once, provides it to the `/react` hooks, and shows the
 * heroes with their sync state, a live status line and a button that adds a hero (offline too).
 */
import {
  InfiniteStoriesProvider,
  useAuth,
  useClient,
  useQuery,
  useSyncStatus,
} from '@infinitestories/sdk/react';
import { useEffect, useState } from 'react';
import { Button, FlatList, SafeAreaView, Text } from 'react-native';
import { type AppClient, openAppClient } from './client';

function HeroScreen() {
  const client = useClient();
  const { status } = useAuth();
  const heroes = useQuery('heroes', { orderBy: 'name' });
  const sync = useSyncStatus();
  if (status !== 'signed-in') return <Text>Please sign in.</Text>;
  return (
    <SafeAreaView>
      <Text accessibilityRole="summary">
        {sync.online ? 'online' : 'offline'} · {sync.pendingCount} waiting to sync
      </Text>
      <FlatList
        data={heroes}
        keyExtractor={(hero) => hero.id}
        renderItem={({ item }) => (
          <Text>
            {item.name} {item.syncStatus === 'synced' ? '✓' : '(not synced yet)'}
          </Text>
        )}
      />
      <Button
        title="Add Luna"
        onPress={() => void client.heroes.create({ name: 'Luna', age: 7, traits: ['brave'] })}
      />
    </SafeAreaView>
  );
}

export default function App() {
  const [app, setApp] = useState<AppClient | null>(null);
  useEffect(() => {
    let opened: AppClient | undefined;
    let cancelled = false;
    void openAppClient().then((result) => {
      opened = result;
      if (cancelled) void result.close();
      else setApp(result);
    });
    return () => {
      cancelled = true;
      void opened?.close();
    };
  }, []);
  if (!app) return <Text>Opening…</Text>;
  return (
    <InfiniteStoriesProvider client={app.client}>
      <HeroScreen />
    </InfiniteStoriesProvider>
  );
}
