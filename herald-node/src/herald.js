import { errorFromReply } from './errors.js';
import { signToken, ttlSeconds } from './local-token.js';
import { resolveOptions } from './options.js';
import { createTransport } from './transport.js';
import { pathSegment } from './user-id.js';
import { toJson } from './json-body.js';
import {
  batchBody, batchResult, eventBody, idempotencyKey, notificationBody, object, publishResult, tokenResult,
  updateBody,
} from './wire.js';


/**
 * A publisher's client for one Herald hub: publish notifications and events, mint subscriber tokens,
 * read inboxes, presence and stats. Holds no connection or timer between calls, so there is nothing
 * to close; one instance per hub is enough, shared by all requests.
 */
export class Herald {
  #transport;
  #secret;

  constructor(options) {
    const resolved = resolveOptions(options);
    this.#transport = createTransport(resolved);
    this.#secret = resolved.jwtSecret;
  }

  /** POST /v1/notifications. Retried safely: every attempt carries the same idempotency key. */
  async publish(to, notification) {
    const key = idempotencyKey(notification?.idempotencyKey);
    const body = toJson(notificationBody(to, notification, key));
    return publishResult(await this.#post('v1/notifications', body), key);
  }

  /** POST /v1/notifications/batch: 1..1000 notifications, all published or none. */
  async publishBatch(items) {
    if (!Array.isArray(items) || items.length === 0) {
      throw new TypeError('publishBatch needs a non-empty array of { to, notification }');
    }
    // A key per element, not per call: elements sharing a key would be published once.
    const keys = items.map((item) => idempotencyKey(item?.notification?.idempotencyKey));
    return batchResult(await this.#post('v1/notifications/batch', toJson(batchBody(items, keys))), keys);
  }

  /** POST /v1/events: a custom event under its own SSE name, not kept in the inbox. */
  async sendEvent(to, event) {
    const key = idempotencyKey(event?.idempotencyKey);
    return publishResult(await this.#post('v1/events', toJson(eventBody(to, event, key))), key);
  }

  /** A notification to every user: `publish({ everyone: true }, notification)`. */
  async broadcast(notification) {
    return this.publish({ everyone: true }, notification);
  }

  /**
   * PATCH /v1/notifications/{id}: the fields given replace the notification's (`null` clears an
   * optional one), the others stay. Resolves with the whole new notification, which every
   * recipient's streams also get as `notification.updated`. Retried safely: the same edit again
   * gives the same version.
   */
  async update(notificationId, changes) {
    const body = toJson(updateBody(changes));
    return object(await this.#send('PATCH', `v1/notifications/${pathSegment(notificationId, 'the notification id')}`, body));
  }

  /**
   * DELETE /v1/notifications/{id}: retracts the notification from every inbox; the recipients'
   * streams get `notification.deleted` with `retracted: true`. Retracting again resolves too.
   */
  async retract(notificationId) {
    await this.#send('DELETE', `v1/notifications/${pathSegment(notificationId, 'the notification id')}`, undefined);
  }

  /** POST /v1/tokens: a subscriber token signed by the hub (so this needs no secret here). */
  async mintToken(userId, options = {}) {
    const body = { userId };
    if (options.ttlSeconds !== undefined && options.ttlSeconds !== null) body.ttlSeconds = ttlSeconds(options.ttlSeconds);
    return tokenResult(await this.#post('v1/tokens', toJson(body)));
  }

  /** A subscriber token signed here with `jwtSecret` (HS256), without a request to the hub. */
  mintTokenLocally(userId, options = {}) {
    if (this.#secret === undefined) {
      throw new TypeError('mintTokenLocally needs the hub\'s HERALD_JWT_SECRET as the jwtSecret option');
    }
    return signToken(this.#secret, userId, options);
  }

  /** GET /v1/users/{userId}/notifications: a page of any user's inbox, newest first. */
  async inbox(userId, options = {}) {
    const query = new URLSearchParams();
    if (options.limit !== undefined) query.set('limit', String(options.limit));
    // `cursor` is the previous page's nextBefore; the hub names the parameter `before`.
    const cursor = options.cursor ?? options.before;
    if (cursor !== undefined && cursor !== null) query.set('before', String(cursor));
    if (options.unread !== undefined) query.set('unread', String(options.unread));
    const q = query.toString();
    return this.#get(`v1/users/${pathSegment(userId)}/notifications${q ? `?${q}` : ''}`);
  }

  /** GET /v1/users/{userId}/presence: the user's open streams on every node. */
  async presence(userId) {
    return this.#get(`v1/users/${pathSegment(userId)}/presence`);
  }

  /** GET /v1/stats: the hub's figures. */
  async stats() {
    return this.#get('v1/stats');
  }

  /**
   * GET /health, one probe without retries or key, so the answer describes the hub right now. A
   * draining hub's 503 carries its ordinary health body: that is an answer (`status: 'draining'`).
   */
  async health() {
    const reply = await this.#transport.send({ method: 'GET', path: 'health', auth: false, retryable: false });
    const ok = reply.status >= 200 && reply.status < 300;
    let body;
    try {
      body = object(reply);
    } catch (e) {
      throw ok ? e : errorFromReply(reply, reply.attempts);
    }
    if (ok || typeof body.status === 'string') return body;
    throw errorFromReply(reply, reply.attempts);
  }

  async #post(path, body) {
    // Only bodies that are safe to repeat come here: publishes carry an idempotency key, and
    // minting a token twice just yields two valid tokens.
    return this.#success(await this.#transport.send({ method: 'POST', path, body, auth: true, retryable: true }));
  }

  async #send(method, path, body) {
    // Edits and retractions end in the same state however often they are sent: safe to retry.
    return this.#success(await this.#transport.send({ method, path, body, auth: true, retryable: true }));
  }

  async #get(path) {
    return object(this.#success(await this.#transport.send({ method: 'GET', path, auth: true, retryable: true })));
  }

  #success(reply) {
    if (reply.status >= 200 && reply.status < 300) return reply;
    throw errorFromReply(reply, reply.attempts);
  }
}
