import { randomUUID } from 'node:crypto';
import { invalidResponse, tryParse } from './errors.js';

// The JSON wire format, both ways, and the only place that knows the hub's field names. Replies are
// read leniently (unknown fields kept, not refused) so a newer hub does not break an older SDK.

const TARGET_FIELDS = ['userId', 'userIds', 'broadcast'];

/** `{ user }`, `{ users }` or `{ everyone: true }` as the hub's `userId`, `userIds` or `broadcast`. */
export function targetFields(to) {
  const keys = to !== null && typeof to === 'object' ? Object.keys(to) : [];
  if (keys.length === 1) {
    if (keys[0] === 'user') return { userId: to.user };
    if (keys[0] === 'users' && Array.isArray(to.users)) return { userIds: [...to.users] };
    if (keys[0] === 'everyone' && to.everyone === true) return { broadcast: true };
  }
  throw new TypeError('the recipients must be { user: id }, { users: [ids] } or { everyone: true }');
}

/**
 * A `POST /v1/notifications` body. Fields the SDK does not know go to the hub as they are, so a
 * typo gets the hub's own `validation_failed` ("unknown field 'titel'") and a newer hub's fields
 * work without a new SDK.
 */
export function notificationBody(to, notification, key) {
  requireObject(notification, 'the notification');
  for (const field of TARGET_FIELDS) {
    if (field in notification) {
      throw new TypeError(`the notification has '${field}': name the recipients in the first argument instead`);
    }
  }
  return { ...targetFields(to), ...notification, idempotencyKey: key };
}

/** A `POST /v1/events` body: the event's `name` is the hub's `event`. */
export function eventBody(to, event, key) {
  requireObject(event, 'the event');
  const { name, ...rest } = event;
  if (typeof name !== 'string') throw new TypeError('the event needs a name (a string)');
  return { ...targetFields(to), ...rest, event: name, idempotencyKey: key };
}

const NOT_EDITABLE = ['type', 'ttlSeconds', 'idempotencyKey', ...TARGET_FIELDS];

/**
 * A `PATCH /v1/notifications/{id}` body: the fields to change, as given (`null` clears). Fields the
 * SDK does not know go to the hub, which names them in its `validation_failed`; the ones that can
 * never be edited are refused here with a clearer message.
 */
export function updateBody(changes) {
  requireObject(changes, 'the changes');
  for (const field of NOT_EDITABLE) {
    if (field in changes) throw new TypeError(`'${field}' cannot be edited: publish a new notification instead`);
  }
  if (Object.keys(changes).length === 0) throw new TypeError('give at least one field to change');
  return { ...changes };
}

/** `{ notifications: [...] }`, each element exactly a single publish's body with its own key. */
export function batchBody(items, keys) {
  return {
    notifications: items.map((item, i) => {
      requireObject(item, `item ${i}`);
      return notificationBody(item.to, item.notification, keys[i]);
    }),
  };
}

/**
 * The caller's key, or a new one. Generated once per call and kept for all of its retries: that
 * is what makes retrying a POST safe, since the hub runs a keyed publish at most once.
 */
export function idempotencyKey(given) {
  if (given === undefined || given === null) return `sdk-${randomUUID()}`;
  if (typeof given !== 'string' || given.length === 0) {
    throw new TypeError('idempotencyKey must be a non-empty string');
  }
  return given;
}

// ---- replies ----

/** `{ id, recipients? }` plus `replayed` (the `Idempotent-Replayed` header) and the key used. */
export function publishResult(reply, key) {
  const body = object(reply);
  if (typeof body.id !== 'string') throw invalidResponse(reply, "the reply has no 'id'");
  const replayed = (reply.headers.get('idempotent-replayed') ?? '').toLowerCase() === 'true';
  return { ...body, replayed, idempotencyKey: key };
}

/** `{ items: [...] }`, one entry per element sent, in order; repeats say `"replayed": true`. */
export function batchResult(reply, keys) {
  const body = object(reply);
  if (!Array.isArray(body.items) || body.items.length !== keys.length) {
    throw invalidResponse(reply, `expected 'items' with ${keys.length} entries`);
  }
  const items = body.items.map((item, i) => {
    if (item === null || typeof item !== 'object' || typeof item.id !== 'string') {
      throw invalidResponse(reply, "an entry of 'items' has no 'id'");
    }
    return { ...item, replayed: item.replayed === true, idempotencyKey: keys[i] };
  });
  return { ...body, items };
}

export function tokenResult(reply) {
  const body = object(reply);
  for (const field of ['token', 'userId', 'expiresAt']) {
    if (typeof body[field] !== 'string') throw invalidResponse(reply, `the reply has no '${field}'`);
  }
  return body;
}

/** The reply's JSON object, or an `invalid_response` HeraldError. */
export function object(reply) {
  const body = tryParse(reply.text);
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw invalidResponse(reply, 'the body is not a JSON object');
  }
  return body;
}

function requireObject(value, what) {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(`${what} must be an object`);
  }
}
