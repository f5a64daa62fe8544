import { secretBytes } from './local-token.js';

/** The defaults, the Java SDK's: 10 s per attempt, 3 retries, backoff from 200 ms up to 5 s. */
export const DEFAULTS = Object.freeze({
  timeoutMs: 10_000,
  retry: Object.freeze({ maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 5_000 }),
});

/** Checks the constructor's options once and fills in the defaults. Never echoes a secret. */
export function resolveOptions(options) {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('new Herald({ url, apiKey }) needs an options object');
  }
  // Fields left out or undefined keep their defaults.
  const given = Object.entries(options.retry ?? {}).filter(([, v]) => v !== undefined);
  const retry = { ...DEFAULTS.retry, ...Object.fromEntries(given) };
  if (!Number.isSafeInteger(retry.maxAttempts) || retry.maxAttempts < 1) {
    throw new RangeError(`retry.maxAttempts must be a whole number >= 1 (1 disables retries), got ${retry.maxAttempts}`);
  }
  positive(retry.baseDelayMs, 'retry.baseDelayMs');
  positive(retry.maxDelayMs, 'retry.maxDelayMs');
  if (retry.maxDelayMs < retry.baseDelayMs) throw new RangeError('retry.maxDelayMs must be >= retry.baseDelayMs');
  const timeoutMs = options.timeoutMs ?? DEFAULTS.timeoutMs;
  positive(timeoutMs, 'timeoutMs');
  const fetchFn = options.fetch ?? globalThis.fetch;
  if (typeof fetchFn !== 'function') {
    throw new TypeError('no fetch: use Node 18 or later, or pass options.fetch');
  }
  return {
    baseUrl: baseUrl(options.url),
    apiKey: apiKey(options.apiKey),
    timeoutMs,
    retry: Object.freeze(retry),
    fetch: fetchFn,
    jwtSecret: options.jwtSecret === undefined || options.jwtSecret === null ? undefined : secretBytes(options.jwtSecret),
  };
}

/** The hub's address with a path ending in "/", so relative calls ("v1/...") keep a prefix. */
function baseUrl(url) {
  let parsed;
  try {
    parsed = new URL(String(url));
  } catch {
    throw new TypeError(`url must be the hub's http(s) address, e.g. http://127.0.0.1:8080, got ${url}`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`url must be an http(s) URL, got ${parsed.protocol}`);
  }
  if (parsed.search || parsed.hash) throw new TypeError('url must not have a query or fragment');
  if (parsed.username || parsed.password) throw new TypeError('url must not hold credentials; pass apiKey');
  if (!parsed.pathname.endsWith('/')) parsed.pathname += '/';
  return parsed.href;
}

function apiKey(key) {
  // Printable ASCII without spaces, as the hub's keys are; the message never shows the key.
  if (typeof key !== 'string' || key.length === 0 || !/^[\x21-\x7e]+$/.test(key)) {
    throw new TypeError('apiKey must be the publisher key: printable ASCII without spaces');
  }
  return key;
}

const MAX_TIMER_MS = 2 ** 31 - 1; // setTimeout fires at once for anything longer

function positive(value, what) {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_TIMER_MS) {
    throw new RangeError(`${what} must be a number of milliseconds 1..${MAX_TIMER_MS}, got ${value}`);
  }
}
