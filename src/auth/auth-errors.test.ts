import { describe, expect, it } from 'vitest';
import { AuthError, HttpError, RateLimitError, ValidationError } from '../errors/index.js';
import { authFailureError } from './auth-errors.js';

const base = {
  operation: 'auth.signIn',
  method: 'POST',
  url: 'http://127.0.0.1:3999/api/auth/sign-in/email',
  headers: undefined,
  now: Date.parse('2026-11-26T21:10:06.000Z'),
};

describe('authFailureError', () => {
  it('maps wrong credentials to AuthError with the server code', () => {
    const error = authFailureError({
      ...base,
      status: 401,
      body: { code: 'INVALID_EMAIL_OR_PASSWORD', message: 'Invalid email or password' },
    });
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 'INVALID_EMAIL_OR_PASSWORD', status: 401 });
    expect(error.message).toBe(
      'auth.signIn failed with 401 INVALID_EMAIL_OR_PASSWORD: Invalid email or password',
    );
  });

  it('maps a duplicate email (422) to AuthError', () => {
    const error = authFailureError({
      ...base,
      operation: 'auth.signUp',
      status: 422,
      body: { code: 'USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL', message: 'User already exists.' },
    });
    expect(error).toMatchObject({
      name: 'AuthError',
      code: 'USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL',
      status: 422,
    });
  });

  it('maps better-auth 429 with X-Retry-After to RateLimitError with resetAt', () => {
    const error = authFailureError({
      ...base,
      status: 429,
      headers: new Headers({ 'x-retry-after': '7' }),
      body: { message: 'Too many requests. Please try again later.' },
    });
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).resetAt.toISOString()).toBe('2026-11-26T21:10:13.000Z');
    expect((error as RateLimitError).limitedOperation).toBe('auth');
  });

  it('falls back to the 10 s window when X-Retry-After is missing or garbage', () => {
    for (const headers of [undefined, new Headers({ 'x-retry-after': 'soon' })]) {
      const error = authFailureError({ ...base, status: 429, headers, body: null });
      expect((error as RateLimitError).resetAt.toISOString()).toBe('2026-11-26T21:10:16.000Z');
    }
  });

  it('maps the server input checks to ValidationError naming the field', () => {
    const short = authFailureError({ ...base, status: 400, body: { code: 'PASSWORD_TOO_SHORT' } });
    expect(short).toBeInstanceOf(ValidationError);
    expect((short as ValidationError).field).toBe('password');
    const email = authFailureError({
      ...base,
      status: 400,
      body: { code: 'VALIDATION_ERROR', message: '[body.email] Invalid email address' },
    });
    expect(email).toMatchObject({ name: 'ValidationError', field: 'email' });
    expect(email.message).toContain('Invalid email address');
    const invalidEmail = authFailureError({
      ...base,
      status: 400,
      body: { code: 'INVALID_EMAIL' },
    });
    expect(invalidEmail).toMatchObject({ name: 'ValidationError', field: 'email' });
  });

  it('keeps an unparseable VALIDATION_ERROR as AuthError', () => {
    const error = authFailureError({
      ...base,
      status: 400,
      body: { code: 'VALIDATION_ERROR', message: 'something else' },
    });
    expect(error).toMatchObject({ name: 'AuthError', code: 'VALIDATION_ERROR' });
  });

  it('maps 5xx and code-less answers to HttpError', () => {
    const error = authFailureError({ ...base, status: 500, body: null });
    expect(error).toBeInstanceOf(HttpError);
    expect((error as HttpError).status).toBe(500);
    const html = authFailureError({ ...base, status: 403, body: '<html>' });
    expect(html).toBeInstanceOf(HttpError);
  });

  it('reports a missing Origin as AuthError with its code', () => {
    const error = authFailureError({
      ...base,
      status: 403,
      body: { code: 'MISSING_OR_NULL_ORIGIN', message: 'Missing or null Origin' },
    });
    expect(error).toMatchObject({ name: 'AuthError', code: 'MISSING_OR_NULL_ORIGIN', status: 403 });
  });
});
