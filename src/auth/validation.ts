/**
 * Client-side checks of auth input, run before any request so that an obviously bad call costs
 * neither a round trip nor one of better-auth's 3-per-10-s sign-in attempts. Failures are
 * `ValidationError`s naming the field; messages never echo the value (it may be a password).
 */
import { ValidationError } from '../errors/index.js';

/** Password length limits of the backend. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
const EMAIL_MAX_LENGTH = 254;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

/** Validated `signUp` input. */
export interface ValidSignUp {
  readonly email: string;
  readonly password: string;
  readonly name: string;
}

/** Validated `signIn` input. */
export interface ValidSignIn {
  readonly email: string;
  readonly password: string;
  readonly rememberMe: boolean | undefined;
}

/** Validated `signInWithIdToken` input. */
export interface ValidIdTokenSignIn {
  readonly provider: 'apple';
  readonly idToken: string;
  readonly nonce: string | undefined;
}

function fail(operation: string, field: string, message: string): never {
  throw new ValidationError({ operation, field, message });
}

function record(operation: string, input: unknown): Record<string, unknown> {
  if (typeof input !== 'object' || input === null) fail(operation, 'input', 'must be an object');
  return input as Record<string, unknown>;
}

/** Trims and checks an email address; returns the trimmed form. */
export function validateEmail(operation: string, value: unknown): string {
  if (typeof value !== 'string') return fail(operation, 'email', 'must be a string');
  const email = value.trim();
  if (email.length === 0) return fail(operation, 'email', 'is required');
  if (email.length > EMAIL_MAX_LENGTH || !EMAIL_PATTERN.test(email)) {
    return fail(operation, 'email', 'must be a valid email address like name@example.com');
  }
  return email;
}

/** Checks a password's type and length (8–128 characters); never trims or echoes it. */
export function validatePassword(operation: string, value: unknown): string {
  if (typeof value !== 'string') return fail(operation, 'password', 'must be a string');
  if (value.length < PASSWORD_MIN_LENGTH || value.length > PASSWORD_MAX_LENGTH) {
    return fail(
      operation,
      'password',
      `must be ${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters long`,
    );
  }
  return value;
}

/** Checks `signUp({ email, password, name })`. */
export function validateSignUp(input: unknown): ValidSignUp {
  const operation = 'auth.signUp';
  const fields = record(operation, input);
  const email = validateEmail(operation, fields.email);
  const password = validatePassword(operation, fields.password);
  if (typeof fields.name !== 'string') return fail(operation, 'name', 'is required');
  const name = fields.name.trim();
  if (name.length === 0) return fail(operation, 'name', 'must not be empty');
  return { email, password, name };
}

/** Checks `signIn({ email, password, rememberMe? })`. */
export function validateSignIn(input: unknown): ValidSignIn {
  const operation = 'auth.signIn';
  const fields = record(operation, input);
  const email = validateEmail(operation, fields.email);
  const password = validatePassword(operation, fields.password);
  const rememberMe = fields.rememberMe;
  if (rememberMe !== undefined && typeof rememberMe !== 'boolean') {
    return fail(operation, 'rememberMe', 'must be a boolean');
  }
  return { email, password, rememberMe };
}

/** Checks `signInWithIdToken({ provider: 'apple', idToken, nonce? })`. */
export function validateIdTokenSignIn(input: unknown): ValidIdTokenSignIn {
  const operation = 'auth.signInWithIdToken';
  const fields = record(operation, input);
  if (fields.provider !== 'apple') return fail(operation, 'provider', "must be 'apple'");
  if (typeof fields.idToken !== 'string' || fields.idToken.trim().length === 0) {
    return fail(operation, 'idToken', 'must be a non-empty string');
  }
  const nonce = fields.nonce;
  if (nonce !== undefined && (typeof nonce !== 'string' || nonce.length === 0)) {
    return fail(operation, 'nonce', 'must be a non-empty string when given');
  }
  return { provider: 'apple', idToken: fields.idToken, nonce };
}
