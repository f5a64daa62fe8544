// The hub's "try again later" replies: 429 (rate_limited, too_many_connections) and 503
// (shutting_down, store_unavailable, overloaded). Every rate_limited and 503 reply carries
// Retry-After (too_many_connections does not: it counts as the default below), and herald.js waits
// at least that long before its next attempt (docs/api.md, Errors).

/** The longest wait taken from a Retry-After; a larger value (or a far date) is cut to this. */
export const MAX_RETRY_AFTER_MS = 60 * 60 * 1000;

/**
 * The hub's smallest Retry-After. Used when a 429 or 503 carries none the page can read: a page on
 * another origin sees Retry-After only if the hub lists it in Access-Control-Expose-Headers.
 */
export const DEFAULT_RETRY_AFTER_MS = 1000;

/** True for the statuses whose Retry-After is honoured. */
export function asksToWait(status) {
  return status === 429 || status === 503;
}

/**
 * Milliseconds a response asks to wait: its Retry-After in delta-seconds or as an HTTP-date
 * (RFC 9110 §10.2.3), capped at MAX_RETRY_AFTER_MS; DEFAULT_RETRY_AFTER_MS when it has none that
 * parses. Only for statuses where asksToWait() holds.
 */
export function retryAfterMs(res, now = Date.now()) {
  const raw = res && res.headers && typeof res.headers.get === 'function' ? res.headers.get('retry-after') : null;
  const value = raw === null || raw === undefined ? '' : String(raw).trim();
  let ms = null;
  if (/^[0-9]+$/.test(value)) {
    ms = Number(value) * 1000;
  } else if (/[A-Za-z]/.test(value)) { // an HTTP-date names its day or month
    const at = Date.parse(value);
    if (Number.isFinite(at)) ms = Math.max(0, at - now);
  }
  if (ms === null) return DEFAULT_RETRY_AFTER_MS;
  return Math.min(MAX_RETRY_AFTER_MS, ms);
}

/**
 * The wait before the next attempt after the hub asked for `retryMs`: never less than that, spread
 * over up to `jitter` times more so that clients refused together do not all come back in the same
 * instant, and never less than the backoff delay the attempt would have had anyway.
 */
export function waitAfter(retryMs, backoffMs, jitter, random) {
  return Math.max(backoffMs, Math.ceil(retryMs * (1 + jitter * random())));
}
