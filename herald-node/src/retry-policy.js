// When to try again and how long to wait, as the Java SDK decides it: exponential backoff with
// jitter, so many publishers that failed together (a hub restart) do not all come back at once.

/**
 * Statuses that say "not now" rather than "never": rate limiting, and a hub (draining, without its
 * store, overloaded) or the proxy in front of it being unavailable. 500 is left out: it signals a
 * bug, which repeating won't fix; every other 4xx would fail the same way again.
 */
export function isRetryableStatus(status) {
  return status === 429 || status === 502 || status === 503 || status === 504;
}

/**
 * The wait before retry number `retry` (0 for the first retry): a random value between half and
 * all of `baseDelayMs * 2^retry`, capped at `maxDelayMs`, and never shorter than the hub's
 * Retry-After (the transport does not retry at all when that is longer than `maxDelayMs`, so the
 * caller's latency budget still holds).
 *
 * @param {number} retryAfterMs the hub's Retry-After in ms, or -1 when it sent none
 */
export function delayMs(policy, retry, retryAfterMs, random = Math.random) {
  const initial = Math.max(1, policy.baseDelayMs);
  const ceiling = Math.min(policy.maxDelayMs, initial * 2 ** Math.min(retry, 52));
  const half = Math.floor(ceiling / 2);
  const delay = half + Math.floor(random() * (ceiling - half + 1));
  return Math.max(delay, retryAfterMs);
}

/**
 * Retry-After in delta-seconds, as ms; -1 when absent or in another form. The HTTP-date form is
 * rare for APIs and the hub never sends it, so it is ignored (as the Java SDK does).
 */
export function retryAfterMs(headerValue) {
  if (headerValue == null) return -1;
  const v = String(headerValue).trim();
  return /^\d{1,6}$/.test(v) ? Number(v) * 1000 : -1;
}
