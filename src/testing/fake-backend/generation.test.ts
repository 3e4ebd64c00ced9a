import { describe, expect, it } from 'vitest';
import {
  estimateAudioDurationSeconds,
  extractKeywords,
  fakeMp3Bytes,
  fakePngBytes,
  generateStory,
  generateStoryTitle,
  hashString,
} from './generation.js';

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function readU32(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at]! << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!) >>> 0
  );
}

describe('generateStory', () => {
  const prompt = { heroName: 'Luna', heroAge: 6, heroTraits: ['brave'], language: 'en' };

  it('writes 2–4 scene paragraphs with increasing narration timestamps', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 30; i++) {
      const story = generateStory({ ...prompt, customPrompt: `prompt number ${i}` });
      const paragraphs = story.content.split('\n\n');
      expect(paragraphs.length).toBe(story.scenes.length);
      expect(story.scenes.length).toBeGreaterThanOrEqual(2);
      expect(story.scenes.length).toBeLessThanOrEqual(4);
      seen.add(story.scenes.length);
      expect(story.scenes[0]?.audioTimestamp).toBe(0);
      for (let s = 1; s < story.scenes.length; s++) {
        const previous = story.scenes[s - 1]!;
        expect(story.scenes[s]?.audioTimestamp).toBe(
          previous.audioTimestamp + previous.estimatedDuration,
        );
      }
      expect(story.content).toContain('Luna');
      expect(story.content.length).toBeLessThan(4096);
    }
    expect([...seen].sort()).toEqual([2, 3, 4]);
  });

  it('is a pure function of its prompt', () => {
    expect(generateStory(prompt)).toEqual(generateStory(prompt));
    expect(generateStory(prompt).content).not.toBe(
      generateStory({ ...prompt, eventType: 'Rainy Day' }).content,
    );
    expect(generateStory({ ...prompt, heroTraits: [], language: 'fr' }).content).toContain(
      'courageux',
    );
  });

  it('titles from the custom prompt, the event or a default, per language', () => {
    expect(generateStoryTitle({ ...prompt, eventType: 'Bedtime Adventure' })).toBe(
      "Luna's Bedtime Adventure",
    );
    expect(generateStoryTitle({ ...prompt, language: 'fr', eventType: 'Anniversaire' })).toBe(
      'Anniversaire de Luna',
    );
    expect(generateStoryTitle(prompt)).toBe("Luna's Magical Night");
    expect(generateStoryTitle({ ...prompt, language: 'fr' })).toBe('La nuit magique de Luna');
    expect(
      generateStoryTitle({ ...prompt, customPrompt: 'a trip to the moon and back again!' }),
    ).toBe('Luna and a trip to the moon');
  });
});

describe('helpers', () => {
  it('estimates narration like the backend', () => {
    expect(estimateAudioDurationSeconds('a'.repeat(1300))).toBe(120);
    expect(estimateAudioDurationSeconds('')).toBe(0);
    expect(estimateAudioDurationSeconds('abc')).toBe(1);
  });

  it('hashes deterministically', () => {
    expect(hashString('abc')).toBe(hashString('abc'));
    expect(hashString('abc')).not.toBe(hashString('abd'));
  });

  it('extracts keywords without stop words or duplicates', () => {
    expect(extractKeywords('The cat and the cat sat on a mat', 2)).toEqual(['cat', 'sat']);
  });
});

describe('fakePngBytes', () => {
  it('is a valid PNG whose chunks carry correct CRCs and that differs per seed', () => {
    const png = fakePngBytes('hero-1');
    expect([...png.slice(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const types: string[] = [];
    let at = 8;
    while (at < png.length) {
      const length = readU32(png, at);
      const typeAndData = png.slice(at + 4, at + 8 + length);
      types.push(String.fromCharCode(...typeAndData.slice(0, 4)));
      expect(readU32(png, at + 8 + length)).toBe(crc32(typeAndData));
      at += 12 + length;
    }
    expect(types).toEqual(['IHDR', 'tEXt', 'IDAT', 'IEND']);
    expect(readU32(png, 16)).toBe(16); // width
    expect(fakePngBytes('hero-1')).toEqual(png);
    expect(fakePngBytes('hero-2')).not.toEqual(png);
  });
});

describe('fakeMp3Bytes', () => {
  it('starts with an ID3 tag, then MPEG frames, about 1 KB per second', () => {
    const mp3 = fakeMp3Bytes('story-1', 10);
    expect(String.fromCharCode(...mp3.slice(0, 3))).toBe('ID3');
    const tagSize = ((mp3[6]! << 21) | (mp3[7]! << 14) | (mp3[8]! << 7) | mp3[9]!) + 10;
    expect([...mp3.slice(tagSize, tagSize + 2)]).toEqual([0xff, 0xf3]);
    const audioBytes = mp3.length - tagSize;
    expect(audioBytes % 36).toBe(0);
    expect(audioBytes).toBeGreaterThanOrEqual(10_000);
    expect(audioBytes).toBeLessThan(10_100);
    expect(fakeMp3Bytes('story-1', 10)).toEqual(mp3);
    expect(fakeMp3Bytes('story-2', 10)).not.toEqual(mp3);
    expect(fakeMp3Bytes('x', 0).length).toBeGreaterThan(36);
  });
});
