// herald-sw.js, the real file, run in a fresh V8 context whose `self` is a small stand-in for a
// ServiceWorkerGlobalScope: a registration (scope, showNotification, pushManager) and clients
// (matchAll, openWindow, claim), recording what the worker asks of them. Events are dispatched as
// the browser does: a handler runs, and the test waits for every promise given to waitUntil.
import { mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const source = readFileSync(new URL('../src/herald-sw.js', import.meta.url), 'utf8');
const SCOPE = 'https://app.example/';

let clientIds = 0;

class FakeWindowClient {
  constructor(url, calls) {
    clientIds += 1;
    this.id = `client-${clientIds}`;
    this.url = url;
    this.type = 'window';
    this.messages = [];
    this.calls = calls;
  }

  focus() {
    this.calls.push(['focus', this.url]);
    return Promise.resolve(this);
  }

  postMessage(message) {
    this.messages.push(structuredClone(message)); // postMessage clones, as the browser does
  }
}

/** Loads the worker into a fresh context; `open` are the URLs of the app's open tabs. */
/**
 * `pageListens`: a page opened by openWindow starts its Herald after openWindow resolved and says
 * 'herald.push.ready' (as herald.js does); false: it never does.
 */
function loadWorker({ open = [], openWindowGives = (url) => url, pageListens = true } = {}) {
  const calls = [];
  const listeners = new Map();
  const windows = open.map((url) => new FakeWindowClient(url, calls));
  const subscriptions = [];
  const self = {
    addEventListener: (name, fn) => listeners.set(name, fn),
    skipWaiting: () => Promise.resolve(),
    registration: {
      scope: SCOPE,
      showNotification: (title, options) => {
        calls.push(['showNotification', title, structuredClone(options)]); // the browser keeps a clone
        return Promise.resolve();
      },
      pushManager: {
        subscribe: (options) => {
          calls.push(['subscribe', structuredClone(options)]);
          const sub = { endpoint: 'https://push.example/new', options };
          subscriptions.push(sub);
          return Promise.resolve(sub);
        },
      },
    },
    clients: {
      matchAll: (query) => {
        calls.push(['matchAll', query]);
        return Promise.resolve(windows.slice());
      },
      openWindow: (url) => {
        calls.push(['openWindow', url]);
        const landed = openWindowGives(url);
        const client = landed === null ? null : new FakeWindowClient(landed, calls);
        if (client) windows.push(client);
        if (client && pageListens) {
          setImmediate(() => listeners.get('message')({ data: { type: 'herald.push.ready' }, source: client }));
        }
        return Promise.resolve(client);
      },
      claim: () => Promise.resolve(),
    },
  };
  // The timers are looked up at each call, so that mock.timers reaches the worker too.
  const timers = { setTimeout: (...a) => setTimeout(...a), clearTimeout: (t) => clearTimeout(t) };
  vm.runInNewContext(source, { self, URL, ...timers }, { filename: 'herald-sw.js' });
  async function dispatch(name, init) {
    const pending = [];
    const event = { ...init, waitUntil: (p) => pending.push(p) };
    listeners.get(name)(event);
    await Promise.all(pending);
    return event;
  }
  return { calls, windows, dispatch, listeners };
}

function pushData(value) {
  const raw = typeof value === 'string' ? value : JSON.stringify(value);
  return { json: () => JSON.parse(raw), text: () => raw };
}

function notification(data) {
  const n = { data, closed: false, close() { n.closed = true; } };
  return n;
}

const payload = {
  id: '7-abc', title: 'Build failed', body: 'main is red', actionUrl: '/builds/42', type: 'ci', category: 'builds',
};

test('the worker listens to install, activate, push, notificationclick and pushsubscriptionchange', () => {
  const { listeners } = loadWorker();
  assert.deepEqual([...listeners.keys()].sort(),
    ['activate', 'install', 'message', 'notificationclick', 'push', 'pushsubscriptionchange']);
});

test('a push shows the notification: title, body, the id as tag (a repeat replaces it), the payload as data', async () => {
  const { calls, dispatch } = loadWorker();
  await dispatch('push', { data: pushData(payload) });
  assert.deepEqual(calls, [['showNotification', 'Build failed', { data: payload, body: 'main is red', tag: '7-abc' }]]);
});

test('an icon is shown when the payload has a safe one, and left out when not', async () => {
  const { calls, dispatch } = loadWorker();
  await dispatch('push', { data: pushData({ ...payload, icon: '/favicon.svg' }) });
  await dispatch('push', { data: pushData({ ...payload, icon: 'javascript:alert(1)' }) });
  assert.equal(calls[0][2].icon, 'https://app.example/favicon.svg');
  assert.equal('icon' in calls[1][2], false);
});

test('a push without data or with text that is not JSON still shows a notification', async () => {
  const { calls, dispatch } = loadWorker();
  await dispatch('push', { data: null });
  await dispatch('push', { data: pushData('plain words') });
  assert.deepEqual(calls[0], ['showNotification', 'New notification', { data: {} }]);
  assert.deepEqual(calls[1], ['showNotification', 'New notification', { data: { body: 'plain words' }, body: 'plain words' }]);
});

test('a click with no tab open opens the actionUrl on the app\'s origin and asks that page to mark it read', async () => {
  const { calls, windows, dispatch } = loadWorker();
  const n = notification(payload);
  await dispatch('notificationclick', { notification: n });
  assert.equal(n.closed, true);
  assert.deepEqual(calls.filter((c) => c[0] === 'openWindow'), [['openWindow', 'https://app.example/builds/42']]);
  const told = { type: 'herald.push.click', id: '7-abc', notification: payload };
  assert.deepEqual(windows[0].messages, [told, told], 'at once, and again when its Herald listens');
});

test('a page opened for a click that never listens lets the click end after a while', async () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const { windows, dispatch } = loadWorker({ pageListens: false });
    let ended = false;
    const click = dispatch('notificationclick', { notification: notification(payload) }).then(() => { ended = true; });
    await new Promise((r) => setImmediate(r));
    assert.equal(ended, false, 'the worker is kept alive, waiting for the page');
    mock.timers.tick(30000);
    await click;
    assert.equal(windows[0].messages.length, 1);
  } finally {
    mock.timers.reset();
  }
});

test('a ready page that was not opened for a click is told nothing', async () => {
  const { windows, listeners } = loadWorker({ open: ['https://app.example/'] });
  listeners.get('message')({ data: { type: 'herald.push.ready' }, source: windows[0] });
  assert.equal(windows[0].messages.length, 0);
});

test('a click focuses a tab already showing the actionUrl instead of opening another', async () => {
  const { calls, windows, dispatch } = loadWorker({ open: ['https://app.example/', 'https://app.example/builds/42'] });
  await dispatch('notificationclick', { notification: notification(payload) });
  assert.deepEqual(calls.filter((c) => c[0] === 'focus' || c[0] === 'openWindow'), [['focus', 'https://app.example/builds/42']]);
  assert.equal(windows[0].messages.length, 0);
  assert.equal(windows[1].messages[0].id, '7-abc');
});

test('a click without actionUrl focuses any open tab of the app, else opens the scope', async () => {
  const open = loadWorker({ open: ['https://app.example/inbox'] });
  await open.dispatch('notificationclick', { notification: notification({ id: '1-a', title: 't' }) });
  assert.deepEqual(open.calls.filter((c) => c[0] === 'focus' || c[0] === 'openWindow'), [['focus', 'https://app.example/inbox']]);
  assert.equal(open.windows[0].messages[0].type, 'herald.push.click');

  const none = loadWorker();
  await none.dispatch('notificationclick', { notification: notification({ id: '1-a', title: 't' }) });
  assert.deepEqual(none.calls.filter((c) => c[0] === 'openWindow'), [['openWindow', SCOPE]]);
});

test('unsafe actionUrls are refused: the click opens the app instead', async () => {
  for (const bad of ['javascript:alert(1)', 'data:text/html,hi', '//evil.example/x', 'ftp://files.example/a',
    '/path with space', 'https://evil.example/\u0000']) {
    const { calls, dispatch } = loadWorker();
    await dispatch('notificationclick', { notification: notification({ ...payload, actionUrl: bad }) });
    assert.deepEqual(calls.filter((c) => c[0] === 'openWindow'), [['openWindow', SCOPE]], bad);
  }
});

test('an absolute http(s) actionUrl elsewhere opens there, and an open tab of the app marks it read', async () => {
  const { calls, windows, dispatch } = loadWorker({
    open: ['https://app.example/'], openWindowGives: () => null, // a cross-origin window gives no client
  });
  await dispatch('notificationclick', { notification: notification({ ...payload, actionUrl: 'https://docs.example/run/42' }) });
  assert.deepEqual(calls.filter((c) => c[0] === 'openWindow'), [['openWindow', 'https://docs.example/run/42']]);
  assert.deepEqual(windows[0].messages, [{ type: 'herald.push.click', id: '7-abc',
    notification: { ...payload, actionUrl: 'https://docs.example/run/42' } }]);
});

test('tabs of other origins are never focused nor told', async () => {
  const { calls, windows, dispatch } = loadWorker({ open: ['https://other.example/builds/42'] });
  await dispatch('notificationclick', { notification: notification(payload) });
  assert.equal(calls.some((c) => c[0] === 'focus'), false);
  assert.equal(windows[0].messages.length, 0);
  assert.equal(windows[1].url, 'https://app.example/builds/42');
});

test('pushsubscriptionchange subscribes again with the old options and tells the open tabs to register it', async () => {
  const { calls, windows, dispatch } = loadWorker({ open: ['https://app.example/', 'https://app.example/b'] });
  const options = { userVisibleOnly: true, applicationServerKey: 'key' };
  await dispatch('pushsubscriptionchange', { oldSubscription: { endpoint: 'https://push.example/old', options } });
  assert.deepEqual(calls.filter((c) => c[0] === 'subscribe'), [['subscribe', options]]);
  for (const w of windows) {
    assert.deepEqual(w.messages, [{ type: 'herald.push.subscriptionchange', oldEndpoint: 'https://push.example/old' }]);
  }
});

test('pushsubscriptionchange with a new subscription given does not subscribe twice', async () => {
  const { calls, windows, dispatch } = loadWorker({ open: ['https://app.example/'] });
  await dispatch('pushsubscriptionchange', { oldSubscription: null, newSubscription: { endpoint: 'https://push.example/n' } });
  assert.equal(calls.some((c) => c[0] === 'subscribe'), false);
  assert.deepEqual(windows[0].messages, [{ type: 'herald.push.subscriptionchange', oldEndpoint: null }]);
});
