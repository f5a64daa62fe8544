// Needs react and react-test-renderer (devDependencies: `npm ci`); skipped where they are missing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeHub, flush, connectedFrame, itemFrame } from './support/fakes.mjs';

let React;
let renderer;
try {
  React = (await import('react')).default;
  renderer = (await import('react-test-renderer')).default;
} catch {
  React = null;
}
const skip = React ? false : 'react and react-test-renderer are not installed';

test('useHerald connects on mount, re-renders on status and items, disconnects on unmount', { skip }, async () => {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  const { useHerald } = await import('../src/react.js');
  const hub = new FakeHub();
  const restFetch = async (url, init) => {
    if (String(url).includes('/v1/me/')) {
      return new Response(JSON.stringify({ unreadCount: 4 }), { status: 200 });
    }
    return hub.fetch(url, init);
  };
  const renders = [];
  let made = 0;
  function App({ n }) {
    // an inline options object on every render: still one Herald
    const r = useHerald({ url: 'http://hub.test', token: 'tok', fetch: restFetch, shareAcrossTabs: false,
      unreadCount: true, tokenProvider: undefined });
    renders.push({ status: r.status, last: r.lastEvent && r.lastEvent.id, unread: r.unreadCount, n });
    if (!App.heralds.includes(r.herald)) {
      App.heralds.push(r.herald);
      made += 1;
    }
    return null;
  }
  App.heralds = [];
  let root;
  await renderer.act(async () => {
    root = renderer.create(React.createElement(App, { n: 1 }));
    await flush();
  });
  assert.equal(hub.calls.length, 1);
  await renderer.act(async () => {
    hub.calls[0].push(connectedFrame(60000) + itemFrame('ep-1'));
    await flush();
  });
  await renderer.act(async () => {
    root.update(React.createElement(App, { n: 2 }));
    await flush();
  });
  const last = renders.at(-1);
  assert.equal(last.status, 'open');
  assert.equal(last.last, 'ep-1');
  assert.equal(last.unread, 4);
  assert.equal(made, 1, 'one Herald for equal options');
  await renderer.act(async () => {
    hub.calls[0].push('id: ep-2\nevent: notification.read\ndata: {"id":"ep-2","unreadCount":3}\n\n');
    await flush();
  });
  assert.equal(renders.at(-1).unread, 3);
  await renderer.act(async () => {
    root.unmount();
  });
  assert.equal(App.heralds[0].status, 'closed');
  assert.equal(hub.calls[0].aborted, true);
});

test('useHerald under StrictMode (mount, unmount, mount) ends with one live stream', { skip }, async () => {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  const { useHerald } = await import('../src/react.js');
  const hub = new FakeHub();
  let seen;
  function App() {
    seen = useHerald({ url: 'http://hub.test', token: 'tok', fetch: hub.fetch, shareAcrossTabs: false });
    return null;
  }
  let root;
  await renderer.act(async () => {
    root = renderer.create(React.createElement(React.StrictMode, null, React.createElement(App)));
    await flush();
  });
  const live = hub.calls.filter((c) => !c.aborted);
  assert.equal(live.length, 1);
  await renderer.act(async () => {
    live[0].push(connectedFrame(60000));
    await flush();
  });
  assert.equal(seen.status, 'open');
  assert.equal(seen.herald.status, 'open');
  await renderer.act(async () => root.unmount());
  assert.equal(hub.calls.filter((c) => !c.aborted).length, 0);
});

/** Lets real timers of a few milliseconds fire: polls `check` until it holds (10 s at most). */
async function until(check) {
  const deadline = Date.now() + 10000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await renderer.act(async () => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      await flush(2);
    });
  }
}

test('useHerald returns the connection\'s last error and its reconnect attempts, cleared when it opens', { skip }, async () => {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  const { useHerald } = await import('../src/react.js');
  const hub = new FakeHub();
  hub.auto = null; // every request waits for the test's answer
  let seen;
  function App() {
    seen = useHerald({ url: 'http://hub.test', token: 'tok', fetch: hub.fetch, shareAcrossTabs: false,
      reconnect: { baseMs: 2, maxMs: 2, jitter: 0, maxAttempts: 10 } });
    return null;
  }
  let root;
  await renderer.act(async () => {
    root = renderer.create(React.createElement(App));
    await flush();
  });
  assert.equal(seen.status, 'connecting');
  assert.equal(seen.error, null);
  assert.equal(seen.reconnectAttempts, 0);

  await renderer.act(async () => {
    hub.calls[0].fail();
    await flush();
  });
  assert.equal(seen.status, 'reconnecting');
  assert.equal(seen.reconnectAttempts, 1);
  assert.equal(seen.error.name, 'HeraldError');
  assert.equal(seen.error.code, 'network');
  assert.equal(seen.error.status, 0);
  assert.match(seen.error.message, /fetch failed/);

  await until(() => hub.calls.length === 2);
  await renderer.act(async () => {
    hub.calls[1].httpError(503, 'store_unavailable', 'the store is down', { 'retry-after': '0' });
    await flush();
  });
  assert.equal(seen.reconnectAttempts, 2);
  assert.equal(seen.error.code, 'store_unavailable');
  assert.equal(seen.error.status, 503);
  assert.equal(seen.error.message, 'the store is down');
  assert.equal(seen.error.retryAfterMs, 0);

  // An auth failure without a tokenProvider ends the connection: the error says why.
  await until(() => hub.calls.length === 3);
  await renderer.act(async () => {
    hub.calls[2].httpError(401, 'invalid_token', 'bad signature');
    await flush();
  });
  assert.equal(seen.status, 'closed');
  assert.equal(seen.error.code, 'invalid_token');
  assert.equal(seen.error.status, 401);
  assert.equal(seen.herald.lastError, seen.error);

  // Reconnecting by hand starts a new count; the stream opening clears the error.
  await renderer.act(async () => {
    seen.herald.reconnect();
    await flush();
  });
  assert.equal(seen.reconnectAttempts, 0);
  assert.equal(seen.error.code, 'invalid_token', 'the error stays until the stream opens');
  await renderer.act(async () => {
    hub.calls[3].open(connectedFrame(60000));
    await flush();
  });
  assert.equal(seen.status, 'open');
  assert.equal(seen.error, null);
  assert.equal(seen.reconnectAttempts, 0);
  await renderer.act(async () => root.unmount());
});

test('useHerald in a follower tab gets the error and attempts the leader reports', { skip }, async () => {
  globalThis.IS_REACT_ACT_ENVIRONMENT = true;
  const { useHerald } = await import('../src/react.js');
  const { Herald } = await import('../src/herald.js');
  const { makeBroadcastChannel, FakeLocks, jwt } = await import('./support/fakes.mjs');
  const BroadcastChannel = makeBroadcastChannel();
  const locks = new FakeLocks();
  const hub = new FakeHub();
  hub.auto = null;
  const token = jwt('alice');
  const common = { url: 'http://hub.test', token, fetch: hub.fetch, BroadcastChannel, locks, window: null, document: null };
  const leader = new Herald({ ...common, reconnect: { baseMs: 60000, jitter: 0 } });
  leader.connect();
  await flush();
  assert.equal(leader.isLeader, true);
  let seen;
  function App() {
    seen = useHerald(common);
    return null;
  }
  let root;
  await renderer.act(async () => {
    root = renderer.create(React.createElement(App));
    await flush();
  });
  assert.equal(seen.herald.isLeader, false);
  await renderer.act(async () => {
    hub.calls[0].httpError(500, 'internal', 'boom');
    await flush();
  });
  assert.equal(leader.status, 'reconnecting');
  assert.equal(seen.status, 'reconnecting');
  assert.equal(seen.reconnectAttempts, 1);
  assert.equal(seen.error.code, 'internal');
  assert.equal(seen.error.status, 500);
  leader.disconnect();
  await renderer.act(async () => root.unmount());
});
