import { describe, expect, it } from 'vitest';
import { fingerprintOf, hasFingerprint } from './fingerprint.js';
import { stableJson } from './json.js';

describe('stableJson', () => {
  it('sorts object keys at every level and keeps array order', () => {
    expect(stableJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(
      '{"a":{"c":null,"d":[2,1]},"b":1}',
    );
    expect(stableJson({ a: 1, b: 2 })).toBe(stableJson({ b: 2, a: 1 }));
    expect(stableJson(undefined)).toBe('null');
  });
});

describe('fingerprintOf', () => {
  it('matches a hero create with the row the server made of it', () => {
    const create = { name: 'Luna', age: 6, traits: ['brave'], hairColor: '', createdAt: 'x' };
    const row = {
      id: 'c1',
      name: 'Luna',
      age: 6,
      traits: ['brave'],
      hairColor: null,
      eyeColor: null,
      specialAbilities: null,
      userId: 'u',
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-02T00:00:00.000Z',
    };
    expect(fingerprintOf('heroes', create)).toBe(fingerprintOf('heroes', row));
  });

  it('fills in the server defaults of a custom event', () => {
    const create = { title: 'Beach', promptSeed: 'Sea' };
    const row = {
      title: 'Beach',
      promptSeed: 'Sea',
      description: '',
      category: 'general',
      ageRange: null,
      tone: 'cheerful',
      keywords: [],
      usageCount: 3,
    };
    expect(fingerprintOf('customEvents', create)).toBe(fingerprintOf('customEvents', row));
  });

  it('tells different content apart', () => {
    const base = { name: 'Luna', age: 6, traits: ['brave'] };
    expect(fingerprintOf('heroes', base)).not.toBe(fingerprintOf('heroes', { ...base, age: 7 }));
    expect(fingerprintOf('heroes', base)).not.toBe(
      fingerprintOf('heroes', { ...base, traits: ['calm'] }),
    );
    expect(fingerprintOf('stories', { heroId: 'h1', title: 'A', content: 'x' })).not.toBe(
      fingerprintOf('stories', { heroId: 'h2', title: 'A', content: 'x' }),
    );
  });

  it('covers the collections that can be created on the device', () => {
    expect(hasFingerprint('heroes')).toBe(true);
    expect(hasFingerprint('visualProfiles')).toBe(true);
    expect(hasFingerprint('illustrations')).toBe(false);
  });
});
