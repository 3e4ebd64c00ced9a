import { describe, expect, it } from 'vitest';
import { sanitizeCause, tokenVariants } from './secrets.js';

const TOKEN = 'L6ou7Lfp6wb5D0LucJnD7GM4CFZgUF0W.TpN79WC4IY7lzYnCWaEj%2FCGAuoowGFCksyiAGGZmIFQ%3D';

describe('tokenVariants', () => {
  it('lists the stored, URL-decoded and raw forms', () => {
    expect(tokenVariants(TOKEN)).toEqual([
      TOKEN,
      'L6ou7Lfp6wb5D0LucJnD7GM4CFZgUF0W.TpN79WC4IY7lzYnCWaEj/CGAuoowGFCksyiAGGZmIFQ=',
      'L6ou7Lfp6wb5D0LucJnD7GM4CFZgUF0W',
    ]);
  });

  it('copes with no token and with bad percent-encoding', () => {
    expect(tokenVariants(null)).toEqual([]);
    expect(tokenVariants('abcdefghij%E0%A4%A')).toEqual(['abcdefghij%E0%A4%A']);
  });
});

describe('sanitizeCause', () => {
  it('returns the same error when it carries no secret', () => {
    const error = new TypeError('fetch failed');
    expect(sanitizeCause(error, tokenVariants(TOKEN))).toBe(error);
  });

  it('replaces an error that quotes a secret by a redacted copy', () => {
    const error = new Error(`could not store ${TOKEN}`);
    const clean = sanitizeCause(error, tokenVariants(TOKEN)) as Error;
    expect(clean).not.toBe(error);
    expect(clean.name).toBe('Error');
    expect(clean.message).toBe('could not store [REDACTED]');
    expect(`${clean.stack}`).not.toContain('L6ou7Lfp6wb5');
  });

  it('redacts secrets in a thrown string and passes other values through', () => {
    expect(sanitizeCause(`raw ${TOKEN}`, tokenVariants(TOKEN))).toBe('raw [REDACTED]');
    expect(sanitizeCause(42, [])).toBe(42);
  });
});
