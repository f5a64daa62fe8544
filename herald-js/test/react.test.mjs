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
