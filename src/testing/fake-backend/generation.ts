/**
 * The fake backend's deterministic stand-in for OpenAI: story text with scenes, titles, keywords,
 * audio bytes and PNG bytes. Everything is a pure function of its inputs, so the same request
 * always produces the same output and tests can assert on it.
 */

/** FNV-1a 32-bit hash of a string: the seed of every choice made here. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

function pick<T>(items: readonly T[], seed: number, salt: number): T {
  const index = hashString(`${seed}:${salt}`) % items.length;
  return items[index] as T;
}

/**
 * The backend's audio length estimate in seconds: `ceil(chars / 5 / 130 * 60)` (five characters
 * per word, 130 words per minute).
 */
export function estimateAudioDurationSeconds(text: string): number {
  return Math.ceil((text.length / 5 / 130) * 60);
}

/** What the story route knows when it asks for a story. */
export interface StoryPrompt {
  heroName: string;
  heroAge: number;
  heroTraits: readonly string[];
  eventType?: string | undefined;
  customPrompt?: string | undefined;
  language: string;
}

/** One extracted scene, as the real `extractScenesFromStory` returns it. */
export interface GeneratedScene {
  sceneDescription: string;
  /** Seconds from the start of the narration. */
  audioTimestamp: number;
  /** Seconds this scene lasts. */
  estimatedDuration: number;
}

/** A generated story: title, text made of 2–4 scene paragraphs, and those scenes. */
export interface GeneratedStory {
  title: string;
  content: string;
  scenes: GeneratedScene[];
}

const EN_PLACES = [
  'a forest of glowing mushrooms',
  'a quiet harbour full of sleepy boats',
  'a cloud castle above the hills',
  'a library where the books whispered',
  'a garden that bloomed only at night',
  'a snowy valley under a silver moon',
] as const;
const EN_FRIENDS = [
  'a shy owl called Pip',
  'a talkative fox',
  'a tiny dragon with hiccups',
  'a lighthouse keeper named Ada',
  'a lost star',
  'a friendly bear cub',
] as const;
const FR_PLACES = [
  'une forêt de champignons lumineux',
  'un port tranquille plein de bateaux endormis',
  'un château de nuages au-dessus des collines',
  'une bibliothèque où les livres chuchotaient',
  'un jardin qui ne fleurissait que la nuit',
  'une vallée enneigée sous une lune argentée',
] as const;
const FR_FRIENDS = [
  'une chouette timide appelée Pip',
  'un renard bavard',
  'un petit dragon qui avait le hoquet',
  'une gardienne de phare nommée Ada',
  'une étoile perdue',
  'un gentil ourson',
] as const;

function firstWords(text: string, count: number): string {
  return text
    .trim()
    .split(/\s+/)
    .slice(0, count)
    .join(' ')
    .replace(/[.!?,;:]+$/, '');
}

function capitalize(text: string): string {
  return text.length === 0 ? text : `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
}

/** A deterministic story title in the story's language (French for `fr`, English otherwise). */
export function generateStoryTitle(prompt: StoryPrompt): string {
  const fr = prompt.language === 'fr';
  if (prompt.customPrompt && prompt.customPrompt.trim().length > 0) {
    const theme = firstWords(prompt.customPrompt, 5);
    return fr ? `${prompt.heroName} et ${theme}` : `${prompt.heroName} and ${theme}`;
  }
  if (prompt.eventType && prompt.eventType.trim().length > 0) {
    return fr
      ? `${prompt.eventType} de ${prompt.heroName}`
      : `${prompt.heroName}'s ${prompt.eventType}`;
  }
  return fr ? `La nuit magique de ${prompt.heroName}` : `${prompt.heroName}'s Magical Night`;
}

function sceneParagraphs(prompt: StoryPrompt, seed: number, count: number): string[] {
  const fr = prompt.language === 'fr';
  const trait = prompt.heroTraits[0] ?? (fr ? 'courageux' : 'brave');
  const theme =
    prompt.customPrompt && prompt.customPrompt.trim().length > 0
      ? prompt.customPrompt.trim()
      : (prompt.eventType ?? (fr ? 'une aventure du soir' : 'an evening adventure'));
  const place = pick(fr ? FR_PLACES : EN_PLACES, seed, 1);
  const friend = pick(fr ? FR_FRIENDS : EN_FRIENDS, seed, 2);
  const name = prompt.heroName;
  const all = fr
    ? [
        `Il était une fois ${name}, un enfant ${trait} de ${prompt.heroAge} ans. Ce soir-là, tout commença par ${theme}. ${name} ferma les yeux et se retrouva dans ${place}.`,
        `Dans ${place}, ${name} rencontra ${friend}. Ensemble, ils suivirent un sentier de petites lumières qui dansaient entre les arbres.`,
        `Le chemin devint difficile, mais ${name} resta ${trait} et trouva une idée pour aider son nouvel ami. Ils rirent tellement que la lune elle-même sourit.`,
        `Enfin, ${name} rentra à la maison, le cœur plein de joie. Blotti sous sa couverture, ${name} murmura bonne nuit à ${friend} et s'endormit doucement.`,
      ]
    : [
        `Once upon a time there was a ${trait} child called ${name}, who was ${prompt.heroAge} years old. That evening everything began with ${theme}. ${name} closed their eyes and found themselves in ${place}.`,
        `In ${place}, ${name} met ${friend}. Together they followed a trail of tiny lights that danced between the trees.`,
        `The path grew tricky, but ${name} stayed ${trait} and found a clever way to help their new friend. They laughed so much that even the moon smiled.`,
        `At last ${name} went home with a heart full of joy. Snuggled under the blanket, ${name} whispered good night to ${friend} and drifted gently off to sleep.`,
      ];
  if (count >= all.length) return all;
  // Keep the opening and the ending; drop middle paragraphs.
  return [...all.slice(0, count - 1), all[all.length - 1] as string];
}

/**
 * Generates a story deterministically from the prompt: a title, 2–4 paragraphs (one per scene,
 * separated by blank lines) and the scenes with narration timestamps.
 */
export function generateStory(prompt: StoryPrompt): GeneratedStory {
  const seed = hashString(
    [prompt.heroName, prompt.heroAge, prompt.heroTraits.join(','), prompt.eventType ?? '']
      .concat([prompt.customPrompt ?? '', prompt.language])
      .join('|'),
  );
  const sceneCount = 2 + (seed % 3);
  const paragraphs = sceneParagraphs(prompt, seed, sceneCount);
  const scenes: GeneratedScene[] = [];
  let timestamp = 0;
  for (const paragraph of paragraphs) {
    const duration = estimateAudioDurationSeconds(paragraph);
    scenes.push({
      sceneDescription: firstWords(paragraph, 18),
      audioTimestamp: timestamp,
      estimatedDuration: duration,
    });
    timestamp += duration;
  }
  return { title: generateStoryTitle(prompt), content: paragraphs.join('\n\n'), scenes };
}

/** The illustration prompt built for one scene (what the server writes into `imagePrompt`). */
export function illustrationPrompt(heroName: string, sceneDescription: string): string {
  return `A child-friendly cartoon illustration featuring ${heroName}. Scene: ${sceneDescription}. Style: colorful cartoon, bright cheerful colors, kid-friendly.`;
}

/** A short title (3–6 words) for a custom event description, as `/ai-assistant/generate-title`. */
export function generateEventTitle(description: string, language = 'en'): string {
  const words = firstWords(description, 5);
  const lead = language === 'fr' ? "L'histoire de" : 'The Tale of';
  return `${lead} ${capitalize(words)}`.trim();
}

const STOP_WORDS = new Set(
  'a an and the of to in on for with at by from is are was were be it its this that who which'.split(
    ' ',
  ),
);

/** Up to `max` lower-case keywords taken from the text, in order of first appearance. */
export function extractKeywords(text: string, max = 8): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (raw.length < 3 || STOP_WORDS.has(raw) || out.includes(raw)) continue;
    out.push(raw);
    if (out.length >= max) break;
  }
  return out;
}

/** The enhanced version of a prompt seed (deterministic; used by enhance routes). */
export function enhancePrompt(title: string, description: string): string {
  return `${title.trim()}: ${description.trim()} Make it gentle, imaginative and end with a calm, happy bedtime moment.`;
}

/** What one fake OpenAI call "cost", as the real routes store it on their ApiUsage rows. */
export interface GenerationUsage {
  model: string;
  tokensUsed?: number;
  /** USD. */
  estimatedCost: number;
}

/** Prompt tokens of the story route's system + user prompt (constant for the fake). */
const STORY_PROMPT_TOKENS = 600;

function usd(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

/**
 * The usage of a story generation: gpt-4o, prompt tokens plus about one token per four
 * characters of output, at $2.50 / $10 per million input / output tokens.
 */
export function storyGenerationUsage(content: string): GenerationUsage {
  const completion = Math.ceil(content.length / 4);
  return {
    model: 'gpt-4o',
    tokensUsed: STORY_PROMPT_TOKENS + completion,
    estimatedCost: usd(STORY_PROMPT_TOKENS * 2.5e-6 + completion * 1e-5),
  };
}

/** The usage of a narration: gpt-4o-mini-tts at $0.015 per thousand characters. */
export function audioGenerationUsage(text: string): GenerationUsage {
  return { model: 'gpt-4o-mini-tts', estimatedCost: usd((text.length / 1000) * 0.015) };
}

/** The usage of an illustration run: gpt-image-1 at $0.04 per generated image. */
export function illustrationGenerationUsage(images: number): GenerationUsage {
  return { model: 'gpt-image-1', estimatedCost: usd(images * 0.04) };
}

// ---------------------------------------------------------------------------------------------
// Bytes
// ---------------------------------------------------------------------------------------------

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function adler32(bytes: Uint8Array): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function asciiBytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    out[i] = code < 0x20 || code > 0x7e ? 0x3f : code;
  }
  return out;
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

function uint32be(value: number): Uint8Array {
  return new Uint8Array([
    (value >>> 24) & 0xff,
    (value >>> 16) & 0xff,
    (value >>> 8) & 0xff,
    value & 0xff,
  ]);
}

function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const typeAndData = concatBytes([asciiBytes(type), data]);
  return concatBytes([uint32be(data.length), typeAndData, uint32be(crc32(typeAndData))]);
}

/** Side of the square fake images, in pixels. */
const PNG_SIZE = 16;

/**
 * A small valid PNG (16×16 RGB, two colours derived from `seed`, stored-deflate IDAT) with the
 * seed in a `tEXt` chunk, so different seeds always give different bytes.
 */
export function fakePngBytes(seed: string): Uint8Array {
  const hash = hashString(seed);
  const other = hashString(`${seed}#2`);
  const colorA = [(hash >>> 16) & 0xff, (hash >>> 8) & 0xff, hash & 0xff];
  const colorB = [(other >>> 16) & 0xff, (other >>> 8) & 0xff, other & 0xff];
  const rowLength = 1 + PNG_SIZE * 3;
  const raw = new Uint8Array(rowLength * PNG_SIZE);
  for (let y = 0; y < PNG_SIZE; y++) {
    raw[y * rowLength] = 0; // filter: none
    for (let x = 0; x < PNG_SIZE; x++) {
      const color = x + y < PNG_SIZE ? colorA : colorB;
      raw.set(color, y * rowLength + 1 + x * 3);
    }
  }
  // zlib stream with one stored (uncompressed) deflate block; raw is < 65 536 bytes.
  const len = raw.length;
  const zlib = concatBytes([
    new Uint8Array([0x78, 0x01, 0x01, len & 0xff, len >>> 8, ~len & 0xff, (~len >>> 8) & 0xff]),
    raw,
    uint32be(adler32(raw)),
  ]);
  const header = concatBytes([
    uint32be(PNG_SIZE),
    uint32be(PNG_SIZE),
    new Uint8Array([8, 2, 0, 0, 0]), // 8-bit, truecolour, deflate, no filter set, no interlace
  ]);
  return concatBytes([
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('tEXt', concatBytes([asciiBytes('Comment'), new Uint8Array([0]), asciiBytes(seed)])),
    pngChunk('IDAT', zlib),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

/** MPEG-2 Layer III, 8 kbit/s, 16 kHz, mono: 36-byte frames of 36 ms each (about 1 KB/s). */
const MP3_FRAME_HEADER = [0xff, 0xf3, 0x18, 0xc0] as const;
const MP3_FRAME_BYTES = 36;
const MP3_FRAME_SECONDS = 576 / 16_000;

function syncsafe(size: number): number[] {
  return [(size >>> 21) & 0x7f, (size >>> 14) & 0x7f, (size >>> 7) & 0x7f, size & 0x7f];
}

/**
 * Deterministic MP3 bytes lasting `seconds`: an ID3v2.3 tag whose title is `seed`, then silent
 * MPEG-2 Layer III frames (8 kbit/s, so roughly 1 KB per second).
 */
export function fakeMp3Bytes(seed: string, seconds: number): Uint8Array {
  const title = asciiBytes(seed);
  const frameBody = concatBytes([new Uint8Array([0x00]), title]); // ISO-8859-1 text
  const id3Frame = concatBytes([
    asciiBytes('TIT2'),
    uint32be(frameBody.length),
    new Uint8Array([0, 0]),
    frameBody,
  ]);
  const tag = concatBytes([
    new Uint8Array([0x49, 0x44, 0x33, 0x03, 0x00, 0x00, ...syncsafe(id3Frame.length)]),
    id3Frame,
  ]);
  const frameCount = Math.max(1, Math.ceil(Math.max(0, seconds) / MP3_FRAME_SECONDS));
  const audio = new Uint8Array(frameCount * MP3_FRAME_BYTES);
  for (let i = 0; i < frameCount; i++) audio.set(MP3_FRAME_HEADER, i * MP3_FRAME_BYTES);
  return concatBytes([tag, audio]);
}
