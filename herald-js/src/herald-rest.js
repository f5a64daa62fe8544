// The inbox and preferences REST helpers of herald.js (`herald.api`), and the error they throw.
// docs/api.md is the contract.

import { asksToWait, retryAfterMs, waitAfter } from './herald-retry-after.js';

/** How many times one REST call is sent at most when the hub answers 429 or 503. */
export const REST_ATTEMPTS = 3;

/** An error of the hub's HTTP API: .status (HTTP status) and .code (from {"error":{"code"}}). */
export class HeraldError extends Error {
  constructor(message, status, code) {
    super(message);
    this.name = 'HeraldError';
    this.status = status;
    this.code = code;
  }
}

/** { code, message } of a hub error body ({"error":{"code","message"}}); undefined ones otherwise. */
export async function readErrorBody(res) {
  try {
    const body = await res.json();
    if (body && body.error && typeof body.error === 'object') {
      return { code: body.error.code, message: body.error.message };
    }
  } catch {
    // not JSON
  }
  return { code: undefined, message: undefined };
}

/**
 * The REST helpers over `client`, which gives: url, fetchFn(), obtainToken(), invalidateToken(t),
 * refreshable (a tokenProvider exists), maxWaitMs, jitter, random.
 *
 * A 429 or 503 is sent again after its Retry-After (with jitter), up to REST_ATTEMPTS sends per
 * call, while the wait is at most maxWaitMs. Until a Retry-After has passed, every call of this
 * client waits for it first (or, when the rest of the wait is longer than maxWaitMs, fails at once
 * with the hub's refusal and .retryAfterMs): the hub never sees an attempt it asked not to get.
 */
export function createApi(client) {
  let refusal = null; // { until, status, code, message }: the last Retry-After

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  const refused = (r, leftMs) => {
    const err = new HeraldError(r.message || `HTTP ${r.status}`, r.status, r.code);
    err.retryAfterMs = leftMs;
    return err;
  };

  /** Waits out the last Retry-After, or throws when it is longer than a call may wait. */
  const waitForHub = async () => {
    while (refusal) {
      const r = refusal;
      const left = r.until - Date.now();
      if (left <= 0) {
        if (refusal === r) refusal = null;
        return;
      }
      if (left > client.maxWaitMs) throw refused(r, left);
      await sleep(waitAfter(left, 0, client.jitter, client.random));
      if (refusal === r) refusal = null;
    }
  };

  /** One exchange, with one retry on a refused token when a tokenProvider can give a new one. */
  const exchange = async (fetchFn, method, path, body) => {
    const send = (token) => {
      const headers = { Accept: 'application/json' };
      if (token) headers.Authorization = `Bearer ${token}`;
      const init = { method, headers };
      if (body !== undefined) {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(body);
      }
      return fetchFn(client.url + path, init);
    };
    let token = await client.obtainToken();
    let res = await send(token);
    if (res.ok) return { res };
    let err = await readErrorBody(res);
    if (res.status === 401 && client.refreshable
        && (err.code === 'token_expired' || err.code === 'invalid_token')) {
      client.invalidateToken(token);
      token = await client.obtainToken();
      res = await send(token);
      if (res.ok) return { res };
      err = await readErrorBody(res);
    }
    return { res, err };
  };

  const request = async (method, path, body) => {
    const fetchFn = client.fetchFn();
    if (typeof fetchFn !== 'function') throw new HeraldError('fetch is not available', 0, 'no_fetch');
    for (let attempt = 1; ; attempt += 1) {
      await waitForHub();
      const { res, err } = await exchange(fetchFn, method, path, body);
      if (!err) {
        if (res.status === 204) return undefined;
        const text = await res.text();
        return text ? JSON.parse(text) : undefined;
      }
      if (!asksToWait(res.status)) {
        throw new HeraldError(err.message || `HTTP ${res.status}`, res.status, err.code);
      }
      const waitMs = retryAfterMs(res);
      refusal = { until: Date.now() + waitMs, status: res.status, code: err.code, message: err.message };
      if (attempt >= REST_ATTEMPTS || waitMs > client.maxWaitMs) throw refused(refusal, waitMs);
    }
  };

  const enc = encodeURIComponent;
  return {
    /**
     * A page of the inbox, newest first: { items, unreadCount, nextBefore }. Archived notifications
     * are left out unless `archived: true` (the archive alone). `unreadOnly` is the older name of `unread`.
     */
    list: ({ before, limit, unread, unreadOnly, unseen, archived, category, tag } = {}) => {
      const q = [];
      if (limit !== undefined && limit !== null) q.push(`limit=${enc(limit)}`);
      if (before) q.push(`before=${enc(before)}`);
      if (unread || unreadOnly) q.push('unread=true');
      if (unseen) q.push('unseen=true');
      if (archived) q.push('archived=true');
      if (category) q.push(`category=${enc(category)}`);
      if (tag) q.push(`tag=${enc(tag)}`);
      return request('GET', `/v1/me/notifications${q.length ? `?${q.join('&')}` : ''}`);
    },
    /** The unread count (a number). */
    unreadCount: () => request('GET', '/v1/me/notifications/unread-count').then((r) => r.unreadCount),
    /** { unread, unseen, total, categories: { [category]: { unread, unseen, total } } }, archived excluded. */
    counts: () => request('GET', '/v1/me/notifications/counts'),
    markRead: (id) => request('POST', `/v1/me/notifications/${enc(id)}/read`),
    markAllRead: () => request('POST', '/v1/me/notifications/read-all'),
    /** Clears it from the unseen count without reading it. */
    markSeen: (id) => request('POST', `/v1/me/notifications/${enc(id)}/seen`),
    /** Unread again; it stays seen. */
    markUnread: (id) => request('POST', `/v1/me/notifications/${enc(id)}/unread`),
    archive: (id) => request('POST', `/v1/me/notifications/${enc(id)}/archive`),
    unarchive: (id) => request('POST', `/v1/me/notifications/${enc(id)}/unarchive`),
    remove: (id) => request('DELETE', `/v1/me/notifications/${enc(id)}`),
    /**
     * One change to many notifications in one transaction: { action, ids } (1..100 ids) or
     * { action, all: true, filter? }. Resolves to { changed }: how many actually changed state.
     */
    bulk: ({ action, ids, all, filter }) => request('POST', '/v1/me/notifications/bulk', all === true
      ? { action, all: true, ...(filter && { filter }) }
      : { action, ids }),
    /** Presses a notification's action button (it also reads the notification); idempotent. */
    act: (id, actionId) => request('POST', `/v1/me/notifications/${enc(id)}/actions/${enc(actionId)}`),
    /** { mutedTypes, mutedCategories } */
    getPreferences: () => request('GET', '/v1/me/preferences'),
    /**
     * Replaces the lists given (mutedTypes and/or mutedCategories); a list left out is kept.
     * Resolves to the stored { mutedTypes, mutedCategories }.
     */
    setPreferences: ({ mutedTypes, mutedCategories, push }) => request('PUT', '/v1/me/preferences',
      { ...(mutedTypes !== undefined && { mutedTypes }), ...(mutedCategories !== undefined && { mutedCategories }),
        ...(push !== undefined && { push }) }),
    /** { publicKey }: the hub's VAPID public key (base64url), for PushManager.subscribe. */
    pushPublicKey: () => request('GET', '/v1/push/vapid-public-key'),
    /** { items: [{ endpoint, createdAt }] }: the user's Web Push subscriptions. */
    pushSubscriptions: () => request('GET', '/v1/me/push-subscriptions'),
    /** Registers a browser's PushSubscription (its toJSON()) for the user; resolves to { endpoint, createdAt }. */
    addPushSubscription: (subscription) => request('POST', '/v1/me/push-subscriptions', subscription),
    /** Removes one (also when it is not there). */
    removePushSubscription: (endpoint) => request('DELETE', `/v1/me/push-subscriptions?endpoint=${enc(endpoint)}`),
  };
}
