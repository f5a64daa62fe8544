// How long to wait before the next connection attempt.

/** The reconnect option's defaults (docs: README.md, Reconnection). */
export const DEFAULT_RECONNECT = Object.freeze({ baseMs: 1000, maxMs: 30000, maxAttempts: 10, jitter: 0.5 });

/**
 * Exponential backoff with jitter. The delay before attempt n (1-based) is
 * min(maxMs, baseMs * 2^(n-1)) * (1 - jitter * random()).
 */
export class Backoff {
  constructor({ baseMs = DEFAULT_RECONNECT.baseMs, maxMs = DEFAULT_RECONNECT.maxMs,
    jitter = DEFAULT_RECONNECT.jitter, random = Math.random } = {}) {
    this.baseMs = baseMs;
    this.maxMs = maxMs;
    this.jitter = Math.min(1, Math.max(0, jitter));
    this.random = random;
    /** Delays handed out since the last reset(). */
    this.attempts = 0;
  }

  /** The delay for attempt n (1-based); baseMs may be overridden (for the server's retry:). */
  delay(n, baseMs = this.baseMs) {
    const exp = Math.max(0, n - 1);
    const raw = Math.min(this.maxMs, baseMs * Math.pow(2, Math.min(exp, 52)));
    return Math.round(raw * (1 - this.jitter * this.random()));
  }

  /** Counts one more attempt and returns its delay. */
  next(baseMs) {
    this.attempts += 1;
    return this.delay(this.attempts, baseMs);
  }

  reset() {
    this.attempts = 0;
  }
}
