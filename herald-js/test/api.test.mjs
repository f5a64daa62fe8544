import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Herald, HeraldError } from '../src/herald.js';

/** A fetch that records requests and answers from a list of [status, body] replies. */
function recorder(...replies) {
  const requests = [];
  const fetch = async (url, init = {}) => {
    const headers = new Headers(init.headers || {});
    requests.push({ url, method: init.method, auth: headers.get('authorization'),
      type: headers.get('content-type'), body: init.body });
    const [status, body] = replies.shift() ?? [200, {}];
    if (status === 204) return new Response(null, { status });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
  };
  return { fetch, requests };
}

const page = { items: [{ id: 'ep-2', title: 'x', read: false, readAt: null }], unreadCount: 1, nextBefore: 'ep-2' };

test('list: GET /v1/me/notifications with limit, before and unread', async () => {
  const { fetch, requests } = recorder([200, page], [200, page]);
  const h = new Herald({ url: 'http://hub.test/', token: 'tok', fetch });
  assert.deepEqual(await h.api.list({ before: 'ep-9', limit: 2, unreadOnly: true }), page);
  await h.api.list();
  assert.deepEqual(requests.map((r) => [r.method, r.url, r.auth]), [
    ['GET', 'http://hub.test/v1/me/notifications?limit=2&before=ep-9&unread=true', 'Bearer tok'],
    ['GET', 'http://hub.test/v1/me/notifications', 'Bearer tok'],
  ]);
});

test('list filters: unread (or unreadOnly), unseen, archived, category, tag', async () => {
  const { fetch, requests } = recorder([200, page], [200, page]);
  const h = new Herald({ url: '', token: 'tok', fetch });
  await h.api.list({ unread: true, unseen: true, archived: true, category: 'social', tag: 'a b' });
  await h.api.list({ archived: false, unseen: false });
  assert.deepEqual(requests.map((r) => r.url), [
    '/v1/me/notifications?unread=true&unseen=true&archived=true&category=social&tag=a%20b',
    '/v1/me/notifications',
  ]);
});

test('unreadCount, markRead, markAllRead, remove, preferences', async () => {
  const { fetch, requests } = recorder([200, { unreadCount: 3 }], [204], [204], [204],
    [200, { mutedTypes: [] }], [200, { mutedTypes: ['promo'] }], [200, { mutedTypes: ['promo'], mutedCategories: ['social'] }]);
  const h = new Herald({ url: '', token: 'tok', fetch });
  assert.equal(await h.api.unreadCount(), 3);
  assert.equal(await h.api.markRead('ep/1'), undefined);
  assert.equal(await h.api.markAllRead(), undefined);
  assert.equal(await h.api.remove('ep-1'), undefined);
  assert.deepEqual(await h.api.getPreferences(), { mutedTypes: [] });
  assert.deepEqual(await h.api.setPreferences({ mutedTypes: ['promo'] }), { mutedTypes: ['promo'] });
  await h.api.setPreferences({ mutedCategories: ['social'] });
  assert.deepEqual(requests.map((r) => `${r.method} ${r.url}`), [
    'GET /v1/me/notifications/unread-count',
    'POST /v1/me/notifications/ep%2F1/read',
    'POST /v1/me/notifications/read-all',
    'DELETE /v1/me/notifications/ep-1',
    'GET /v1/me/preferences',
    'PUT /v1/me/preferences',
    'PUT /v1/me/preferences',
  ]);
  assert.equal(requests[5].type, 'application/json');
  assert.equal(requests[5].body, '{"mutedTypes":["promo"]}');
  assert.equal(requests[6].body, '{"mutedCategories":["social"]}', 'a list left out is not sent');
  assert.equal(requests[1].type, null, 'no body, no content type');
});

test('markSeen, markUnread, archive, unarchive: POST to the notification', async () => {
  const { fetch, requests } = recorder([204], [204], [204], [204]);
  const h = new Herald({ url: '', token: 'tok', fetch });
  assert.equal(await h.api.markSeen('ep/1'), undefined);
  assert.equal(await h.api.markUnread('ep-1'), undefined);
  assert.equal(await h.api.archive('ep-1'), undefined);
  assert.equal(await h.api.unarchive('ep-1'), undefined);
  assert.deepEqual(requests.map((r) => `${r.method} ${r.url} ${r.auth}`), [
    'POST /v1/me/notifications/ep%2F1/seen Bearer tok',
    'POST /v1/me/notifications/ep-1/unread Bearer tok',
    'POST /v1/me/notifications/ep-1/archive Bearer tok',
    'POST /v1/me/notifications/ep-1/unarchive Bearer tok',
  ]);
});

test('counts: GET /v1/me/notifications/counts, the reply as-is', async () => {
  const counts = { unread: 2, unseen: 1, total: 3, categories: { social: { unread: 1, unseen: 1, total: 1 } } };
  const { fetch, requests } = recorder([200, counts]);
  const h = new Herald({ url: 'http://hub.test', token: 'tok', fetch });
  assert.deepEqual(await h.api.counts(), counts);
  assert.deepEqual(requests.map((r) => `${r.method} ${r.url} ${r.auth}`),
    ['GET http://hub.test/v1/me/notifications/counts Bearer tok']);
});

test('errors throw with .status and .code from the error body', async () => {
  const { fetch } = recorder([404, { error: { code: 'not_found', message: 'no such notification in your inbox' } }],
    [500, 'not json']);
  const h = new Herald({ token: 'tok', fetch });
  await assert.rejects(h.api.markRead('ep-1'), (err) => {
    assert.ok(err instanceof HeraldError);
    assert.ok(err instanceof Error);
    assert.equal(err.status, 404);
    assert.equal(err.code, 'not_found');
    assert.equal(err.message, 'no such notification in your inbox');
    return true;
  });
  await assert.rejects(h.api.unreadCount(), (err) => err.status === 500 && err.code === undefined);
});

test('a 401 token_expired refreshes the token through tokenProvider and retries once', async () => {
  const { fetch, requests } = recorder([401, { error: { code: 'token_expired', message: 'expired' } }],
    [200, { unreadCount: 1 }], [401, { error: { code: 'invalid_token', message: 'bad' } }],
    [401, { error: { code: 'invalid_token', message: 'still bad' } }]);
  const tokens = ['old', 'new', 'newer'];
  const h = new Herald({ tokenProvider: async () => tokens.shift(), fetch });
  assert.equal(await h.api.unreadCount(), 1);
  assert.deepEqual(requests.map((r) => r.auth), ['Bearer old', 'Bearer new']);
  await assert.rejects(h.api.unreadCount(), (err) => err.status === 401 && err.code === 'invalid_token'
    && err.message === 'still bad');
  assert.equal(requests.length, 4, 'one retry, not a loop');
});

test('a fixed token is not refreshed: the 401 is thrown', async () => {
  const { fetch, requests } = recorder([401, { error: { code: 'token_expired', message: 'expired' } }]);
  const h = new Herald({ token: 'tok', fetch });
  await assert.rejects(h.api.list(), (err) => err.code === 'token_expired');
  assert.equal(requests.length, 1);
});

test('bulk: POST /v1/me/notifications/bulk with ids, or all with an optional filter; resolves to { changed }', async () => {
  const { fetch, requests } = recorder([200, { changed: 2 }], [200, { changed: 5 }], [200, { changed: 0 }]);
  const h = new Herald({ url: '', token: 'tok', fetch });
  assert.deepEqual(await h.api.bulk({ action: 'seen', ids: ['ep-1', 'ep-2'] }), { changed: 2 });
  assert.deepEqual(await h.api.bulk({ action: 'archive', all: true, filter: { read: true, category: 'social' } }), { changed: 5 });
  assert.deepEqual(await h.api.bulk({ action: 'read', all: true }), { changed: 0 });
  assert.deepEqual(requests.map((r) => [r.method, r.url, r.type, JSON.parse(r.body)]), [
    ['POST', '/v1/me/notifications/bulk', 'application/json', { action: 'seen', ids: ['ep-1', 'ep-2'] }],
    ['POST', '/v1/me/notifications/bulk', 'application/json', { action: 'archive', all: true, filter: { read: true, category: 'social' } }],
    ['POST', '/v1/me/notifications/bulk', 'application/json', { action: 'read', all: true }],
  ]);
});

test('bulk: a 422 invalid is thrown with its code', async () => {
  const { fetch } = recorder([422, { error: { code: 'invalid', message: 'ids: at most 100' } }]);
  const h = new Herald({ url: '', token: 'tok', fetch });
  await assert.rejects(h.api.bulk({ action: 'seen', ids: [] }),
    (e) => e instanceof HeraldError && e.status === 422 && e.code === 'invalid' && e.message === 'ids: at most 100');
});

test('act: POST /v1/me/notifications/{id}/actions/{actionId}, both escaped; a 404 is thrown', async () => {
  const { fetch, requests } = recorder([204], [404, { error: { code: 'not_found', message: 'no such action' } }]);
  const h = new Herald({ url: 'http://hub.test', token: 'tok', fetch });
  assert.equal(await h.api.act('ep-1', 'accept'), undefined);
  await assert.rejects(h.api.act('ep/2', 'a b'), (e) => e.status === 404 && e.code === 'not_found');
  assert.deepEqual(requests.map((r) => `${r.method} ${r.url} ${r.auth} ${r.body}`), [
    'POST http://hub.test/v1/me/notifications/ep-1/actions/accept Bearer tok undefined',
    'POST http://hub.test/v1/me/notifications/ep%2F2/actions/a%20b Bearer tok undefined',
  ]);
});
