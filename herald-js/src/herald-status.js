// What a status change says about the connection's health, for apps that show it (useHerald's
// `error` and `reconnectAttempts`). Derived from the statuses and their details, which follower tabs
// get relayed (with the leader's count), so every tab of a group knows the same as the leader.

import { HeraldError } from './herald-rest.js';

/** Reasons that are someone's choice, not a failure of the connection. */
const NOT_ERRORS = new Set(['manual', 'disconnect', 'pagehide', 'leader_changed', 'user_changed']);

/**
 * The connection's last error after a status change: null once open (or on a fresh connect), a
 * HeraldError (.code: the hub's code, else the reason; .status: the HTTP status or 0; .reason;
 * .retryAfterMs when the hub asked to wait; .cause: the underlying error) when the status reports a
 * failure, else the previous one.
 */
export function errorAfter(previous, status, detail) {
  if (status === 'open' || status === 'connecting') return null;
  if (!detail || typeof detail !== 'object' || !detail.reason || NOT_ERRORS.has(detail.reason)) return previous;
  const cause = detail.error;
  const causeText = cause && cause.message ? cause.message : (cause !== undefined ? String(cause) : '');
  const message = detail.message || causeText || describe(detail);
  const err = new HeraldError(message, typeof detail.status === 'number' ? detail.status : 0,
    detail.code || detail.reason);
  err.reason = detail.reason;
  if (detail.retryAfterMs !== undefined) err.retryAfterMs = detail.retryAfterMs;
  if (cause !== undefined) err.cause = cause;
  return err;
}

/**
 * Reconnection attempts since the stream was last open (or since connect()): 0 when open or
 * connecting, one more for every reconnection the backoff schedules (a reconnecting detail with
 * delayMs), unchanged when the circuit opens or the connection closes. A reconnection that starts a
 * new count at once (manual, a new leader, a new user, a token the stream said expired) is 0.
 * Follower tabs take the leader's count as relayed.
 */
export function attemptsAfter(previous, status, detail) {
  if (status === 'open' || status === 'connecting') return 0;
  if (status === 'reconnecting') return detail && typeof detail.delayMs === 'number' ? previous + 1 : 0;
  return previous;
}

function describe(detail) {
  if (detail.reason === 'http') return `HTTP ${detail.status}`;
  return `connection ${String(detail.reason).replace(/_/g, ' ')}`;
}
