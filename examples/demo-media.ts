/**
 * The demo's media step: a story's audio and illustrations are generated on the server,
 * downloaded with progress and pinned for offline listening, then played in airplane mode
 * straight from the media cache.
 */
import type { InfiniteStoriesClient } from '../src/index.js';
import type { ManualConnectivity } from '../src/testing/index.js';

/** Runs the media step on `client` for `storyId`, writing what happens with `say`. */
export async function playStoryMedia(
  client: InfiniteStoriesClient,
  network: ManualConnectivity,
  storyId: string,
  say: (line: string) => void,
): Promise<void> {
  await client.stories.generateAudio(storyId);
  await client.stories.generateIllustrations(storyId, { pollIntervalMs: 10 });
  const refs = client.stories.mediaRefs(storyId);
  say(`   the story has ${refs.length} media items (audio + illustrations), keyed by identity`);

  let lastPercent = -1;
  const onProgress = ({ loaded, total }: { loaded: number; total: number | undefined }) => {
    const percent = total ? Math.floor((loaded / total) * 100) : 0;
    if (percent % 50 === 0 && percent !== lastPercent) {
      lastPercent = percent;
      say(`   downloading… ${loaded}/${total ?? '?'} bytes`);
    }
  };
  const audio = client.stories.audioRef(storyId);
  if (audio) await client.media.pin(audio, { onProgress });
  const pinned = await client.media.pinStory(storyId);
  const stats = await client.media.stats();
  say(
    `   pinned for offline listening: ${pinned.ok.length} items, ${stats.pinnedBytes} bytes (${pinned.failed.length} failed)`,
  );

  network.goOffline();
  let played = 0;
  for (const ref of refs) {
    const content = await client.media.get(ref);
    const bytes = await content.bytes();
    if (content.fromCache && bytes.byteLength === content.size) played++;
    say(`   offline: ${ref.kind} ${content.contentType}, ${bytes.byteLength} bytes from the cache`);
  }
  network.goOnline();
  say(
    played === refs.length
      ? `   played ${played} media items offline from the cache`
      : '   SOME MEDIA DID NOT PLAY OFFLINE',
  );
  if (played !== refs.length) process.exitCode = 1;
}
