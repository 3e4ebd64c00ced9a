/** Checks of the URL options of `createClient`, so a bad one fails at once with a clear error. */
import { ConfigurationError } from '../errors/index.js';

function parseHttpUrl(value: unknown, option: string): URL {
  const fail = (message: string, cause?: unknown): ConfigurationError =>
    new ConfigurationError(
      { operation: 'createClient', option, message },
      cause === undefined ? undefined : { cause },
    );
  if (typeof value !== 'string' || value.trim() === '') {
    throw fail('must be an absolute http(s) URL, e.g. "https://api.example.com"');
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch (cause) {
    throw fail(`must be an absolute http(s) URL, got "${value}" (is the scheme missing?)`, cause);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw fail(`must use http or https, got "${url.protocol}"`);
  }
  if (url.search !== '' || url.hash !== '') throw fail('must not have a query or a fragment');
  return url;
}

/** `baseUrl` as an absolute http(s) URL without trailing slashes (a path prefix is kept). */
export function checkBaseUrl(value: unknown): string {
  const url = parseHttpUrl(value, 'baseUrl');
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}

/** `origin` as an http(s) origin (`scheme://host[:port]`, nothing after it). */
export function checkOrigin(value: unknown): string {
  const url = parseHttpUrl(value, 'origin');
  if (url.pathname !== '/' || String(value).replace(/\/$/, '') !== url.origin) {
    throw new ConfigurationError({
      operation: 'createClient',
      option: 'origin',
      message: `must be an origin only (scheme, host and port), e.g. "${url.origin}"`,
    });
  }
  return url.origin;
}
