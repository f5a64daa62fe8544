import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Herald } from '../src/herald.js';
import {
  FakeHub, FakeLocks, makeBroadcastChannel, flush, connectedFrame, itemFrame, jwt,
} from './support/fakes.mjs';

const ALICE = jwt('alice'); // connectedFrame() says userId 'alice'

let channelSeq = 0;

/** Tabs of one "browser": one fake hub, one BroadcastChannel world, Web Locks unless locks: null. */
function browser(t, { locks = new FakeLocks(), fakeTimers = true } = {}) {
  if (fakeTimers) t.mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'] });
  const hub = new FakeHub();
  const BC = makeBroadcastChannel();
  const channelName = `tabs-test-${(channelSeq += 1)}`;
  const tabs = [];
  const open = (options = {}) => {
    const herald = new Herald({
      url: 'http://hub.test', token: ALICE, fetch: hub.fetch, random: () => 0, channelName,
      BroadcastChannel: BC, locks, window: null, document: null, ...options,
    });
    const got = [];
    herald.on('*', (data, meta) => got.push(`${meta.event}:${meta.id}`));
    const statuses = [];
    herald.onStatus((s) => statuses.push(s));
    const tab = { herald, got, statuses, items: () => got.filter((g) => g.startsWith('notification:')) };
    tabs.push(tab);
    t.after(() => herald.disconnect());
    return tab;
  };
  const tick = async (ms) => {
    t.mock.timers.tick(ms);
    await flush();
  };
  return { hub, open, tabs, tick, BC, channelName };
}

test('Web Locks: two tabs share one connection; the follower gets every event and status', async (t) => {
  const { hub, open } = browser(t);
  const a = open();
  a.herald.connect();
  await flush();
  const b = open();
  b.herald.connect();
  await flush();
  assert.equal(a.herald.isLeader, true);
  assert.equal(b.herald.isLeader, false);
  assert.equal(hub.calls.length, 1, 'one stream for the browser');
  assert.equal(b.herald.status, 'connecting');
  hub.calls[0].push(`${connectedFrame()}id: ep-0\n\n${itemFrame('ep-1')}${itemFrame('ep-2')}`);
  await flush();
  assert.equal(b.herald.status, 'open');
  assert.deepEqual(a.got, ['connected:null', 'notification:ep-1', 'notification:ep-2']);
  assert.deepEqual(b.got, a.got);
  assert.equal(b.herald.lastEventId, 'ep-2');
  assert.deepEqual(b.herald.lastEvent, a.herald.lastEvent);
  hub.calls[0].push('id: ep-3\n\n'); // an anchor moves the followers too
  await flush();
  assert.equal(b.herald.lastEventId, 'ep-3');
});

test("two tabs of one user: a custom event reaches the follower's handler as the published data, like the leader's", async (t) => {
  const { hub, open } = browser(t);
  const a = open();
  a.herald.connect();
  await flush();
  const b = open();
  b.herald.connect();
  await flush();
  const seen = { a: [], b: [] };
  a.herald.on('upload.progress', (data, meta) => seen.a.push({ data, meta }));
  b.herald.on('upload.progress', (data, meta) => seen.b.push({ data, meta }));
  const envelope = { id: 'ep-1', event: 'upload.progress', data: { pct: 40 }, createdAt: '2026-12-03T09:00:00.000Z' };
  hub.calls[0].push(`${connectedFrame()}id: ep-0\n\n${itemFrame('ep-1', 'upload.progress', envelope)}`);
  await flush();
  assert.equal(hub.calls.length, 1, 'one stream for both tabs');
  const expected = [{ data: { pct: 40 }, meta: { id: 'ep-1', event: 'upload.progress', createdAt: '2026-12-03T09:00:00.000Z' } }];
  assert.deepEqual(seen.a, expected);
  assert.deepEqual(seen.b, expected);
  assert.deepEqual(b.herald.lastEvent, { id: 'ep-1', event: 'upload.progress', data: { pct: 40 } });
});

test('Web Locks: when the leader tab closes, another takes over from the last id, no gap, no duplicate', async (t) => {
  const { hub, open } = browser(t);
  const a = open();
  const b = open();
  const c = open();
  a.herald.connect();
  await flush();
  b.herald.connect();
  c.herald.connect();
  await flush();
  hub.calls[0].push(`${connectedFrame()}id: ep-0\n\n${itemFrame('ep-1')}${itemFrame('ep-2')}`);
  await flush();
  a.herald.disconnect(); // the tab closes: its lock is released
  await flush();
  assert.equal(b.herald.isLeader, true, 'the first waiting tab takes over');
  assert.equal(c.herald.isLeader, false);
  assert.equal(hub.calls.length, 2);
  assert.equal(hub.calls[0].aborted, true);
  assert.equal(hub.calls[1].lastEventId, 'ep-2');
  assert.equal(b.herald.status, 'reconnecting');
  assert.equal(c.herald.status, 'reconnecting');
  // the hub replays what the old leader relayed, then new items
  hub.calls[1].push(connectedFrame() + itemFrame('ep-2') + itemFrame('ep-3'));
  await flush();
  for (const tab of [b, c]) {
    assert.deepEqual(tab.items(), ['notification:ep-1', 'notification:ep-2', 'notification:ep-3']);
    assert.equal(tab.herald.status, 'open');
  }
});

test('Web Locks: a tab that joins later starts from the leader position and state', async (t) => {
  const { hub, open } = browser(t);
  const a = open();
  a.herald.connect();
  await flush();
  hub.calls[0].push(connectedFrame() + itemFrame('ep-7'));
  await flush();
  const b = open();
  b.herald.connect();
  await flush();
  assert.equal(b.herald.status, 'open');
  assert.equal(b.herald.lastEventId, 'ep-7');
  assert.equal(b.herald.lastEvent.id, 'ep-7');
  assert.deepEqual(b.got, [], 'nothing from before the tab opened is delivered');
  a.herald.disconnect();
  await flush();
  assert.equal(hub.calls[1].lastEventId, 'ep-7');
});

test('a follower reconnect() (and an open circuit) is handled by the leader', async (t) => {
  const { hub, open, tick } = browser(t);
  const a = open({ reconnect: { maxAttempts: 1 } });
  const b = open();
  hub.auto = (call) => call.fail();
  a.herald.connect();
  await flush();
  b.herald.connect();
  await flush();
  assert.equal(a.herald.status, 'circuit-open');
  assert.equal(b.herald.status, 'circuit-open');
  await tick(60000);
  assert.equal(hub.calls.length, 1);
  hub.auto = (call) => call.open(connectedFrame());
  b.herald.reconnect();
  await flush();
  assert.equal(hub.calls.length, 2);
  assert.equal(a.herald.status, 'open');
  assert.equal(b.herald.status, 'open');
});

test('without sharing each Herald holds its own connection and is always leader', async (t) => {
  const { hub, open } = browser(t);
  const a = open({ shareAcrossTabs: false });
  const b = open({ shareAcrossTabs: false });
  assert.equal(a.herald.isLeader, true);
  a.herald.connect();
  b.herald.connect();
  await flush();
  assert.equal(hub.calls.length, 2);
  assert.equal(b.herald.isLeader, true);
});

test('BroadcastChannel election (no Web Locks): one leader, hand-over on close', async (t) => {
  const { hub, open, tick, BC } = browser(t, { locks: null });
  const everLeader = new Set();
  const a = open();
  const b = open();
  for (const tab of [a, b]) tab.herald.onStatus(() => tab.herald.isLeader && everLeader.add(tab));
  a.herald.connect();
  b.herald.connect();
  await flush();
  const spy = new BC(a.herald._bc.name); // sees every message between the tabs
  const traffic = [];
  spy.onmessage = (e) => traffic.push(e.data.t);
  t.after(() => spy.close());
  assert.equal(hub.calls.length, 0, 'tabs first wait for an existing leader');
  await tick(300); // both claim
  await tick(250); // the smaller tab id wins
  const leaders = [a, b].filter((x) => x.herald.isLeader);
  assert.equal(leaders.length, 1);
  assert.equal(everLeader.size, 1, 'the other tab withdrew its claim: never two leaders');
  assert.equal(hub.calls.length, 1);
  const [leader, follower] = a.herald.isLeader ? [a, b] : [b, a];
  hub.calls[0].push(connectedFrame(600000) + itemFrame('ep-1')); // no watchdog in this test
  await flush();
  assert.deepEqual(follower.items(), ['notification:ep-1']);
  traffic.length = 0;
  for (let i = 0; i < 10; i += 1) await tick(1000); // heartbeats keep the follower quiet
  assert.equal(follower.herald.isLeader, false);
  assert.equal(hub.calls.length, 1);
  assert.ok(traffic.filter((m) => m === 'hb').length >= 9, 'the leader beats every second');
  assert.equal(traffic.filter((m) => m === 'claim').length, 0, 'no follower doubted the leader');

  const c = open();
  c.herald.connect();
  await flush();
  await tick(1000);
  assert.equal(c.herald.isLeader, false, 'a new tab follows the existing leader');
  assert.equal(c.herald.status, 'open');

  leader.herald.disconnect(); // resigns
  await flush();
  await tick(250);
  assert.equal([follower, c].filter((x) => x.herald.isLeader).length, 1);
  assert.equal(hub.calls.length, 2);
  assert.equal(hub.calls[1].lastEventId, 'ep-1');
});

test('BroadcastChannel election: a leader that goes silent is replaced', async (t) => {
  const { hub, open, tick } = browser(t, { locks: null });
  const a = open();
  a.herald.connect();
  await flush();
  await tick(300); // nobody answers the hello: claim
  await tick(250); // nobody objects: lead
  assert.equal(a.herald.isLeader, true);
  hub.calls[0].push(connectedFrame(600000) + itemFrame('ep-4'));
  await flush();
  const b = open();
  b.herald.connect();
  await flush();
  assert.equal(b.herald.lastEventId, 'ep-4');
  a.herald._bc.isolated = true; // the leader tab freezes: no more heartbeats
  await tick(2999);
  assert.equal(b.herald.isLeader, false);
  await tick(1); // claims
  assert.equal(b.herald.isLeader, false);
  await tick(250); // nobody objects
  assert.equal(b.herald.isLeader, true);
  assert.equal(hub.calls.length, 2);
  assert.equal(hub.calls[1].lastEventId, 'ep-4');
});

test('real BroadcastChannel of Node (fake locks): relay works end to end', async (t) => {
  const { hub, open } = browser(t, { fakeTimers: false });
  const a = open({ BroadcastChannel });
  const b = open({ BroadcastChannel });
  a.herald.connect();
  await flush();
  b.herald.connect();
  await flush();
  hub.calls[0].push(connectedFrame() + itemFrame('ep-1'));
  for (let i = 0; i < 1000 && b.items().length === 0; i += 1) await new Promise((r) => setTimeout(r, 5));
  assert.deepEqual(b.items(), ['notification:ep-1']);
  assert.equal(b.herald.status, 'open');
  assert.equal(hub.calls.length, 1);
});

test('the leader page going away (pagehide) hands over at once', async (t) => {
  const { hub, open } = browser(t);
  const winA = new EventTarget();
  const a = open({ window: winA });
  const b = open();
  a.herald.connect();
  await flush();
  b.herald.connect();
  await flush();
  hub.calls[0].push(connectedFrame() + itemFrame('ep-1'));
  await flush();
  winA.dispatchEvent(new Event('pagehide'));
  await flush();
  assert.equal(a.herald.isLeader, false);
  assert.equal(b.herald.isLeader, true);
  assert.equal(hub.calls[0].aborted, true);
  assert.equal(hub.calls[1].lastEventId, 'ep-1');
});

test('status details with errors reach the other tabs as text', async (t) => {
  const { hub, open } = browser(t);
  const a = open();
  const b = open();
  let bDetail;
  b.herald.onStatus((s, d) => { bDetail = d; });
  a.herald.connect();
  await flush();
  b.herald.connect();
  await flush();
  hub.calls[0].push(connectedFrame());
  await flush();
  hub.calls[0].drop();
  await flush();
  assert.equal(b.herald.status, 'reconnecting');
  assert.equal(bDetail.reason, 'network');
  assert.equal(bDetail.error, 'TypeError: terminated');
});
