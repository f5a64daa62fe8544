/**
 * Every failure of a call to the hub, after the SDK's retries.
 *
 * Arguments that can never be valid (no recipients, an empty idempotency key, a non-finite number
 * in `data`, a bad option) are refused before any request with a `TypeError` or `RangeError`
 * instead; everything else is checked by the hub and comes back as a HeraldError.
 */
export declare class HeraldError extends Error {
  readonly name: 'HeraldError';
  /**
   * Stable, safe to branch on: the hub's own code when it answered with one, otherwise
   * `network_error`, `timeout`, `http_<status>` (something other than the hub answered) or
   * `invalid_response` (a success reply the SDK could not read).
   */
  readonly code: HeraldErrorCode | (string & {});
  /** The HTTP status of the failing reply; 0 when no reply came. */
  readonly status: number;
  /**
   * How long the hub asked to wait (`Retry-After` on a 429 or 503), in ms, when it said. The SDK
   * never retries sooner; when the wait is longer than `retry.maxDelayMs` it does not wait at all
   * but fails the call at once with this, so the application can schedule the retry.
   */
  readonly retryAfterMs?: number;
  /** Whatever the hub sent as `error.details`, when it sent any. */
  readonly details?: unknown;
  /** How many requests this call made (1 when it was not retried). */
  readonly attempts?: number;
  constructor(code: string, status: number, message: string,
    extra?: { retryAfterMs?: number; details?: unknown; cause?: unknown; attempts?: number });
}

/** The hub's error catalogue (dev.herald.core.ErrorCode) and the SDK's own codes. */
export type HeraldErrorCode =
  | 'invalid_json'
  | 'invalid_request'
  | 'missing_credentials'
  | 'invalid_api_key'
  | 'invalid_token'
  | 'token_expired'
  | 'forbidden'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'validation_failed'
  | 'too_many_connections'
  | 'rate_limited'
  | 'shutting_down'
  | 'store_unavailable'
  | 'overloaded'
  | 'internal_error'
  | 'network_error'
  | 'timeout'
  | 'invalid_response';
