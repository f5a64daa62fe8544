import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Herald } from '../src/herald.js';
import { FakeHub, FakeEventSource, flush, connectedFrame, itemFrame } from './support/fakes.mjs';

/** A Herald on a fake hub, fake timers on, no tab sharing, no jitter (random = 0). */
function setup(t, options = {}) {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'] });
  const hub = new FakeHub();
  const win = new EventTarget();
  const doc = Object.assign(new EventTarget(), { visibilityState: 'hidden' });
  const herald = new Herald({
    url: 'http://hub.test', token: 'tok', fetch: hub.fetch, shareAcrossTabs: false,
    random: () => 0, window: win, document: doc, ...options,
  });
  const statuses = [];
  herald.onStatus((s, d) => statuses.push([s, d]));
  const received = [];
  herald.on('*', (data, meta) => received.push({ event: meta.event, id: meta.id, data }));
  t.after(() => herald.disconnect());
  const tick = async (ms) => {
    t.mock.timers.tick(ms);
    await flush();
  };
  return { hub, herald, win, doc, statuses, received, tick };
}

const items = (received) => received.filter((r) => !['connected', 'reset', 'token_expired'].includes(r.event));

test("a custom event's handler gets the published data, with the envelope's id and createdAt in meta", async (t) => {
  const { hub, herald } = setup(t);
  const got = [];
  herald.on('upload.progress', (data, meta) => got.push({ data, meta }));
  herald.connect();
  await flush();
  const call = hub.calls.at(-1);
  call.push(connectedFrame(25000));
  call.push(itemFrame('e-7', 'upload.progress', { event: 'upload.progress', data: { pct: 40 }, createdAt: '2026-12-03T08:00:00.000Z' }));
  call.push(itemFrame('e-8', 'upload.progress', { event: 'upload.progress', data: null, createdAt: '2026-12-03T08:00:01.000Z' }));
  await flush();
  assert.deepEqual(got, [
    { data: { pct: 40 }, meta: { id: 'e-7', event: 'upload.progress', createdAt: '2026-12-03T08:00:00.000Z' } },
    { data: null, meta: { id: 'e-8', event: 'upload.progress', createdAt: '2026-12-03T08:00:01.000Z' } },
  ]);
});

test('connects with the Authorization header, parses items, reports status', async (t) => {
  const { hub, herald, statuses, received } = setup(t, { events: ['notification', 'score.updated'] });
  assert.equal(herald.status, 'closed');
  herald.connect();
  herald.connect(); // idempotent
  await flush();
  assert.equal(hub.calls.length, 1);
  const call = hub.calls[0];
  assert.equal(call.url, 'http://hub.test/v1/stream?events=notification,score.updated');
  assert.equal(call.authorization, 'Bearer tok');
  assert.equal(call.lastEventId, null);
  assert.equal(herald.status, 'connecting');
  call.push(connectedFrame(25000));
  await flush();
  assert.equal(herald.status, 'open');
  assert.equal(statuses.at(-1)[1].connectionId, '1-abc');
  call.push(itemFrame('e-1', 'notification', { title: 'hi' }));
  call.push(itemFrame('e-2', 'score.updated', { event: 'score.updated', data: { score: 3 }, createdAt: '2026-12-03T08:00:00.000Z' }));
  await flush();
  assert.deepEqual(received.map((r) => r.event), ['connected', 'notification', 'score.updated']);
  assert.deepEqual(received[1], { event: 'notification', id: 'e-1', data: { id: 'e-1', title: 'hi' } });
  // A custom event's handlers get the published data, not the hub's envelope around it.
  assert.deepEqual(received[2], { event: 'score.updated', id: 'e-2', data: { score: 3 } });
  assert.deepEqual(herald.lastEvent, { id: 'e-2', event: 'score.updated', data: { score: 3 } });
  assert.equal(herald.lastEventId, 'e-2');
  herald.disconnect();
  assert.equal(herald.status, 'closed');
  assert.equal(call.aborted, true);
});

test('on/off/onNotification: handlers get (data, meta) and can be removed', async (t) => {
  const { hub, herald } = setup(t);
  const got = [];
  const h1 = (d, m) => got.push(['h1', m.id]);
  herald.on('notification', h1);
  const off2 = herald.onNotification((d, m) => got.push(['h2', m.id]));
  herald.on('notification', () => {
    throw new Error('a broken handler does not break the stream');
  });
  const origError = console.error;
  console.error = () => {};
  t.after(() => { console.error = origError; });
  herald.connect();
  await flush();
  hub.calls[0].push(connectedFrame() + itemFrame('e-1'));
  await flush();
  herald.off('notification', h1);
  off2();
  hub.calls[0].push(itemFrame('e-2'));
  await flush();
  assert.deepEqual(got, [['h1', 'e-1'], ['h2', 'e-1']]);
  assert.equal(herald.lastEventId, 'e-2');
});

test('circuit: after maxAttempts failures status is circuit-open and nothing is scheduled', async (t) => {
  const { hub, herald, tick, statuses } = setup(t, { reconnect: { maxAttempts: 3 } });
  hub.auto = (call) => call.fail();
  herald.connect();
  await flush();
  assert.equal(hub.calls.length, 1);
  assert.equal(herald.status, 'reconnecting');
  await tick(999);
  assert.equal(hub.calls.length, 1, 'first backoff is baseMs');
  await tick(1);
  assert.equal(hub.calls.length, 2);
  await tick(1999);
  assert.equal(hub.calls.length, 2, 'second backoff doubles');
  await tick(1);
  assert.equal(hub.calls.length, 3);
  assert.equal(herald.status, 'circuit-open');
  assert.equal(statuses.at(-1)[1].attempts, 3);
  await tick(24 * 3600 * 1000);
  assert.equal(hub.calls.length, 3, 'an open circuit makes no attempt');
  assert.equal(herald.status, 'circuit-open');

  // reconnect() closes it at once, with a fresh count of attempts
  hub.auto = (call) => call.open(connectedFrame());
  herald.reconnect();
  await flush();
  assert.equal(hub.calls.length, 4);
  assert.equal(herald.status, 'open');
});

test('circuit: a window online event closes it; a visible tab too', async (t) => {
  const { hub, herald, tick, win, doc } = setup(t, { reconnect: { maxAttempts: 2 } });
  hub.auto = (call) => call.fail();
  herald.connect();
  await flush();
  await tick(1000);
  assert.equal(hub.calls.length, 2);
  assert.equal(herald.status, 'circuit-open');

  win.dispatchEvent(new Event('online'));
  await flush();
  assert.equal(hub.calls.length, 3, 'online reconnects at once');
  await tick(1000);
  assert.equal(hub.calls.length, 4);
  assert.equal(herald.status, 'circuit-open', 'a full new round of attempts, then open again');

  doc.dispatchEvent(new Event('visibilitychange')); // still hidden
  await flush();
  assert.equal(hub.calls.length, 4);
  doc.visibilityState = 'visible';
  doc.dispatchEvent(new Event('visibilitychange'));
  await flush();
  assert.equal(hub.calls.length, 5, 'becoming visible reconnects');
});

test('an attempt succeeds when connected arrives: the failure count resets', async (t) => {
  const { hub, herald, tick } = setup(t, { reconnect: { maxAttempts: 3 } });
  hub.plans.push((c) => c.fail(), (c) => c.fail(), (c) => c.open(connectedFrame()));
  herald.connect();
  await flush();
  await tick(1000);
  await tick(2000);
  assert.equal(hub.calls.length, 3);
  assert.equal(herald.status, 'open');
  hub.auto = (c) => c.fail();
  hub.calls[2].drop();
  await flush();
  assert.equal(herald.status, 'reconnecting');
  await tick(1000); // attempt 1 of a new round
  await tick(2000); // 2
  assert.equal(herald.status, 'reconnecting');
  await tick(4000); // 3: the circuit opens only now
  assert.equal(hub.calls.length, 6);
  assert.equal(herald.status, 'circuit-open');
});

test('watchdog: no bytes for 2.5 x heartbeatMs means the connection is dead', async (t) => {
  const { hub, herald, tick } = setup(t);
  herald.connect();
  await flush();
  hub.calls[0].push(connectedFrame(1000));
  await flush();
  await tick(2499);
  assert.equal(herald.status, 'open');
  assert.equal(hub.calls[0].aborted, false);
  await tick(1);
  assert.equal(herald.status, 'reconnecting');
  assert.equal(hub.calls[0].aborted, true, 'the dead request is aborted');
  await tick(1000);
  assert.equal(hub.calls.length, 2);
});

test('watchdog: a heartbeat comment at 2000 ms keeps the connection alive', async (t) => {
  const { hub, herald, tick } = setup(t);
  herald.connect();
  await flush();
  hub.calls[0].push(connectedFrame(1000));
  await flush();
  await tick(2000);
  hub.calls[0].push(':\n\n');
  await flush();
  await tick(2499); // 4499 ms after connected, 2499 after the heartbeat
  assert.equal(herald.status, 'open');
  assert.equal(hub.calls.length, 1);
  await tick(1);
  assert.equal(herald.status, 'reconnecting');
});

test('resume: the anchor frame sets lastEventId without an event, and the reconnect sends it', async (t) => {
  const { hub, herald, tick, received } = setup(t);
  herald.connect();
  await flush();
  hub.calls[0].push(`${connectedFrame()}id: ep-5\n\n`);
  await flush();
  assert.equal(herald.lastEventId, 'ep-5');
  assert.deepEqual(received.map((r) => r.event), ['connected']);
  assert.equal(herald.lastEvent, null);
  hub.calls[0].drop();
  await flush();
  await tick(1000);
  assert.equal(hub.calls.length, 2);
  assert.equal(hub.calls[1].lastEventId, 'ep-5');
  assert.ok(!hub.calls[1].url.includes('lastEventId'), 'fetch resumes with the header');
});

test('resume: the second connect sends the last item id; duplicates are not delivered twice', async (t) => {
  const { hub, herald, tick, received } = setup(t);
  herald.connect();
  await flush();
  hub.calls[0].push(`${connectedFrame()}id: ep-5\n\n${itemFrame('ep-6')}${itemFrame('ep-7')}`);
  await flush();
  hub.calls[0].push(itemFrame('ep-7')); // the same id again on one stream
  await flush();
  hub.calls[0].drop();
  await flush();
  await tick(1000);
  assert.equal(hub.calls[1].lastEventId, 'ep-7');
  hub.calls[1].push(connectedFrame() + itemFrame('ep-6') + itemFrame('ep-7') + itemFrame('ep-8')
    + itemFrame('ep-10'));
  await flush();
  assert.deepEqual(items(received).map((r) => r.id), ['ep-6', 'ep-7', 'ep-8', 'ep-10']);
  assert.equal(herald.lastEventId, 'ep-10');
  // seq compares as a number, not as text: ep-9 is older than ep-10
  hub.calls[1].push(itemFrame('ep-9'));
  await flush();
  assert.equal(items(received).length, 4);
});

test('reset: emitted with its data, and its id replaces the position even if lower or of another epoch', async (t) => {
  const { hub, herald, received } = setup(t);
  herald.connect();
  await flush();
  hub.calls[0].push(`${connectedFrame()}${itemFrame('ep-50')}`);
  await flush();
  hub.calls[0].push('id: ep-10\nevent: reset\ndata: {"reason":"unknown_position"}\n\n');
  await flush();
  assert.equal(herald.lastEventId, 'ep-10');
  assert.deepEqual(received.at(-1), { event: 'reset', id: 'ep-10', data: { reason: 'unknown_position' } });
  hub.calls[0].push(itemFrame('ep-11'));
  await flush();
  assert.equal(received.at(-1).id, 'ep-11', 'continues live from the new position');
  hub.calls[0].push('id: zz-3\nevent: reset\ndata: {"reason":"unknown_epoch"}\n\n' + itemFrame('zz-4'));
  await flush();
  assert.equal(herald.lastEventId, 'zz-4');
  assert.equal(herald.lastEvent.id, 'zz-4', 'reset is a control event: lastEvent is the item');
});

test('token: a 401 token_expired calls tokenProvider and reconnects with the new token', async (t) => {
  const tokens = ['t1', 't2', 't3'];
  let asked = 0;
  const { hub, herald, tick } = setup(t, {
    token: undefined, tokenProvider: async () => { asked += 1; return tokens.shift(); },
  });
  hub.plans.push((c) => c.httpError(401, 'token_expired'));
  herald.connect();
  await flush();
  assert.equal(hub.calls[0].authorization, 'Bearer t1');
  await tick(0);
  assert.equal(asked, 2);
  assert.equal(hub.calls.length, 2);
  assert.equal(hub.calls[1].authorization, 'Bearer t2');
  hub.calls[1].push(connectedFrame());
  await flush();
  assert.equal(herald.status, 'open');
  // the token stays in use while it works
  hub.calls[1].drop();
  await flush();
  await tick(1000);
  assert.equal(hub.calls[2].authorization, 'Bearer t2');
  assert.equal(asked, 2);
});

test('token: an invalid_token refused again backs off (the provider is asked each time)', async (t) => {
  let n = 0;
  const { hub, herald, tick } = setup(t, {
    token: undefined, tokenProvider: async () => `bad${(n += 1)}`, reconnect: { maxAttempts: 3 },
  });
  hub.auto = (c) => c.httpError(401, 'invalid_token');
  herald.connect();
  await flush();
  await tick(0);
  assert.equal(hub.calls.length, 2);
  await tick(999);
  assert.equal(hub.calls.length, 2);
  await tick(1);
  assert.equal(hub.calls.length, 3);
  assert.deepEqual(hub.calls.map((c) => c.authorization), ['Bearer bad1', 'Bearer bad2', 'Bearer bad3']);
  assert.equal(herald.status, 'circuit-open');
});

test('token: the token_expired event gets a new token and resumes from the last id', async (t) => {
  const tokens = ['t1', 't2'];
  const { hub, herald, received } = setup(t, { token: undefined, tokenProvider: async () => tokens.shift() });
  herald.connect();
  await flush();
  hub.calls[0].push(connectedFrame() + itemFrame('ep-3'));
  hub.calls[0].push('event: token_expired\ndata: {"reason":"token_expired"}\n\n');
  await flush();
  assert.equal(hub.calls.length, 2);
  assert.equal(hub.calls[1].authorization, 'Bearer t2');
  assert.equal(hub.calls[1].lastEventId, 'ep-3');
  assert.equal(received.at(-1).event, 'token_expired');
  assert.equal(herald.lastEventId, 'ep-3', 'token_expired has no id and moves nothing');
});

test('token: without a tokenProvider, 401 closes with the error detail', async (t) => {
  const { hub, herald, statuses, tick } = setup(t);
  hub.plans.push((c) => c.httpError(401, 'token_expired', 'the token has expired'));
  herald.connect();
  await flush();
  assert.equal(herald.status, 'closed');
  assert.deepEqual(statuses.at(-1), ['closed',
    { reason: 'http', status: 401, code: 'token_expired', message: 'the token has expired' }]);
  await tick(60000);
  assert.equal(hub.calls.length, 1);
});

test('token: the token_expired event without a tokenProvider closes', async (t) => {
  const { hub, herald, tick } = setup(t);
  herald.connect();
  await flush();
  hub.calls[0].push(`${connectedFrame()}event: token_expired\ndata: {"reason":"token_expired"}\n\n`);
  await flush();
  assert.equal(herald.status, 'closed');
  await tick(60000);
  assert.equal(hub.calls.length, 1);
});

test('HTTP errors: 429 and 503 back off, other 4xx close', async (t) => {
  const { hub, herald, tick, statuses } = setup(t);
  hub.plans.push((c) => c.httpError(429, 'too_many_connections'), (c) => c.httpError(503, 'shutting_down'),
    (c) => c.httpError(400, 'invalid_request'));
  herald.connect();
  await flush();
  assert.equal(herald.status, 'reconnecting');
  assert.equal(statuses.at(-1)[1].code, 'too_many_connections');
  await tick(1000);
  assert.equal(statuses.at(-1)[1].code, 'shutting_down');
  assert.equal(herald.status, 'reconnecting');
  await tick(2000);
  assert.equal(hub.calls.length, 3);
  assert.equal(herald.status, 'closed');
  assert.equal(statuses.at(-1)[1].status, 400);
  await tick(600000);
  assert.equal(hub.calls.length, 3, 'a 400 is not retried');
});

test('a clean server close uses the server retry as the first delay (drain)', async (t) => {
  const { hub, herald, tick, statuses } = setup(t);
  herald.connect();
  await flush();
  hub.calls[0].push(connectedFrame() + itemFrame('ep-1') + 'retry: 300\n\n');
  hub.calls[0].end();
  await flush();
  assert.equal(herald.status, 'reconnecting');
  assert.equal(statuses.at(-1)[1].delayMs, 300);
  await tick(299);
  assert.equal(hub.calls.length, 1);
  await tick(1);
  assert.equal(hub.calls.length, 2);
  assert.equal(hub.calls[1].lastEventId, 'ep-1');
  // a network error (not a clean close) uses the backoff instead
  hub.calls[1].push(connectedFrame());
  await flush();
  hub.calls[1].drop();
  await flush();
  assert.equal(statuses.at(-1)[1].delayMs, 1000);
});

test('a request that never answers times out (connectTimeoutMs)', async (t) => {
  const { hub, herald, tick } = setup(t, { connectTimeoutMs: 5000 });
  hub.plans.push(() => {}); // hangs
  herald.connect();
  await flush();
  await tick(4999);
  assert.equal(herald.status, 'connecting');
  await tick(1);
  assert.equal(herald.status, 'reconnecting');
  assert.equal(hub.calls[0].aborted, true);
  await tick(1000);
  assert.equal(hub.calls.length, 2);
});

test('disconnect stops everything; connect starts again', async (t) => {
  const { hub, herald, tick } = setup(t);
  hub.auto = (c) => c.fail();
  herald.connect();
  await flush();
  herald.disconnect();
  await tick(600000);
  assert.equal(hub.calls.length, 1);
  assert.equal(herald.status, 'closed');
  hub.auto = (c) => c.open(connectedFrame());
  herald.connect();
  await flush();
  assert.equal(hub.calls.length, 2);
  assert.equal(herald.status, 'open');
});

test('EventSource transport: ?token= and ?lastEventId=, a new EventSource per reconnect', async (t) => {
  FakeEventSource.instances.length = 0;
  const { herald, tick, received } = setup(t, { transport: 'auto', fetch: null, EventSource: FakeEventSource });
  herald.on('score.updated', () => {});
  herald.connect();
  await flush();
  const es1 = FakeEventSource.instances[0];
  assert.equal(es1.url, 'http://hub.test/v1/stream?token=tok');
  es1.emit('connected', { connectionId: 'c', heartbeatMs: 1000 });
  es1.emit('notification', { id: 'ep-1' }, 'ep-1');
  es1.emit('score.updated', { id: 'ep-2' }, 'ep-2');
  es1.emit('notification', { id: 'ep-2' }, 'ep-2'); // duplicate id
  await flush();
  assert.equal(herald.status, 'open');
  assert.deepEqual(items(received).map((r) => r.event), ['notification', 'score.updated']);
  await tick(10000);
  assert.equal(herald.status, 'open', 'no watchdog: EventSource hides heartbeats');
  es1.error();
  await flush();
  assert.equal(es1.closed, true, 'the client, not the browser, reconnects');
  await tick(1000);
  const es2 = FakeEventSource.instances[1];
  assert.equal(es2.url, 'http://hub.test/v1/stream?token=tok&lastEventId=ep-2');
});

test('an option given as undefined takes the global; null means none', async () => {
  const h1 = new Herald({ fetch: undefined, locks: undefined, shareAcrossTabs: false });
  assert.equal(h1._fetchFn(), globalThis.fetch);
  const h2 = new Herald({ fetch: null, EventSource: null, shareAcrossTabs: false, window: null, document: null });
  assert.equal(h2._fetchFn(), null);
  h2.connect();
  await flush();
  assert.equal(h2.status, 'closed');
  assert.equal(h2._statusDetail.reason, 'no_transport');
  h2.disconnect();
});

test('pagehide disconnects at once; a page restored from the back/forward cache resumes', async (t) => {
  const { hub, herald, win, tick } = setup(t);
  herald.connect();
  await flush();
  hub.calls[0].push(connectedFrame() + itemFrame('ep-4'));
  await flush();
  hub.calls[0].drop(); // a reconnect is pending when the page goes away
  await flush();
  assert.equal(herald.status, 'reconnecting');
  win.dispatchEvent(new Event('pagehide'));
  assert.equal(herald.status, 'closed');
  await tick(600000);
  assert.equal(hub.calls.length, 1, 'a page that is gone never reconnects');
  const show = new Event('pageshow');
  show.persisted = true;
  win.dispatchEvent(show);
  await flush();
  assert.equal(hub.calls.length, 2);
  assert.equal(hub.calls[1].lastEventId, 'ep-4');
  // after an explicit disconnect, a pageshow does nothing
  win.dispatchEvent(new Event('pagehide'));
  herald.disconnect();
  win.dispatchEvent(show);
  await flush();
  assert.equal(hub.calls.length, 2);
});
