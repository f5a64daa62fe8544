// Retries, Retry-After, idempotency keys across attempts and timeouts, against a real local HTTP
// server that answers as a hub does when it is rate limiting, without its store, or silent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Herald, HeraldError } from '../src/index.js';
import { VERSION } from '../src/version.js';
import { accepted, hubError, startDouble } from './support/double.mjs';

const KEY = 'double-publisher-key-0123';
/** Node's timers count from the event loop's cached clock, which may lag a real clock by a little. */
const TIMER_SLACK_MS = 3;

async function withDouble(t, answer, options = {}) {
  const double = await startDouble(answer);
  t.after(() => double.close());
  const herald = new Herald({ url: double.url, apiKey: KEY, ...options,
    retry: { baseDelayMs: 10, maxDelayMs: 2000, ...options.retry } });
  return { double, herald };
}

const fails = (promise) => promise.then((v) => assert.fail(`expected a HeraldError, got ${JSON.stringify(v)}`), (e) => e);

test('429 with Retry-After: 1: retried no sooner than a second later, then succeeds', async (t) => {
  const { double, herald } = await withDouble(t, (n) => (n === 0
    ? hubError(429, 'rate_limited', { 'Retry-After': '1' }) : accepted('e-7')));
  const r = await herald.publish({ user: 'alice' }, { type: 't', title: 't' });
  assert.equal(r.id, 'e-7');
  assert.equal(double.requests.length, 2);
  const gap = double.requests[1].at - double.requests[0].at;
  assert.ok(gap >= 1000 - TIMER_SLACK_MS, `the retry came ${Math.round(gap)} ms after the 429`);
});

test('503 with a Retry-After beyond maxDelayMs: not retried, fails at once with retryAfterMs', async (t) => {
  const { double, herald } = await withDouble(t, () => hubError(503, 'store_unavailable', { 'Retry-After': '3' }),
    { retry: { maxDelayMs: 1000 } });
  const started = performance.now();
  const e = await fails(herald.publish({ user: 'alice' }, { type: 't', title: 't' }));
  assert.ok(e instanceof HeraldError);
  assert.equal(e.code, 'store_unavailable');
  assert.equal(e.status, 503);
  assert.equal(e.retryAfterMs, 3000);
  assert.equal(e.attempts, 1);
  assert.equal(double.requests.length, 1);
  assert.ok(performance.now() - started < 2500, 'failed without waiting the 3 s');
});

test('503 then 202: the retry carries the same idempotency key and the same body', async (t) => {
  const { double, herald } = await withDouble(t, (n) => (n === 0 ? hubError(503, 'store_unavailable') : accepted()));
  const r = await herald.publish({ user: 'alice' }, { type: 't', title: 't', data: { n: 1 } });
  const [first, second] = double.requests;
  assert.equal(double.requests.length, 2);
  assert.match(first.json.idempotencyKey, /^sdk-[0-9a-f-]{36}$/);
  assert.equal(second.text, first.text, 'byte for byte the same request, key included');
  assert.equal(r.idempotencyKey, first.json.idempotencyKey);
  assert.deepEqual(first.json, { userId: 'alice', type: 't', title: 't', data: { n: 1 }, idempotencyKey: r.idempotencyKey });

  // A new call gets a new key; the caller's own key is sent as it is.
  await herald.publish({ user: 'alice' }, { type: 't', title: 't' });
  assert.notEqual(double.requests[2].json.idempotencyKey, r.idempotencyKey);
  await herald.publish({ user: 'alice' }, { type: 't', title: 't', idempotencyKey: 'mine-1' });
  assert.equal(double.requests[3].json.idempotencyKey, 'mine-1');
});

test('a batch retried after a 503 sends every element with its same key; events keep theirs too', async (t) => {
  const { double, herald } = await withDouble(t, (n, req) => {
    if (n % 2 === 0) return hubError(503, 'overloaded');
    return req.url.endsWith('/batch')
      ? { status: 202, body: { items: req.json.notifications.map((_, i) => ({ id: `e-${i}`, recipients: 1 })) } }
      : { status: 202, body: { id: 'e-9' }, headers: { 'Idempotent-Replayed': 'true' } };
  });
  const r = await herald.publishBatch([
    { to: { user: 'a' }, notification: { type: 't', title: 'one' } },
    { to: { users: ['b', 'c'] }, notification: { type: 't', title: 'two', idempotencyKey: 'mine-2' } },
    { to: { everyone: true }, notification: { type: 't', title: 'three' } },
  ]);
  const [first, second] = double.requests;
  assert.equal(second.text, first.text);
  const keys = first.json.notifications.map((n) => n.idempotencyKey);
  assert.equal(new Set(keys).size, 3, 'one key per element');
  assert.equal(keys[1], 'mine-2');
  assert.deepEqual(r.items.map((i) => i.idempotencyKey), keys);
  assert.deepEqual(first.json.notifications.map((n) => [n.userId, n.userIds, n.broadcast]),
    [['a', undefined, undefined], [undefined, ['b', 'c'], undefined], [undefined, undefined, true]]);

  const ev = await herald.sendEvent({ user: 'a' }, { name: 'upload.progress', data: { pct: 40 } });
  const [e1, e2] = double.requests.slice(2);
  assert.equal(e2.text, e1.text);
  assert.deepEqual(e1.json, { userId: 'a', event: 'upload.progress', data: { pct: 40 }, idempotencyKey: ev.idempotencyKey });
  assert.equal(ev.replayed, true, 'Idempotent-Replayed: true');
});

test('backoff: waits grow from baseDelayMs (jittered between half and all), up to maxAttempts', async (t) => {
  const { double, herald } = await withDouble(t, () => hubError(502, 'bad_gateway'),
    { retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 2000 } });
  const e = await fails(herald.stats());
  assert.equal(e.code, 'bad_gateway');
  assert.equal(e.attempts, 4);
  assert.equal(double.requests.length, 4);
  const gaps = double.requests.slice(1).map((r, i) => r.at - double.requests[i].at);
  // At least half of 100, 200, 400 ms; upper bounds are left out, a loaded machine can be slow.
  gaps.forEach((gap, i) => assert.ok(gap >= 50 * 2 ** i - TIMER_SLACK_MS, `gap ${i}: ${Math.round(gap)} ms`));
});

test('never retried: 500, 4xx; a reply not from the hub is http_<status>', async (t) => {
  const replies = [hubError(500, 'internal_error'), hubError(422, 'validation_failed'), hubError(404, 'not_found'),
    { status: 400, headers: { 'Content-Type': 'text/html' }, body: '<html>\n<b>Bad</b> gateway\u0001</html>' }];
  const { double, herald } = await withDouble(t, (n) => replies[n]);
  const codes = [];
  for (let i = 0; i < replies.length; i++) {
    const e = await fails(herald.publish({ user: 'a' }, { type: 't', title: 't' }));
    codes.push([e.code, e.status, e.attempts]);
    if (i === 3) assert.match(e.message, /HTTP 400 without a Herald error body: <html> <b>Bad<\/b> gateway <\/html>/);
  }
  assert.deepEqual(codes, [['internal_error', 500, 1], ['validation_failed', 422, 1], ['not_found', 404, 1], ['http_400', 400, 1]]);
  assert.equal(double.requests.length, replies.length);
});

test('a dropped connection is retried; the hub\'s Retry-After of 0 waits only the backoff', async (t) => {
  const { double, herald } = await withDouble(t, (n) => [
    'drop', hubError(503, 'shutting_down', { 'Retry-After': '0' }), accepted('e-3')][n]);
  const r = await herald.publish({ user: 'a' }, { type: 't', title: 't' });
  assert.equal(r.id, 'e-3');
  assert.equal(double.requests.length, 3);
  assert.equal(new Set(double.requests.map((q) => q.json.idempotencyKey)).size, 1);
});

test('timeout: an attempt that gets no reply within timeoutMs is abandoned and retried', async (t) => {
  const { double, herald } = await withDouble(t, (n) => (n === 0 ? 'hang' : accepted('e-5')), { timeoutMs: 300 });
  const started = performance.now();
  const r = await herald.publish({ user: 'a' }, { type: 't', title: 't' });
  assert.equal(r.id, 'e-5');
  assert.ok(performance.now() - started >= 300 - TIMER_SLACK_MS);
  assert.equal(double.requests[1].json.idempotencyKey, double.requests[0].json.idempotencyKey);
});

test('timeout on every attempt: HeraldError timeout, status 0', async (t) => {
  const { double, herald } = await withDouble(t, () => 'hang', { timeoutMs: 200, retry: { maxAttempts: 2 } });
  const e = await fails(herald.stats());
  assert.equal(e.code, 'timeout');
  assert.equal(e.status, 0);
  assert.equal(e.attempts, 2);
  assert.equal(double.requests.length, 2);
  assert.match(e.message, /no response to GET http:\/\/127\.0\.0\.1:\d+\/v1\/stats after 2 attempts/);
});

test('health: one probe without the key; a draining hub\'s 503 is an answer, not an error', async (t) => {
  const body = { status: 'draining', nodeId: 'n1', store: 'ok', bus: 'ok', connections: 0, reasons: [] };
  const { double, herald } = await withDouble(t, (n) => (n === 0 ? { status: 503, body, headers: { 'Retry-After': '1' } }
    : { status: 502, body: 'bad gateway' }));
  assert.deepEqual(await herald.health(), body);
  assert.equal(double.requests[0].headers.authorization, undefined);
  const e = await fails(herald.health());
  assert.equal(e.code, 'http_502');
  assert.equal(e.attempts, 1);
  assert.equal(double.requests.length, 2);
});

test('requests: the key, JSON, a User-Agent, a base path kept, user ids encoded, redirects not followed', async (t) => {
  const { double } = await withDouble(t, (n, req) => (req.url.includes('/presence')
    ? { status: 302, headers: { Location: 'http://127.0.0.1:9/steal' }, body: '' }
    : { status: 200, body: { items: [], unreadCount: 0, nextBefore: null } }));
  const herald = new Herald({ url: `${double.url}/herald`, apiKey: KEY });
  await herald.inbox('zoë/1 ?#', { limit: 5, cursor: 'e-1' });
  const [req] = double.requests;
  assert.equal(req.url, '/herald/v1/users/zo%C3%AB%2F1%20%3F%23/notifications?limit=5&before=e-1');
  assert.equal(req.headers.authorization, `Bearer ${KEY}`);
  assert.equal(req.headers.accept, 'application/json');
  assert.match(req.headers['user-agent'], new RegExp(`^herald-node/${VERSION.replace(/\./g, '\\.')} \\(Node `));
  await herald.publish({ user: 'a' }, { type: 't', title: 't' }).catch(() => {});
  assert.equal(double.requests[1].headers['content-type'], 'application/json');
  const e = await fails(herald.presence('a'));
  assert.equal(e.code, 'http_302');
  assert.equal(double.requests.length, 3, 'the redirect was not followed');
});

test('a success reply the SDK cannot read: invalid_response', async (t) => {
  const { herald } = await withDouble(t, () => ({ status: 202, body: 'not json' }));
  const e = await fails(herald.publish({ user: 'a' }, { type: 't', title: 't' }));
  assert.equal(e.code, 'invalid_response');
  assert.equal(e.status, 202);
});
