// herald.js honours the hub's Retry-After on 429 and 503, on the stream and on the REST helpers
// (issue 12, item 4). Fake timers and a fake clock: ticks are the only time that passes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Herald, HeraldError } from '../src/herald.js';
import { retryAfterMs, waitAfter, MAX_RETRY_AFTER_MS } from '../src/herald-retry-after.js';
import { FakeHub, flush, connectedFrame } from './support/fakes.mjs';

function setup(t, options = {}) {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'], now: Date.parse('2030-01-01T00:00:00Z') });
  const hub = new FakeHub();
  const win = new EventTarget();
  const herald = new Herald({
    url: 'http://hub.test', token: 'tok', fetch: hub.fetch, shareAcrossTabs: false, random: () => 0,
    window: win, document: null, ...options,
  });
  const statuses = [];
  herald.onStatus((s, d) => statuses.push([s, d]));
  t.after(() => herald.disconnect());
  const tick = async (ms) => {
    t.mock.timers.tick(ms);
    await flush();
  };
  return { hub, herald, win, statuses, tick };
}

const refuse = (status, code, retryAfter) => (c) => c.httpError(status, code, code,
  retryAfter === undefined ? {} : { 'Retry-After': String(retryAfter) });

test('Retry-After: delta-seconds, an HTTP-date, nothing readable, and the cap', () => {
  const res = (value) => new Response('', { status: 429, headers: value === undefined ? {} : { 'Retry-After': value } });
  const now = Date.parse('2030-01-01T00:00:00Z');
  assert.equal(retryAfterMs(res('7'), now), 7000);
  assert.equal(retryAfterMs(res(' 0 '), now), 0);
  assert.equal(retryAfterMs(res('Tue, 01 Jan 2030 00:00:12 GMT'), now), 12000);
  assert.equal(retryAfterMs(res('Mon, 31 Dec 2029 23:00:00 GMT'), now), 0, 'a date in the past: no wait');
  assert.equal(retryAfterMs(res(undefined), now), 1000, 'none readable: the hub\'s smallest value');
  assert.equal(retryAfterMs(res('soon'), now), 1000);
  assert.equal(retryAfterMs(res('-3'), now), 1000);
  assert.equal(retryAfterMs(res('999999999'), now), MAX_RETRY_AFTER_MS);
  assert.equal(waitAfter(7000, 1000, 0.5, () => 0), 7000);
  assert.equal(waitAfter(7000, 1000, 0.5, () => 1), 10500, 'jitter spreads up to half as long again');
  assert.equal(waitAfter(1000, 8000, 0.5, () => 1), 8000, 'never shorter than the backoff');
});

test('stream: a 429 too_many_connections waits its Retry-After, not the 1 s backoff', async (t) => {
  const { hub, herald, statuses, tick } = setup(t);
  hub.plans.push(refuse(429, 'too_many_connections', 7));
  herald.connect();
  await flush();
  assert.equal(herald.status, 'reconnecting');
  assert.equal(statuses.at(-1)[1].code, 'too_many_connections');
  assert.equal(statuses.at(-1)[1].retryAfterMs, 7000);
  assert.equal(statuses.at(-1)[1].delayMs, 7000);
  await tick(6999);
  assert.equal(hub.calls.length, 1, 'no attempt before Retry-After');
  await tick(1);
  assert.equal(hub.calls.length, 2);
});

test('stream: a 503 with an HTTP-date, and a 429 rate_limited whose Retry-After is below the backoff', async (t) => {
  const { hub, herald, tick } = setup(t);
  hub.plans.push(refuse(503, 'store_unavailable', 'Tue, 01 Jan 2030 00:00:05 GMT'),
    (c) => c.fail(), (c) => c.fail(), refuse(429, 'rate_limited', 1));
  herald.connect();
  await flush();
  await tick(4999);
  assert.equal(hub.calls.length, 1);
  await tick(1);
  assert.equal(hub.calls.length, 2); // fails: backoff 2 s
  await tick(2000);
  assert.equal(hub.calls.length, 3); // fails: backoff 4 s
  await tick(4000);
  assert.equal(hub.calls.length, 4); // 429, Retry-After 1 s: the backoff (8 s) is the floor
  await tick(7999);
  assert.equal(hub.calls.length, 4);
  await tick(1);
  assert.equal(hub.calls.length, 5);
});

test('stream: jitter spreads the wait above Retry-After, never below', async (t) => {
  const { hub, herald, statuses } = setup(t, { random: () => 0.999 });
  hub.plans.push(refuse(429, 'too_many_connections', 10));
  herald.connect();
  await flush();
  const { delayMs } = statuses.at(-1)[1];
  assert.ok(delayMs >= 10000 && delayMs <= 15000, `delay ${delayMs}`);
});

test('stream: reconnect() and going online do not cut a Retry-After short', async (t) => {
  const { hub, herald, win, tick } = setup(t);
  hub.plans.push(refuse(503, 'shutting_down', 20));
  herald.connect();
  await flush();
  await tick(5000);
  herald.reconnect();
  await flush();
  win.dispatchEvent(new Event('online'));
  await flush();
  await tick(14999);
  assert.equal(hub.calls.length, 1, 'nothing before the 20 s the hub asked for');
  await tick(1);
  assert.equal(hub.calls.length, 2);
});

/** A fetch for the REST helpers: answers from a list; records when each request was sent. */
function restHub(...replies) {
  const sent = [];
  const fetch = async (url) => {
    sent.push({ url: String(url), at: Date.now() });
    const [status, body, headers = {}] = replies.shift() ?? [200, {}];
    if (status === 204) return new Response(null, { status });
    return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
  };
  return { fetch, sent };
}

const limited = (seconds) => [429, { error: { code: 'rate_limited', message: 'slow down' } }, { 'Retry-After': String(seconds) }];

test('REST: a 429 rate_limited is sent again after its Retry-After and then resolves', async (t) => {
  const { fetch, sent } = restHub(limited(2), [200, { unreadCount: 3 }]);
  const { herald, tick } = setup(t, { fetch });
  const start = Date.now();
  const result = herald.api.unreadCount();
  await flush();
  assert.equal(sent.length, 1);
  await tick(1999);
  assert.equal(sent.length, 1, 'not before Retry-After');
  await tick(1);
  assert.equal(await result, 3);
  assert.deepEqual(sent.map((s) => s.at - start), [0, 2000]);
});

test('REST: a 503 three times fails with the hub error and retryAfterMs; the next call waits it out first', async (t) => {
  const unavailable = [503, { error: { code: 'store_unavailable', message: 'the store is unavailable' } }, { 'Retry-After': '2' }];
  const { fetch, sent } = restHub(unavailable, unavailable, unavailable, [204, {}]);
  const { herald, tick } = setup(t, { fetch });
  const start = Date.now();
  const failed = assert.rejects(herald.api.markAllRead(), (err) => err instanceof HeraldError && err.status === 503
    && err.code === 'store_unavailable' && err.retryAfterMs === 2000);
  await flush();
  await tick(2000);
  await tick(2000);
  await failed;
  assert.equal(sent.length, 3, 'three sends at most');
  const next = herald.api.markRead('ep-1');
  await flush();
  await tick(1999);
  assert.equal(sent.length, 3, 'the next call waits for the last Retry-After');
  await tick(1);
  await next;
  assert.deepEqual(sent.map((s) => s.at - start), [0, 2000, 4000, 6000]);
});

test('REST: a Retry-After longer than a call may wait fails at once, and so does every call until then', async (t) => {
  const { fetch, sent } = restHub(limited(120), [200, { mutedTypes: [] }]);
  const { herald, tick } = setup(t, { fetch, reconnect: { maxMs: 30000 } });
  await assert.rejects(herald.api.getPreferences(), (err) => err.status === 429 && err.code === 'rate_limited'
    && err.retryAfterMs === 120000);
  await tick(60000);
  await assert.rejects(herald.api.getPreferences(), (err) => err.code === 'rate_limited' && err.retryAfterMs === 60000);
  assert.equal(sent.length, 1, 'the hub is not asked again before its Retry-After');
  await tick(35000); // 25 s left: within what a call waits
  const prefs = herald.api.getPreferences();
  await flush();
  await tick(25000);
  assert.deepEqual(await prefs, { mutedTypes: [] });
  assert.equal(sent.length, 2);
});

test('REST: other errors are not retried', async (t) => {
  const { fetch, sent } = restHub([500, { error: { code: 'internal_error', message: 'x' } }]);
  const { herald } = setup(t, { fetch });
  await assert.rejects(herald.api.list(), (err) => err.status === 500 && err.retryAfterMs === undefined);
  assert.equal(sent.length, 1);
});

test('stream after REST: each keeps its own Retry-After (a REST refusal does not hold the stream back)', async (t) => {
  const { fetch: restFetch, sent } = restHub(limited(60));
  const hub = new FakeHub();
  const fetch = (url, init) => (String(url).includes('/v1/me/') ? restFetch(url, init) : hub.fetch(url, init));
  const { herald } = setup(t, { fetch });
  await assert.rejects(herald.api.list());
  herald.connect();
  await flush();
  assert.equal(sent.length, 1);
  assert.equal(hub.calls.length, 1);
  hub.calls[0].push(connectedFrame());
  await flush();
  assert.equal(herald.status, 'open');
});
