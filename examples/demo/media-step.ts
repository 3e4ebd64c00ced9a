/**
 * The demo's media step: the story's audio is generated on the server, downloaded once with
 * progress into the media cache, then played in airplane mode straight from the cache.
 */
import type { InfiniteStoriesClient } from '@infinitestories/sdk';
import type { ManualConnectivity } from '@infinitestories/sdk/testing';
import type { Narrator } from './narrator.js';

/** Runs the media step on `client` for `storyId`. */
export async function playStoryOffline(
  client: InfiniteStoriesClient,
  network: ManualConnectivity,
  storyId: string,
  n: Narrator,
): Promise<void> {
  await client.stories.generateAudio(storyId);
  const audio = client.stories.audioRef(storyId);
  if (!audio) {
    n.check(false, 'the story has audio');
    return;
  }
  n.say(`the server made the narration: ${audio.kind} of "${client.stories.get(storyId)?.title}"`);
  n.say('its download URL expires in 15 minutes, so the cache keys it by identity, not by URL');
  let bytes = 0;
  const track = await client.media.get(audio, {
    onProgress: ({ loaded, total }) => {
      bytes = loaded;
      n.progress('downloading', total ? loaded / total : 0, `${loaded} bytes`);
    },
  });
  n.endProgress(`downloaded ${track.size} bytes of ${track.contentType} into the media cache`);
  n.check(bytes === track.size && !track.fromCache, 'the first play downloaded it, with progress');

  network.goOffline();
  n.say('airplane mode: the tablet is offline');
  const offline = await client.media.get(audio);
  const body = await offline.bytes();
  n.check(
    offline.fromCache && body.byteLength === track.size,
    `played offline from the cache: ${body.byteLength} bytes, no network`,
  );
  network.goOnline();
}
