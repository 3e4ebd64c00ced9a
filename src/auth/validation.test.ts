import { describe, expect, it } from 'vitest';
import { isValidationError, ValidationError } from '../errors/index.js';
import {
  validateEmail,
  validateIdTokenSignIn,
  validatePassword,
  validateSignIn,
  validateSignUp,
} from './validation.js';

function fieldOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isValidationError(error)) return error.field;
    throw error;
  }
  throw new Error('expected a ValidationError');
}

describe('validateSignUp', () => {
  const good = { email: ' alice@example.test ', password: 'correct-horse', name: ' Alice ' };

  it('accepts good input and trims email and name but never the password', () => {
    expect(validateSignUp({ ...good, password: ' spaces ok ' })).toEqual({
      email: 'alice@example.test',
      password: ' spaces ok ',
      name: 'Alice',
    });
  });

  it.each([
    [{ ...good, email: 'not-an-email' }, 'email'],
    [{ ...good, email: 'a@b' }, 'email'],
    [{ ...good, email: 'a b@c.de' }, 'email'],
    [{ ...good, email: '' }, 'email'],
    [{ ...good, email: 42 }, 'email'],
    [{ ...good, password: 'short' }, 'password'],
    [{ ...good, password: 'x'.repeat(129) }, 'password'],
    [{ ...good, password: undefined }, 'password'],
    [{ ...good, name: '   ' }, 'name'],
    [{ email: good.email, password: good.password }, 'name'],
    [null, 'input'],
  ])('rejects %j on field %s', (input, field) => {
    expect(fieldOf(() => validateSignUp(input))).toBe(field);
  });

  it('accepts the length limits exactly', () => {
    expect(validatePassword('op', 'x'.repeat(8))).toHaveLength(8);
    expect(validatePassword('op', 'x'.repeat(128))).toHaveLength(128);
  });

  it('never echoes the password in the message', () => {
    const secret = 'tiny';
    try {
      validateSignUp({ ...good, password: secret });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as Error).message).not.toContain(secret);
      expect((error as Error).message).toContain('auth.signUp');
      expect((error as Error).message).toContain('password');
    }
  });
});

describe('validateSignIn', () => {
  it('accepts good input with and without rememberMe', () => {
    expect(validateSignIn({ email: 'a@b.co', password: 'password1' })).toEqual({
      email: 'a@b.co',
      password: 'password1',
      rememberMe: undefined,
    });
    expect(validateSignIn({ email: 'a@b.co', password: 'password1', rememberMe: false })).toEqual({
      email: 'a@b.co',
      password: 'password1',
      rememberMe: false,
    });
  });

  it('rejects a non-boolean rememberMe and a bad email', () => {
    expect(
      fieldOf(() => validateSignIn({ email: 'a@b.co', password: 'password1', rememberMe: 'no' })),
    ).toBe('rememberMe');
    expect(fieldOf(() => validateEmail('op', 'nope'))).toBe('email');
  });
});

describe('validateIdTokenSignIn', () => {
  it('accepts an Apple id token with an optional nonce', () => {
    expect(validateIdTokenSignIn({ provider: 'apple', idToken: 'eyJ.x.y', nonce: 'n1' })).toEqual({
      provider: 'apple',
      idToken: 'eyJ.x.y',
      nonce: 'n1',
    });
  });

  it.each([
    [{ provider: 'google', idToken: 'x' }, 'provider'],
    [{ provider: 'apple', idToken: '' }, 'idToken'],
    [{ provider: 'apple' }, 'idToken'],
    [{ provider: 'apple', idToken: 'x', nonce: '' }, 'nonce'],
  ])('rejects %j on field %s', (input, field) => {
    expect(fieldOf(() => validateIdTokenSignIn(input))).toBe(field);
  });
});
