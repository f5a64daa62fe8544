/**
 * Every failure of a call to the hub. `code` is stable and safe to branch on: the hub's own code
 * (`validation_failed`, `invalid_api_key`, `rate_limited`, `store_unavailable`, ...) when it answered
 * with one; `network_error` or `timeout` when no reply came; `http_<status>` when something other
 * than the hub (a proxy) answered; `invalid_response` when a success reply could not be read.
 * `message` is for people and may change.
 */
export class HeraldError extends Error {
  constructor(code, status, message, { retryAfterMs, details, cause, attempts } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'HeraldError';
    this.code = code;
    this.status = status;
    if (retryAfterMs !== undefined) this.retryAfterMs = retryAfterMs;
    if (details !== undefined) this.details = details;
    if (attempts !== undefined) this.attempts = attempts;
  }
}

const SNIPPET = 200;

/** A non-2xx reply: the hub's `{"error":{"code","message"}}`, or whatever a proxy sent instead. */
export function errorFromReply(reply, attempts) {
  const error = tryParse(reply.text)?.error;
  const retryAfterMs = reply.retryAfterMs >= 0 ? reply.retryAfterMs : undefined;
  if (error && typeof error.code === 'string') {
    const message = typeof error.message === 'string' ? error.message : error.code;
    return new HeraldError(error.code, reply.status, message, { retryAfterMs, details: error.details, attempts });
  }
  // Not the hub's format: a proxy or load balancer answered. Keep a short, printable excerpt.
  return new HeraldError(`http_${reply.status}`, reply.status,
    `the server answered HTTP ${reply.status} without a Herald error body: ${snippet(reply.text)}`,
    { retryAfterMs, attempts });
}

/** No reply at all after `attempts` tries: the network failed or every attempt timed out. */
export function transportError(cause, timedOut, method, url, attempts) {
  const tries = `${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}`;
  const what = timedOut
    ? `no response to ${method} ${url} after ${tries}`
    : `could not reach the hub for ${method} ${url} after ${tries}: ${describe(cause)}`;
  return new HeraldError(timedOut ? 'timeout' : 'network_error', 0, what, { cause, attempts });
}

/** A 2xx reply the SDK cannot read: the hub is not what it expects. */
export function invalidResponse(reply, why) {
  return new HeraldError('invalid_response', reply.status, `unexpected reply from the hub: ${why}`);
}

export function tryParse(text) {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

// fetch reports "fetch failed" and puts the reason (ECONNREFUSED, ...) in its cause.
function describe(error) {
  const inner = error?.cause;
  return inner ? `${error.message} (${inner.code ?? inner.message ?? inner})` : String(error?.message ?? error);
}

function snippet(text) {
  if (!text || !text.trim()) return '(empty)';
  // eslint-disable-next-line no-control-regex
  const s = text.trim().replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
  return s.length > SNIPPET ? `${s.slice(0, SNIPPET)}...` : s;
}
