// The hub's refusals as HeraldErrors with its stable codes, against a real hub: which are retried
// (none of these) and what they carry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Herald, HeraldError } from '../src/index.js';
import { client, HUB, LIMITED, KEY, needsHub, needsLimited, own, uniqueUser } from './support/hub.mjs';

/** A client whose fetch counts the requests it makes (the real fetch underneath). */
function counting(options = {}) {
  const calls = [];
  const herald = client({ ...options, fetch: (url, init) => { calls.push(url); return fetch(url, init); } });
  return { herald, calls };
}

const fails = (promise) => promise.then((v) => assert.fail(`expected a HeraldError, got ${JSON.stringify(v)}`), (e) => e);

test('validation: the hub\'s 422 validation_failed with its message, sent once, nothing published', { skip: needsHub }, async () => {
  const { herald, calls } = counting();
  const user = uniqueUser('invalid');
  const e = await fails(herald.publish({ user }, { type: 'comment', titel: 'typo' }));
  assert.ok(e instanceof HeraldError, String(e));
  assert.equal(e.name, 'HeraldError');
  assert.equal(e.code, 'validation_failed');
  assert.equal(e.status, 422);
  assert.equal(e.message, "unknown field 'titel'");
  assert.equal(e.attempts, 1);
  assert.equal(e.retryAfterMs, undefined);
  assert.equal(calls.length, 1, 'a 4xx is never retried');
  assert.equal(own((await herald.inbox(user)).items).length, 0);
});

test('a bad query parameter: 400 invalid_request, not retried', { skip: needsHub }, async () => {
  const { herald, calls } = counting();
  const e = await fails(herald.inbox('alice', { limit: 0 }));
  assert.equal(e.code, 'invalid_request');
  assert.equal(e.status, 400);
  assert.match(e.message, /limit/);
  assert.equal(calls.length, 1);
});

test('a wrong publisher key: 401 invalid_api_key, not retried, and the key is not in the message', { skip: needsHub }, async () => {
  const calls = [];
  const herald = new Herald({ url: HUB, apiKey: 'not-the-key-0123456789',
    fetch: (url, init) => { calls.push(url); return fetch(url, init); } });
  const e = await fails(herald.publish({ user: 'alice' }, { type: 't', title: 't' }));
  assert.equal(e.code, 'invalid_api_key');
  assert.equal(e.status, 401);
  assert.ok(!e.message.includes('not-the-key'));
  assert.equal(calls.length, 1);
  // A subscriber token is not a publisher key either.
  const token = (await client().mintToken('alice')).token;
  const asKey = await fails(new Herald({ url: HUB, apiKey: token }).stats());
  assert.equal(asKey.code, 'invalid_api_key');
});

test('rate limited by the hub with a Retry-After beyond maxDelayMs: fails at once with retryAfterMs', { skip: needsLimited }, async () => {
  // That hub lets a key publish 1 item a minute: the first publish (or an earlier run's) takes it.
  const calls = [];
  const herald = new Herald({ url: LIMITED, apiKey: KEY, retry: { maxAttempts: 4, maxDelayMs: 2000 },
    fetch: (url, init) => { calls.push(url); return fetch(url, init); } });
  let refused;
  for (let i = 0; i < 2 && !refused; i++) {
    const started = performance.now();
    refused = await herald.publish({ user: uniqueUser('limited') }, { type: 't', title: `n${i}` })
      .then(() => undefined, (e) => ({ e, ms: performance.now() - started }));
  }
  assert.ok(refused, 'the second publish within a minute is refused');
  const { e, ms } = refused;
  assert.equal(e.code, 'rate_limited');
  assert.equal(e.status, 429);
  assert.ok(e.retryAfterMs > 2000 && e.retryAfterMs <= 60_000, `retryAfterMs ${e.retryAfterMs}`);
  assert.equal(e.retryAfterMs % 1000, 0, 'whole seconds, as the hub sends them');
  assert.equal(e.attempts, 1, 'not retried: the wait is longer than maxDelayMs');
  assert.ok(ms < 30_000, `failed at once, not after waiting the minute (${Math.round(ms)} ms)`);
  assert.ok(calls.length <= 2);
});

test('no hub at the address: network_error after every attempt', async () => {
  const calls = [];
  // Port 9 (discard) on loopback: nothing listens there, so every connection is refused.
  const herald = new Herald({ url: 'http://127.0.0.1:9', apiKey: 'k'.repeat(20),
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
    fetch: (url, init) => { calls.push(url); return fetch(url, init); } });
  const e = await fails(herald.stats());
  assert.equal(e.code, 'network_error');
  assert.equal(e.status, 0);
  assert.equal(e.attempts, 3);
  assert.equal(calls.length, 3);
  assert.match(e.message, /after 3 attempts/);
  assert.ok(e.cause instanceof TypeError);
});

test('arguments that can never be valid are refused before any request', async () => {
  const calls = [];
  const herald = new Herald({ url: 'http://127.0.0.1:9', apiKey: 'k'.repeat(20),
    fetch: (url, init) => { calls.push(url); return fetch(url, init); } });
  const n = { type: 't', title: 't' };
  for (const to of [undefined, {}, { user: 'a', users: ['b'] }, { everyone: false }, { users: 'a' }, { userId: 'a' }]) {
    await assert.rejects(herald.publish(to, n), TypeError, JSON.stringify(to));
  }
  await assert.rejects(herald.publish({ user: 'a' }, { ...n, userId: 'b' }), /first argument/);
  await assert.rejects(herald.publish({ user: 'a' }, { ...n, idempotencyKey: '' }), TypeError);
  await assert.rejects(herald.publish({ user: 'a' }, { ...n, data: { x: Infinity } }), TypeError);
  await assert.rejects(herald.publishBatch([]), TypeError);
  await assert.rejects(herald.sendEvent({ user: 'a' }, { data: 1 }), /name/);
  await assert.rejects(herald.mintToken('a', { ttlSeconds: 0 }), RangeError);
  await assert.rejects(herald.presence(''), TypeError);
  await assert.rejects(herald.inbox('..'), TypeError);
  assert.equal(calls.length, 0);
});

test('options are checked at construction, and never echo the key', () => {
  const ok = { url: 'http://127.0.0.1:8080', apiKey: 'k'.repeat(20) };
  for (const url of ['ftp://x', 'not a url', 'http://h/?q=1', 'http://h/#f', 'http://u:p@h/']) {
    assert.throws(() => new Herald({ ...ok, url }), TypeError, url);
  }
  assert.throws(() => new Herald({ ...ok, apiKey: 'has a space secret' }),
    (e) => e instanceof TypeError && !e.message.includes('secret'));
  assert.throws(() => new Herald({ ...ok, apiKey: undefined }), TypeError);
  assert.throws(() => new Herald({ ...ok, timeoutMs: 0 }), RangeError);
  assert.throws(() => new Herald({ ...ok, retry: { maxAttempts: 0 } }), RangeError);
  assert.throws(() => new Herald({ ...ok, retry: { baseDelayMs: 500, maxDelayMs: 100 } }), RangeError);
  assert.throws(() => new Herald({ ...ok, fetch: 'nope' }), TypeError);
  assert.throws(() => new Herald(), TypeError);
  assert.doesNotThrow(() => new Herald({ ...ok, retry: { maxAttempts: undefined, maxDelayMs: 9000 } }));
});
