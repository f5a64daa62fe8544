// The small pure pieces: backoff arithmetic, Retry-After parsing, number serialisation, the version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { delayMs, isRetryableStatus, retryAfterMs } from '../src/retry-policy.js';
import { toJson } from '../src/json-body.js';
import { targetFields } from '../src/wire.js';
import { VERSION } from '../src/version.js';

const policy = { maxAttempts: 4, baseDelayMs: 200, maxDelayMs: 5000 };

test('delayMs: between half and all of base * 2^retry, capped at the maximum, never below Retry-After', () => {
  const low = () => 0;
  const high = () => 0.999999;
  assert.deepEqual([0, 1, 2, 3].map((r) => delayMs(policy, r, -1, low)), [100, 200, 400, 800]);
  assert.deepEqual([0, 1, 2, 3].map((r) => delayMs(policy, r, -1, high)), [200, 400, 800, 1600]);
  assert.equal(delayMs(policy, 10, -1, high), 5000, 'capped');
  assert.equal(delayMs(policy, 10, -1, low), 2500);
  assert.equal(delayMs(policy, 1000, -1, high), 5000, 'no overflow for a large retry number');
  assert.equal(delayMs(policy, 0, 3000, high), 3000, 'Retry-After wins when longer');
  assert.equal(delayMs(policy, 3, 1000, low), 1000);
  assert.equal(delayMs(policy, 3, 0, low), 800);
});

test('retryable statuses are the Java SDK\'s: 429, 502, 503, 504', () => {
  const retryable = [400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 501, 502, 503, 504].filter(isRetryableStatus);
  assert.deepEqual(retryable, [429, 502, 503, 504]);
});

test('Retry-After: whole seconds as ms; other forms ignored', () => {
  assert.equal(retryAfterMs('2'), 2000);
  assert.equal(retryAfterMs(' 60 '), 60_000);
  assert.equal(retryAfterMs('0'), 0);
  for (const v of [null, undefined, '', '-1', '1.5', 'Wed, 21 Oct 2026 07:28:00 GMT', '1234567']) {
    assert.equal(retryAfterMs(v), -1, String(v));
  }
});

test('toJson: BigInt as exact digits, non-finite numbers refused, the rest as JSON.stringify', () => {
  assert.equal(toJson({ a: 12345678901234567890123n, b: [-1n, 0n], s: 'herald-bigint:x:1' }),
    '{"a":12345678901234567890123,"b":[-1,0],"s":"herald-bigint:x:1"}');
  assert.equal(toJson({ d: new Date(0), u: undefined, f() {}, n: null }), '{"d":"1970-01-01T00:00:00.000Z","n":null}');
  assert.throws(() => toJson({ x: { y: NaN } }), (e) => e instanceof TypeError && /"y" is NaN/.test(e.message));
  assert.throws(() => toJson([Infinity]), TypeError);
});

test('targets: the hub\'s userId, userIds or broadcast', () => {
  assert.deepEqual(targetFields({ user: 'a' }), { userId: 'a' });
  assert.deepEqual(targetFields({ users: ['a', 'b'] }), { userIds: ['a', 'b'] });
  assert.deepEqual(targetFields({ everyone: true }), { broadcast: true });
});

test('VERSION is package.json\'s', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  assert.equal(VERSION, pkg.version);
  assert.deepEqual(pkg.dependencies, undefined, 'no runtime dependencies');
});
