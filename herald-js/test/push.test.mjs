// herald.push: enable(), disable(), status() and the service worker's messages, against a fake hub
// (a fetch that keeps the push routes of docs/api.md in a Map) and the browser's Web Push surface as
// small fakes: Notification (permission, requestPermission), navigator.serviceWorker (register,
// getRegistration, message events) and a registration's PushManager (getSubscription, subscribe).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Herald, HeraldError } from '../src/herald.js';
import { keyBytes } from '../src/herald-push.js';
import { flush } from './support/fakes.mjs';

const KEY = 'BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM';

/** The hub's push routes; `vapid: false` is a hub without push (404 on every push route). */
function fakeHub({ vapid = true, owners = null } = {}) {
  const subs = new Map(); // endpoint -> { endpoint, createdAt, keys }
  const requests = [];
  const asUsers = []; // "<route> <bearer token>", for checks of whose token a request carried
  const json = (status, body) => new Response(status === 204 ? null : JSON.stringify(body),
    { status, headers: { 'content-type': 'application/json' } });
  const fetch = async (url, init = {}) => {
    const u = new URL(url, 'http://hub.test');
    const route = `${init.method} ${u.pathname}`;
    requests.push(route);
    asUsers.push(`${route} ${new Headers(init.headers).get('authorization')}`);
    if (!vapid) return json(404, { error: { code: 'not_found', message: 'no such resource' } });
    if (route === 'GET /v1/push/vapid-public-key') return json(200, { publicKey: KEY });
    if (route === 'POST /v1/me/push-subscriptions') {
      const body = JSON.parse(init.body);
      subs.set(body.endpoint, { endpoint: body.endpoint, createdAt: '2026-12-03T12:00:00Z', keys: body.keys });
      return json(201, { endpoint: body.endpoint, createdAt: '2026-12-03T12:00:00Z' });
    }
    if (route === 'GET /v1/me/push-subscriptions') {
      return json(200, { items: [...subs.values()].map(({ endpoint, createdAt }) => ({ endpoint, createdAt })) });
    }
    if (route === 'DELETE /v1/me/push-subscriptions') {
      subs.delete(u.searchParams.get('endpoint'));
      return json(204);
    }
    if (route.startsWith('POST /v1/me/notifications/')) {
      // With owners given, like the hub: another user's notification is not found.
      const id = u.pathname.split('/')[4];
      const token = new Headers(init.headers).get('authorization');
      if (owners && owners[id] !== token) return json(404, { error: { code: 'not_found', message: 'no such notification' } });
      return json(204);
    }
    return json(404, { error: { code: 'not_found', message: 'no such resource' } });
  };
  return { fetch, subs, requests, asUsers };
}

let endpoints = 0;

class FakeSubscription {
  constructor(manager, options) {
    endpoints += 1;
    this.manager = manager;
    this.endpoint = `https://push.example/send/${endpoints}`;
    this.options = { userVisibleOnly: options.userVisibleOnly, applicationServerKey: options.applicationServerKey.buffer };
  }

  toJSON() {
    return { endpoint: this.endpoint, expirationTime: null, keys: { p256dh: 'BPubKey', auth: 'c2VjcmV0' } };
  }

  async unsubscribe() {
    if (this.manager.current === this) this.manager.current = null;
    return true;
  }
}

class FakePushManager {
  constructor() {
    this.current = null;
    this.subscribed = [];
  }

  async getSubscription() { return this.current; }

  async subscribe(options) {
    this.subscribed.push(options);
    this.current = new FakeSubscription(this, options);
    return this.current;
  }
}

/** The browser: Notification with a permission, a service worker container, a PushManager. */
function fakeBrowser({ permission = 'default', answer = 'granted' } = {}) {
  const asked = [];
  class FakeNotification {
    static permission = permission;

    static async requestPermission() {
      asked.push(true);
      FakeNotification.permission = answer;
      return answer;
    }
  }
  const listeners = new Set();
  let registration = null;
  const serviceWorker = {
    registered: [],
    started: 0,
    async register(url, options) {
      this.registered.push([url, options]);
      if (!registration) {
        // A fresh registration: its worker installs, then activates (PushManager needs an active one).
        const worker = new EventTarget();
        worker.state = 'installing';
        registration = { active: null, installing: worker, waiting: null, pushManager: new FakePushManager() };
        setTimeout(() => {
          worker.state = 'activated';
          registration.active = worker;
          registration.installing = null;
          worker.dispatchEvent(new Event('statechange'));
        }, 1);
      }
      return registration;
    },
    async getRegistration() { return registration ?? undefined; },
    addEventListener(type, fn) { if (type === 'message') listeners.add(fn); },
    removeEventListener(type, fn) { if (type === 'message') listeners.delete(fn); },
    startMessages() { this.started += 1; },
    controller: { told: [], postMessage(m) { this.told.push(m); } },
    /** What the worker posts to this page. */
    deliver(data) { for (const fn of [...listeners]) fn({ data }); },
    get listeners() { return listeners.size; },
  };
  return {
    Notification: FakeNotification, serviceWorker, PushManager: FakePushManager, asked,
    get registration() { return registration; },
  };
}

function herald(browser, hub, token = 'tok') {
  return new Herald({
    url: '', token, fetch: hub.fetch, shareAcrossTabs: false,
    serviceWorker: browser.serviceWorker, Notification: browser.Notification, PushManager: browser.PushManager,
  });
}

test('status is unsupported without a service worker, Push API or Notification, and enable says why', async () => {
  const hub = fakeHub();
  for (const missing of ['serviceWorker', 'Notification', 'PushManager']) {
    const browser = fakeBrowser();
    const h = new Herald({ url: '', token: 'tok', fetch: hub.fetch, serviceWorker: browser.serviceWorker,
      Notification: browser.Notification, PushManager: browser.PushManager, [missing]: null });
    assert.equal(await h.push.status(), 'unsupported', missing);
    await assert.rejects(h.push.enable(), (e) => e instanceof HeraldError && e.code === 'push_unsupported', missing);
    assert.equal(await h.push.disable(), 'unsupported');
  }
  assert.deepEqual(hub.requests, [], 'nothing is asked of the hub');
});

test('enable registers the worker, asks permission, subscribes with the hub\'s key and registers the subscription', async () => {
  const browser = fakeBrowser();
  const hub = fakeHub();
  const h = herald(browser, hub);
  assert.equal(await h.push.status(), 'disabled');
  assert.equal(await h.push.enable(), 'enabled');
  assert.deepEqual(browser.serviceWorker.registered, [['/herald-sw.js', undefined]]);
  assert.equal(browser.asked.length, 1);
  const [options] = browser.registration.pushManager.subscribed;
  assert.equal(options.userVisibleOnly, true);
  assert.deepEqual([...options.applicationServerKey], [...keyBytes(KEY)]);
  assert.equal(options.applicationServerKey.length, 65, 'an uncompressed P-256 point');
  const endpoint = browser.registration.pushManager.current.endpoint;
  assert.deepEqual([...hub.subs.keys()], [endpoint]);
  assert.deepEqual(hub.subs.get(endpoint).keys, { p256dh: 'BPubKey', auth: 'c2VjcmV0' });
  assert.equal(await h.push.status(), 'enabled');
});

test('enable again keeps the subscription; one made with another key is replaced', async () => {
  const browser = fakeBrowser({ permission: 'granted' });
  const hub = fakeHub();
  const h = herald(browser, hub);
  await h.push.enable();
  const first = browser.registration.pushManager.current;
  await h.push.enable();
  assert.equal(browser.registration.pushManager.current, first);
  assert.equal(browser.asked.length, 0, 'permission already granted: not asked');

  first.options.applicationServerKey = new Uint8Array(65).buffer; // the hub's keys changed
  await h.push.enable();
  assert.notEqual(browser.registration.pushManager.current, first);
  assert.equal(browser.registration.pushManager.subscribed.length, 2);
});

test('a refused permission rejects with push_denied and subscribes nothing; status is then denied', async () => {
  const browser = fakeBrowser({ answer: 'denied' });
  const hub = fakeHub();
  const h = herald(browser, hub);
  await assert.rejects(h.push.enable(), (e) => e instanceof HeraldError && e.code === 'push_denied');
  assert.equal(browser.registration, null, 'no worker registered');
  assert.equal(hub.subs.size, 0);
  assert.equal(await h.push.status(), 'denied');
  await assert.rejects(h.push.enable(), (e) => e.code === 'push_denied');
  assert.equal(browser.asked.length, 1, 'a denied permission is not asked again');
});

test('permission dismissed (still default) is push_denied too', async () => {
  const browser = fakeBrowser({ answer: 'default' });
  const h = herald(browser, fakeHub());
  await assert.rejects(h.push.enable(), (e) => e.code === 'push_denied');
  assert.equal(await h.push.status(), 'disabled');
});

test('a hub without push (404) rejects with push_unavailable before asking the user anything', async () => {
  const browser = fakeBrowser();
  const hub = fakeHub({ vapid: false });
  const h = herald(browser, hub);
  await assert.rejects(h.push.enable(), (e) => e instanceof HeraldError && e.code === 'push_unavailable' && e.status === 404);
  assert.equal(browser.asked.length, 0);
  assert.deepEqual(hub.requests, ['GET /v1/push/vapid-public-key']);
});

test('disable unsubscribes the browser and deletes the subscription on the hub', async () => {
  const browser = fakeBrowser();
  const hub = fakeHub();
  const h = herald(browser, hub);
  await h.push.enable();
  const endpoint = browser.registration.pushManager.current.endpoint;
  assert.equal(await h.push.disable(), 'disabled');
  assert.equal(browser.registration.pushManager.current, null);
  assert.equal(hub.subs.size, 0);
  assert.ok(hub.requests.includes('DELETE /v1/me/push-subscriptions'));
  assert.ok(!hub.subs.has(endpoint));
  assert.equal(await h.push.status(), 'disabled');
  assert.equal(await h.push.disable(), 'disabled', 'twice is fine');
});

test('sign-out: disable() DELETEs exactly this browser\'s endpoint as the signed-in user, so the next user gets none of their pushes; offline, the browser is unsubscribed anyway', async () => {
  const browser = fakeBrowser();
  const hub = fakeHub();
  const alice = herald(browser, hub, 'alice-token');
  await alice.push.enable();
  const endpoint = browser.registration.pushManager.current.endpoint;
  const phone = 'https://push.example/send/alice-phone'; // alice's other device keeps its pushes
  hub.subs.set(phone, { endpoint: phone, createdAt: '2026-12-03T12:00:00Z', keys: { p256dh: 'x', auth: 'y' } });
  assert.equal(await alice.push.disable(), 'disabled');
  assert.equal(browser.registration.pushManager.current, null, 'the browser is unsubscribed');
  assert.deepEqual([...hub.subs.keys()], [phone], 'the hub forgot this browser\'s endpoint, and only it');
  assert.deepEqual(hub.asUsers.filter((r) => r.startsWith('DELETE')), ['DELETE /v1/me/push-subscriptions Bearer alice-token'],
    'asked as alice, while her token still works');
  assert.ok(!hub.subs.has(endpoint));

  // The next user of this browser: nothing of alice's is subscribed here; turning push on makes a fresh endpoint.
  const bob = herald(browser, hub, 'bob-token');
  assert.equal(await bob.push.status(), 'disabled');
  await bob.push.enable();
  assert.notEqual(browser.registration.pushManager.current.endpoint, endpoint);

  // Signing out offline: the hub cannot be told and disable() rejects, but the browser is unsubscribed
  // first, so nothing reaches it (the hub drops the endpoint at the push service's 410).
  const offline = { fetch: (url, init) => (init.method === 'DELETE' ? Promise.reject(new TypeError('Failed to fetch')) : hub.fetch(url, init)) };
  await assert.rejects(herald(browser, offline, 'bob-token').push.disable(), TypeError);
  assert.equal(browser.registration.pushManager.current, null);
});

test('status is disabled when this browser\'s subscription is not the user\'s on the hub', async () => {
  const browser = fakeBrowser();
  const hub = fakeHub();
  const h = herald(browser, hub);
  await h.push.enable();
  hub.subs.clear(); // another user took it over, or the hub dropped it
  assert.equal(await h.push.status(), 'disabled');
});

test('a click in the worker marks the notification read through this tab, while it is connected', async () => {
  const browser = fakeBrowser();
  const hub = fakeHub();
  const h = herald(browser, hub);
  h.connect();
  assert.equal(browser.serviceWorker.listeners, 1);
  assert.equal(browser.serviceWorker.started, 1, 'queued messages are let in');
  browser.serviceWorker.deliver({ type: 'herald.push.click', id: '7-abc', notification: {} });
  browser.serviceWorker.deliver({ type: 'herald.push.click', id: '7-abc', notification: {} }); // told again
  browser.serviceWorker.deliver({ type: 'something else', id: '8-abc' });
  await flush();
  assert.deepEqual(hub.requests.filter((r) => r.startsWith('POST /v1/me/notifications')),
    ['POST /v1/me/notifications/7-abc/read'], 'once');
  assert.deepEqual(browser.serviceWorker.controller.told, [{ type: 'herald.push.ready' }], 'the worker is told the page listens');
  h.disconnect();
  assert.equal(browser.serviceWorker.listeners, 0);
});

test('two users in one browser: a click reaches both tabs, each asks as its own user, only the owner\'s read counts', async () => {
  const browser = fakeBrowser();
  const hub = fakeHub({ owners: { '7-abc': 'Bearer alice-token' } });
  const alice = herald(browser, hub, 'alice-token');
  const bob = herald(browser, hub, 'bob-token');
  const errors = [];
  bob.on('error', (e) => errors.push(e));
  alice.connect();
  bob.connect();
  browser.serviceWorker.deliver({ type: 'herald.push.click', id: '7-abc', notification: {} });
  await flush();
  const reads = hub.asUsers.filter((r) => r.startsWith('POST /v1/me/notifications'));
  // The worker cannot tell whose tab is whose: each tab asks with its own token, and the hub (not
  // the page) keeps users apart: bob's attempt is a 404 that changes nothing and is not an error.
  assert.deepEqual(reads.sort(), ['POST /v1/me/notifications/7-abc/read Bearer alice-token',
    'POST /v1/me/notifications/7-abc/read Bearer bob-token']);
  assert.deepEqual(errors, []);
  alice.disconnect();
  bob.disconnect();
});

test('one user in two tabs: a click marks it read from each tab once (the hub keeps the first read time)', async () => {
  const browser = fakeBrowser();
  const hub = fakeHub({ owners: { '7-abc': 'Bearer alice-token' } });
  const tab1 = herald(browser, hub, 'alice-token');
  const tab2 = herald(browser, hub, 'alice-token');
  tab1.connect();
  tab2.connect();
  browser.serviceWorker.deliver({ type: 'herald.push.click', id: '7-abc', notification: {} });
  browser.serviceWorker.deliver({ type: 'herald.push.click', id: '7-abc', notification: {} });
  await flush();
  assert.equal(hub.asUsers.filter((r) => r === 'POST /v1/me/notifications/7-abc/read Bearer alice-token').length, 2,
    'one read per tab, however often the worker repeats itself');
  tab1.disconnect();
  tab2.disconnect();
});

test('a renewed subscription is registered and the old endpoint removed', async () => {
  const browser = fakeBrowser();
  const hub = fakeHub();
  const h = herald(browser, hub);
  await h.push.enable();
  const old = browser.registration.pushManager.current;
  const renewed = await browser.registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(KEY) });
  h.connect();
  browser.serviceWorker.deliver({ type: 'herald.push.subscriptionchange', oldEndpoint: old.endpoint });
  await flush();
  assert.deepEqual([...hub.subs.keys()], [renewed.endpoint]);
  h.disconnect();
});
