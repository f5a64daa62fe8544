// Against a real hub; skipped unless HERALD_URL and HERALD_API_KEY are set:
//   java -jar herald.jar --port 18480 --data-dir /tmp/hjs-data --heartbeat-ms 1000
//   HERALD_URL=http://127.0.0.1:18480 HERALD_API_KEY=hk_... node --test test/smoke.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Herald } from '../src/herald.js';

const URL_ = process.env.HERALD_URL;
const KEY = process.env.HERALD_API_KEY;
const skip = URL_ && KEY ? false : 'set HERALD_URL and HERALD_API_KEY to run against a hub';
const user = `smoke-${Date.now().toString(36)}`;

async function admin(method, path, body) {
  const res = await fetch(URL_ + path, {
    method, headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

const mint = (ttlSeconds = 3600) => admin('POST', '/v1/tokens', { userId: user, ttlSeconds }).then((r) => r.token);
const publish = (title) => admin('POST', '/v1/notifications', { userId: user, type: 'smoke', title });

async function until(what, check, ms = 5000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function tracked(options) {
  const h = new Herald({ url: URL_, transport: 'fetch', shareAcrossTabs: false, ...options });
  const got = [];
  const statuses = [];
  h.on('*', (data, meta) => got.push({ ...meta, data }));
  h.onStatus((s, d) => statuses.push([s, d]));
  return { h, got, statuses };
}

test('real hub: stream, anchor, items, inbox API, sync events, resume with Last-Event-ID', { skip }, async (t) => {
  const token = await mint();
  const { h, got } = tracked({ token });
  t.after(() => h.disconnect());
  h.connect();
  await until('open', () => h.status === 'open');
  const connected = got.find((g) => g.event === 'connected');
  assert.equal(connected.data.userId, user);
  assert.ok(connected.data.heartbeatMs > 0);
  await until('anchor', () => h.lastEventId !== null);
  assert.match(h.lastEventId, /^[a-z0-9]+-\d+$/);
  assert.equal(got.length, 1, 'the anchor delivers nothing');

  const p1 = await publish('one');
  const p2 = await publish('two');
  await until('two items', () => got.filter((g) => g.event === 'notification').length === 2);
  const items = got.filter((g) => g.event === 'notification');
  assert.deepEqual(items.map((i) => i.id), [p1.id, p2.id]);
  assert.equal(items[0].data.title, 'one');
  assert.equal(h.lastEventId, p2.id);

  // A custom event: its handler gets the published data, its id and createdAt come in meta.
  const ev = await admin('POST', '/v1/events', { userId: user, event: 'upload.progress', data: { pct: 40 } });
  await until('the custom event', () => got.some((g) => g.event === 'upload.progress'));
  const progress = got.find((g) => g.event === 'upload.progress');
  assert.deepEqual(progress.data, { pct: 40 });
  assert.equal(progress.id, ev.id);
  assert.match(progress.createdAt, /^\d{4}-\d\d-\d\dT/);

  const page = await h.api.list({ limit: 1 });
  assert.equal(page.items[0].id, p2.id);
  assert.equal(page.nextBefore, p2.id);
  const older = await h.api.list({ limit: 1, before: page.nextBefore });
  assert.equal(older.items[0].id, p1.id);
  assert.equal(await h.api.unreadCount(), 2);
  await h.api.markRead(p1.id);
  await until('notification.read', () => got.some((g) => g.event === 'notification.read'));
  assert.equal(got.find((g) => g.event === 'notification.read').data.unreadCount, 1);
  assert.equal((await h.api.list({ unreadOnly: true })).items.length, 1);
  assert.deepEqual(await h.api.setPreferences({ mutedTypes: ['promo'] }),
    { mutedTypes: ['promo'], mutedCategories: [], push: true });
  assert.deepEqual(await h.api.setPreferences({ mutedCategories: ['social'] }),
    { mutedTypes: ['promo'], mutedCategories: ['social'], push: true });
  assert.deepEqual(await h.api.setPreferences({ push: false }),
    { mutedTypes: ['promo'], mutedCategories: ['social'], push: false });
  assert.deepEqual(await h.api.getPreferences(), { mutedTypes: ['promo'], mutedCategories: ['social'], push: false });
  await h.api.remove(p2.id);
  await h.api.markAllRead();
  await until('sync events', () => got.some((g) => g.event === 'notification.read' && g.data.all));
  assert.ok(got.some((g) => g.event === 'preferences.updated'));
  assert.ok(got.some((g) => g.event === 'notification.deleted' && g.data.notificationId === p2.id));
  await assert.rejects(h.api.remove(p2.id), (e) => e.status === 404 && e.code === 'not_found');

  // resume: what is published while disconnected is replayed once, in order
  h.disconnect();
  const before = got.length;
  const p3 = await publish('three');
  const p4 = await publish('four');
  h.connect();
  await until('replay', () => got.filter((g) => g.event === 'notification').length === 4);
  await new Promise((r) => setTimeout(r, 300));
  const after = got.slice(before);
  assert.deepEqual(after.map((g) => g.event), ['connected', 'notification', 'notification']);
  assert.deepEqual(after.slice(1).map((g) => g.id), [p3.id, p4.id]);
});

test('real hub: heartbeats keep the watchdog quiet', { skip }, async (t) => {
  const { h, got, statuses } = tracked({ token: await mint() });
  t.after(() => h.disconnect());
  h.connect();
  await until('open', () => h.status === 'open');
  const hb = got.find((g) => g.event === 'connected').data.heartbeatMs;
  if (hb > 2000) t.skip(`heartbeatMs is ${hb}: start the hub with --heartbeat-ms 1000`);
  else {
    await new Promise((r) => setTimeout(r, hb * 4));
    assert.deepEqual(statuses.map((s) => s[0]), ['connecting', 'open']);
  }
});

test('real hub: token_expired event, then a new token from tokenProvider, no item lost', { skip }, async (t) => {
  let asked = 0;
  const { h, got, statuses } = tracked({
    tokenProvider: () => { asked += 1; return mint(asked === 1 ? 2 : 3600); },
  });
  t.after(() => h.disconnect());
  h.connect();
  await until('open', () => h.status === 'open');
  await until('token_expired', () => got.some((g) => g.event === 'token_expired'), 6000);
  const p = await publish('after expiry');
  await until('item after reconnect', () => got.some((g) => g.id === p.id), 6000);
  assert.equal(asked, 2);
  assert.ok(statuses.some(([s, d]) => s === 'reconnecting' && d.reason === 'token_expired'));
  assert.equal(h.status, 'open');
});

test('real hub: an expired token is refused with 401 token_expired', { skip }, async (t) => {
  const token = await mint(1);
  await new Promise((r) => setTimeout(r, 2100));
  const { h, statuses } = tracked({ token });
  t.after(() => h.disconnect());
  h.connect();
  await until('closed', () => h.status === 'closed');
  assert.equal(statuses.at(-1)[1].code, 'token_expired');
  assert.equal(statuses.at(-1)[1].status, 401);
});

test('real hub: an id of another epoch gets reset, then the stream goes live', { skip }, async (t) => {
  const { h, got } = tracked({ token: await mint() });
  t.after(() => h.disconnect());
  h._lastEventId = 'zzzzzzzzzz-5'; // as if left over from a wiped hub
  h.connect();
  await until('reset', () => got.some((g) => g.event === 'reset'));
  const reset = got.find((g) => g.event === 'reset');
  assert.equal(reset.data.reason, 'unknown_epoch');
  assert.equal(h.lastEventId, reset.id);
  const p = await publish('after reset');
  await until('item', () => got.some((g) => g.id === p.id));
});
