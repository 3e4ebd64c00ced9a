/**
 * W1 as the many-clients benches run it: awaited creates of one small hero on several stores
 * at once, interleaved in chunks, so machine load affects every store alike.
 */
import { now } from './stats.js';
import { collectYoungGarbage } from './timing.js';

/** One store under test and the time its creates took so far (ms). */
export interface TimedSide {
  readonly store: {
    create(
      collection: 'heroes',
      data: { name: string; age: number; traits: string[] },
    ): Promise<unknown>;
  };
  wall: number;
  cpu: number;
}

/**
 * `creates` awaited creates on every side, in chunks of `chunk` (the side that goes first
 * rotates every chunk), adding to each side the wall clock and this process's CPU time
 * (user + system) its chunks took. A young-generation collection (not timed) before each
 * chunk: a side's chunk does not pay for the garbage of the chunk before it, another side's.
 */
export async function createInterleaved(
  sides: readonly TimedSide[],
  creates: number,
  chunk: number,
): Promise<void> {
  for (let start = 0, turn = 0; start < creates; start += chunk, turn++) {
    for (let k = 0; k < sides.length; k++) {
      const side = sides[(turn + k) % sides.length] as TimedSide;
      collectYoungGarbage(); // each chunk collects its own garbage, not the previous one's
      const wall = now();
      const cpu = process.cpuUsage();
      for (let i = start; i < Math.min(creates, start + chunk); i++) {
        await side.store.create('heroes', { name: `Hero ${i}`, age: 5, traits: ['brave'] });
      }
      const used = process.cpuUsage(cpu);
      side.cpu += (used.user + used.system) / 1000;
      side.wall += now() - wall;
    }
  }
}
