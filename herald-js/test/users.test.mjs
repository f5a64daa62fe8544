// Tabs of different users in one browser never share a stream, and a tab never delivers an item
// relayed for another user (issue 12, item 10).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Herald, HeraldError } from '../src/herald.js';
import {
  FakeHub, FakeLocks, makeBroadcastChannel, flush, connectedFrame, itemFrame, jwt,
} from './support/fakes.mjs';

const ALICE = jwt('alice');
const BOB = jwt('bob');

/** One browser: one fake hub, one BroadcastChannel world, one Web Locks (unless locks: null). */
function browser(t, { locks = new FakeLocks() } = {}) {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'] });
  const hub = new FakeHub();
  const BC = makeBroadcastChannel();
  const open = (options = {}) => {
    const herald = new Herald({
      url: 'http://hub.test', fetch: hub.fetch, random: () => 0, BroadcastChannel: BC, locks,
      window: null, document: null, ...options,
    });
    const got = [];
    herald.on('*', (data, meta) => got.push({ event: meta.event, id: meta.id, data }));
    const tab = {
      herald, got,
      items: () => got.filter((g) => g.event === 'notification').map((g) => g.id),
    };
    t.after(() => herald.disconnect());
    return tab;
  };
  const tick = async (ms) => {
    t.mock.timers.tick(ms);
    await flush();
  };
  /** The stream whose request carried this token. */
  const streamOf = (token) => hub.calls.filter((c) => c.authorization === `Bearer ${token}`);
  return { hub, open, tick, BC, streamOf };
}

const connectedAs = (user) => connectedFrame(600000, { userId: user });

test('two users in one browser (Web Locks): each tab holds its own stream and gets only its own items', async (t) => {
  const { hub, open, streamOf } = browser(t);
  const demo = open({ token: jwt('demo') });
  const alice = open({ token: ALICE });
  demo.herald.connect();
  await flush();
  alice.herald.connect();
  await flush();
  assert.equal(alice.herald.isLeader, true, "alice's tab does not follow demo's tab");
  assert.equal(demo.herald.isLeader, true);
  assert.equal(hub.calls.length, 2, 'one stream per user');
  const [demoStream] = streamOf(jwt('demo'));
  const [aliceStream] = streamOf(ALICE);
  demoStream.push(connectedAs('demo') + itemFrame('ep-1', 'notification', { title: 'for demo' }));
  aliceStream.push(connectedAs('alice') + itemFrame('ep-2', 'notification', { title: 'for alice' }));
  await flush();
  assert.deepEqual(demo.items(), ['ep-1']);
  assert.deepEqual(alice.items(), ['ep-2']);
  assert.equal(alice.herald.userId, 'alice');
  assert.equal(demo.herald.userId, 'demo');
});

test('two users in one browser (BroadcastChannel election): each elects its own leader', async (t) => {
  const { hub, open, tick, streamOf } = browser(t, { locks: null });
  const a1 = open({ token: ALICE });
  const a2 = open({ token: ALICE });
  const b = open({ token: BOB });
  for (const tab of [a1, a2, b]) tab.herald.connect();
  await flush();
  await tick(300);
  await tick(250);
  assert.equal(streamOf(ALICE).length, 1, "alice's two tabs share one stream");
  assert.equal(streamOf(BOB).length, 1, 'bob has his own');
  assert.equal(hub.calls.length, 2);
  streamOf(ALICE)[0].push(connectedAs('alice') + itemFrame('ep-1'));
  streamOf(BOB)[0].push(connectedAs('bob') + itemFrame('ep-2'));
  await flush();
  assert.deepEqual(a1.items(), ['ep-1']);
  assert.deepEqual(a2.items(), ['ep-1']);
  assert.deepEqual(b.items(), ['ep-2']);
});

test("tabs of one user share; a tab for another user beside them gets nothing of theirs", async (t) => {
  const { hub, open, streamOf } = browser(t);
  const a1 = open({ token: ALICE });
  const b = open({ token: BOB });
  const a2 = open({ token: ALICE });
  for (const tab of [a1, b, a2]) {
    tab.herald.connect();
    await flush();
  }
  assert.equal(hub.calls.length, 2);
  assert.equal(a2.herald.isLeader, false, "alice's second tab follows her first");
  streamOf(ALICE)[0].push(connectedAs('alice') + itemFrame('ep-1'));
  await flush();
  assert.deepEqual(a2.items(), ['ep-1']);
  assert.deepEqual(b.got, [], "bob's tab received nothing of alice's");
  assert.equal(b.herald.lastEventId, null);
});

test('tabs of one user on two hubs do not share; the page origin and "" name the same hub', async (t) => {
  const { hub, open } = browser(t);
  const win = Object.assign(new EventTarget(), { location: { href: 'http://hub.test/app?user=alice' } });
  const here = open({ token: ALICE, url: '', window: win });
  const same = open({ token: ALICE, url: 'http://hub.test/', window: win });
  const other = open({ token: ALICE, url: 'http://other-hub.test', window: win });
  for (const tab of [here, same, other]) {
    tab.herald.connect();
    await flush();
  }
  assert.deepEqual(hub.calls.map((c) => c.url), ['/v1/stream', 'http://other-hub.test/v1/stream']);
  assert.equal(same.herald.isLeader, false);
});

test('tabs with different event filters do not share (a filter in another order is the same)', async (t) => {
  const { hub, open } = browser(t);
  const a = open({ token: ALICE, events: ['notification', 'score.updated'] });
  const b = open({ token: ALICE, events: ['score.updated', 'notification'] });
  const c = open({ token: ALICE, events: ['score.updated'] });
  for (const tab of [a, b, c]) {
    tab.herald.connect();
    await flush();
  }
  assert.equal(hub.calls.length, 2);
  assert.equal(b.herald.isLeader, false);
  assert.equal(c.herald.isLeader, true);
});

test('with a tokenProvider, a tab learns its user from its first token before it joins a group', async (t) => {
  const { hub, open, streamOf } = browser(t);
  const a1 = open({ tokenProvider: async () => ALICE });
  const a2 = open({ tokenProvider: async () => ALICE });
  const b = open({ tokenProvider: async () => BOB });
  for (const tab of [a1, a2, b]) {
    tab.herald.connect();
    await flush();
  }
  assert.equal(streamOf(ALICE).length, 1);
  assert.equal(streamOf(BOB).length, 1);
  assert.equal(hub.calls.length, 2);
  assert.equal(a2.herald.isLeader, false);
  streamOf(ALICE)[0].push(connectedAs('alice') + itemFrame('ep-1'));
  streamOf(BOB)[0].push(connectedAs('bob') + itemFrame('ep-2'));
  await flush();
  assert.deepEqual(a2.items(), ['ep-1']);
  assert.deepEqual(b.items(), ['ep-2']);
});

test('a token that is not a JWT and no userId: the tab holds its own stream', async (t) => {
  const { hub, open } = browser(t);
  const a = open({ token: 'opaque-1' });
  const b = open({ token: 'opaque-2' });
  a.herald.connect();
  b.herald.connect();
  await flush();
  assert.equal(hub.calls.length, 2, 'tabs whose user is unknown never share');
  assert.equal(a.herald.userId, null);
  hub.calls[0].push(connectedAs('alice'));
  await flush();
  assert.equal(a.herald.userId, 'alice', 'the stream tells it');
});

test('the userId option scopes an opaque token; a token for another user is refused (user_mismatch)', async (t) => {
  const { hub, open } = browser(t);
  const a1 = open({ token: 'opaque', userId: 'alice' });
  const a2 = open({ token: ALICE, userId: 'alice' });
  a1.herald.connect();
  await flush();
  a2.herald.connect();
  await flush();
  assert.equal(hub.calls.length, 1, 'the same user: one stream');
  assert.equal(a2.herald.isLeader, false);

  const wrong = open({ token: BOB, userId: 'alice' });
  const statuses = [];
  wrong.herald.onStatus((st, d) => statuses.push([st, d && d.reason]));
  wrong.herald.connect();
  await flush();
  assert.deepEqual(statuses.at(-1), ['closed', 'user_mismatch']);
  assert.equal(wrong.herald.isLeader, false);
  hub.calls[0].push(connectedAs('alice') + itemFrame('ep-1'));
  await flush();
  assert.deepEqual(a2.items(), ['ep-1']);
  assert.deepEqual(wrong.got, [], "the tab with bob's token does not follow alice's tabs");
  assert.equal(hub.calls.length, 1, "no stream is opened with bob's token for alice's tab");
  await assert.rejects(wrong.herald.api.list(), (err) => err instanceof HeraldError && err.code === 'user_mismatch');
  assert.equal(hub.calls.length, 1, 'nor any REST call');
});

test('a stream the hub says is for another user is closed before anything of it is delivered or relayed', async (t) => {
  const { hub, open } = browser(t);
  const leader = open({ token: ALICE });
  const follower = open({ token: ALICE });
  const statuses = [];
  leader.herald.onStatus((s, d) => statuses.push([s, d && d.reason]));
  leader.herald.connect();
  await flush();
  follower.herald.connect();
  await flush();
  hub.calls[0].push(connectedAs('mallory') + 'id: ep-0\n\n' + itemFrame('ep-1'));
  await flush();
  assert.deepEqual(statuses.at(-1), ['closed', 'user_mismatch']);
  assert.equal(hub.calls[0].aborted, true);
  for (const tab of [leader, follower]) {
    assert.deepEqual(tab.got, []);
    assert.equal(tab.herald.lastEventId, null);
  }
});

test("a follower drops whatever is relayed for another user (or untagged, from an older herald.js)", async (t) => {
  const { hub, open, BC } = browser(t);
  const leader = open({ token: ALICE });
  const follower = open({ token: ALICE });
  leader.herald.connect();
  await flush();
  follower.herald.connect();
  await flush();
  hub.calls[0].push(connectedAs('alice') + itemFrame('ep-1'));
  await flush();
  assert.deepEqual(follower.items(), ['ep-1']);
  // Another tab on the same channel relays someone else's stream.
  const intruder = new BC(follower.herald._bc.name);
  t.after(() => intruder.close());
  const ev = (id) => ({ id, hasId: true, event: 'notification', data: JSON.stringify({ id, title: 'not yours' }) });
  intruder.postMessage({ t: 'frame', from: 'zz', user: 'mallory', ev: ev('ep-5') });
  intruder.postMessage({ t: 'frame', from: 'zz', ev: ev('ep-6') });
  intruder.postMessage({ t: 'anchor', from: 'zz', user: 'mallory', id: 'ep-9' });
  intruder.postMessage({ t: 'state', from: 'zz', user: 'mallory', status: 'closed', lastEventId: 'ep-9',
    lastEvent: { id: 'ep-9', event: 'notification', data: { title: 'not yours' } } });
  await flush();
  assert.deepEqual(follower.items(), ['ep-1']);
  assert.equal(follower.herald.lastEventId, 'ep-1');
  assert.equal(follower.herald.lastEvent.id, 'ep-1');
  assert.equal(follower.herald.status, 'open');
  // The real leader's items still arrive.
  hub.calls[0].push(itemFrame('ep-2'));
  await flush();
  assert.deepEqual(follower.items(), ['ep-1', 'ep-2']);
});

test('a token for another user (sign-out, sign-in) moves the tab to that user: reset, own position, own group', async (t) => {
  const { hub, open, streamOf } = browser(t);
  const tokens = [ALICE, BOB];
  const switching = open({ tokenProvider: async () => tokens.shift() });
  const stays = open({ token: ALICE });
  switching.herald.connect();
  await flush();
  stays.herald.connect();
  await flush();
  assert.equal(switching.herald.isLeader, true);
  streamOf(ALICE)[0].push(connectedAs('alice') + itemFrame('ep-1'));
  await flush();
  assert.deepEqual(stays.items(), ['ep-1']);

  // The app signed alice out and bob in: the stream's token expires, the provider now gives bob's.
  streamOf(ALICE)[0].push('event: token_expired\ndata: {}\n\n');
  await flush();
  assert.equal(switching.herald.userId, 'bob');
  const reset = switching.got.find((g) => g.event === 'reset');
  assert.deepEqual(reset.data, { reason: 'user_changed', userId: 'bob', previousUserId: 'alice' });
  assert.equal(streamOf(BOB).length, 1, 'bob gets a stream of his own');
  assert.equal(streamOf(BOB)[0].lastEventId, null, "alice's position is not carried over");
  assert.equal(stays.herald.isLeader, true, "alice's other tab takes over her stream");
  assert.equal(streamOf(ALICE).length, 2);
  assert.equal(streamOf(ALICE)[1].lastEventId, 'ep-1');

  streamOf(BOB)[0].push(connectedAs('bob') + itemFrame('ep-7'));
  streamOf(ALICE)[1].push(connectedAs('alice') + itemFrame('ep-8'));
  await flush();
  assert.deepEqual(stays.items(), ['ep-1', 'ep-8'], "bob's items never reach alice's tab");
  assert.deepEqual(switching.items(), ['ep-1', 'ep-7'], "alice's later items never reach bob's tab");
});

test("a follower's REST call that gets another user's token moves the tab to that user's group", async (t) => {
  const { hub, open, streamOf } = browser(t);
  const leader = open({ token: ALICE });
  const tokens = [ALICE, BOB];
  const rest = [];
  const restAware = (url, init) => {
    if (String(url).includes('/v1/me/')) {
      rest.push(new Headers(init.headers).get('authorization'));
      // alice's token has expired: the provider is asked again, and now gives bob's
      return Promise.resolve(rest.length === 1
        ? new Response('{"error":{"code":"token_expired","message":"expired"}}', { status: 401 })
        : new Response('{"unreadCount":0}', { status: 200 }));
    }
    return hub.fetch(url, init);
  };
  const follower = open({ fetch: restAware, tokenProvider: async () => tokens.shift() });
  leader.herald.connect();
  await flush();
  follower.herald.connect();
  await flush();
  assert.equal(follower.herald.isLeader, false);
  streamOf(ALICE)[0].push(connectedAs('alice') + itemFrame('ep-1'));
  await flush();
  await follower.herald.api.unreadCount();
  await flush();
  assert.deepEqual(rest, [`Bearer ${ALICE}`, `Bearer ${BOB}`]);
  assert.equal(follower.herald.userId, 'bob');
  assert.equal(follower.herald.isLeader, true, 'alone in bob\'s group');
  assert.equal(streamOf(BOB).length, 1);
  streamOf(ALICE)[0].push(itemFrame('ep-2'));
  await flush();
  assert.deepEqual(follower.items(), ['ep-1'], "alice's items stop at the switch");
});
