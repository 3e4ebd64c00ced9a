/** The better-auth shapes, checked against bodies recorded from the real backend (001–026). */
import { describe, expect, it } from 'vitest';
import {
  getSessionResponseSchema,
  listSessionsResponseSchema,
  signInInputSchema,
  signInResponseSchema,
  signOutResponseSchema,
  signUpInputSchema,
  signUpResponseSchema,
} from './auth.js';

const user = {
  name: 'Alice Test',
  email: 'alice.mwy1pddw@example.test',
  emailVerified: false,
  image: null,
  createdAt: '2026-11-26T21:09:18.632Z',
  updatedAt: '2026-11-26T21:09:18.632Z',
  totalStoriesGenerated: 0,
  totalAudioGenerated: 0,
  totalIllustrationsGenerated: 0,
  lastStoryGeneratedAt: null,
  id: 'LMmv2LmcMzCxXJkAfpwnJ6xXqnWhbV3n',
};

const session = {
  expiresAt: '2026-12-26T21:09:30.087Z',
  token: 'SyEOmdV0VaJb1pby1xIz2KrRsHlEEyXJ',
  createdAt: '2026-11-26T21:09:30.087Z',
  updatedAt: '2026-11-26T21:09:30.087Z',
  ipAddress: '127.0.0.1',
  userAgent: '',
  userId: 'LMmv2LmcMzCxXJkAfpwnJ6xXqnWhbV3n',
  id: 'SSL3In7vnvK7PvwySABX1Zqygtn9RZSK',
};

describe('better-auth response schemas', () => {
  it('parse the recorded sign-up, sign-in, get-session, list-sessions and sign-out bodies', () => {
    expect(
      signUpResponseSchema.parse({ token: 'L6ou7Lfp6wb5D0LucJnD7GM4CFZgUF0W', user }).user.id,
    ).toBe(user.id);
    const signIn = signInResponseSchema.parse({ redirect: false, token: session.token, user });
    expect(signIn.url).toBeUndefined();
    expect(getSessionResponseSchema.parse({ session, user })?.session.token).toBe(session.token);
    expect(getSessionResponseSchema.parse(null)).toBeNull();
    expect(
      listSessionsResponseSchema.parse([session, { ...session, userAgent: 'node' }]),
    ).toHaveLength(2);
    expect(signOutResponseSchema.parse({ success: true })).toEqual({ success: true });
  });

  it('reject a cuid where a better-auth user id belongs, and a timestamp without ms', () => {
    const cuidUser = signUpResponseSchema.safeParse({
      token: null,
      user: { ...user, id: 'cmwy1qq6z001dsu7dv35uz34h' },
    });
    expect(cuidUser.success).toBe(false);
    const noMs = getSessionResponseSchema.safeParse({
      session: { ...session, expiresAt: '2026-12-26T21:09:30Z' },
      user,
    });
    expect(noMs.success).toBe(false);
    expect(noMs.error?.issues[0]?.path).toEqual(['session', 'expiresAt']);
  });

  it('check sign-up and sign-in input like better-auth does', () => {
    expect(
      signUpInputSchema.safeParse({ email: 'a@b.test', password: 'short', name: 'A' }).success,
    ).toBe(false);
    expect(
      signUpInputSchema.safeParse({ email: 'nope', password: 'long-enough', name: 'A' }).success,
    ).toBe(false);
    expect(
      signUpInputSchema.safeParse({ email: 'a@b.test', password: 'long-enough', name: 'A' })
        .success,
    ).toBe(true);
    expect(signInInputSchema.safeParse({ email: 'a@b.test', password: '' }).success).toBe(false);
  });
});
