import { transportError } from './errors.js';
import { delayMs, isRetryableStatus, retryAfterMs } from './retry-policy.js';
import { VERSION } from './version.js';

/**
 * Sends calls to the hub with fetch, retrying the retryable ones. `send` resolves with the final
 * reply whatever its status (the caller decides what a status means), or rejects with a
 * HeraldError (`network_error` or `timeout`) when no reply came.
 *
 * A call is `{ method, path, body, auth, retryable }`: `path` is relative to the base URL without
 * a leading slash (so a base URL with a path prefix, e.g. behind a proxy, keeps its prefix), `body`
 * a JSON string or undefined, `auth` whether to send the publisher key, `retryable` whether sending
 * it again is safe and useful.
 */
export function createTransport(options) {
  const { baseUrl, apiKey, timeoutMs, retry, fetch: fetchFn } = options;
  const userAgent = `herald-node/${VERSION} (Node ${process.versions.node})`;

  async function send(call) {
    const url = new URL(call.path, baseUrl).href;
    const headers = { Accept: 'application/json', 'User-Agent': userAgent };
    if (call.auth) headers.Authorization = `Bearer ${apiKey}`;
    if (call.body !== undefined) headers['Content-Type'] = 'application/json';
    // Redirects are not followed: the API key must never follow one to another host.
    const init = { method: call.method, headers, body: call.body, redirect: 'manual' };
    for (let retries = 0; ; retries++) {
      const outcome = await attempt(url, init);
      const failed = outcome.reply === undefined;
      const retryable = failed || isRetryableStatus(outcome.reply.status);
      const after = failed ? -1 : outcome.reply.retryAfterMs;
      // Never sooner than the hub asked; a wait beyond the maximum backoff is the caller's to make.
      const waitTooLong = after > retry.maxDelayMs;
      const attempts = retries + 1;
      if (!call.retryable || !retryable || waitTooLong || attempts >= retry.maxAttempts) {
        if (failed) throw transportError(outcome.failure, outcome.timedOut, call.method, url, attempts);
        return { ...outcome.reply, attempts };
      }
      await sleep(delayMs(retry, retries, after));
    }
  }

  /** One try, bounded by the timeout from sending to the last byte of the reply. */
  async function attempt(url, init) {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    try {
      const res = await fetchFn(url, { ...init, signal: controller.signal });
      const text = await res.text();
      return {
        reply: {
          status: res.status,
          headers: res.headers,
          text,
          retryAfterMs: retryAfterMs(res.headers.get('retry-after')),
        },
      };
    } catch (error) {
      if (controller.signal.aborted) return { failure: error, timedOut: true };
      // fetch rejects with a TypeError for every network failure (refused, reset, DNS, a reply cut
      // short). Anything else is a bug or a misuse: retrying would not help, so it goes up as is.
      if (error instanceof TypeError) return { failure: error, timedOut: false };
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  return { send };
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
