import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Backoff } from '../src/herald.js';

test('delays double up to the maximum (no jitter)', () => {
  const b = new Backoff({ baseMs: 1000, maxMs: 30000, jitter: 0.5, random: () => 0 });
  const delays = Array.from({ length: 8 }, () => b.next());
  assert.deepEqual(delays, [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  assert.equal(b.attempts, 8);
});

test('jitter takes off at most jitter * delay, with the injected random source', () => {
  const low = new Backoff({ baseMs: 1000, maxMs: 30000, jitter: 0.5, random: () => 0.999999 });
  assert.equal(low.delay(1), 500);
  assert.equal(low.delay(3), 2000);
  const mid = new Backoff({ baseMs: 1000, jitter: 0.5, random: () => 0.5 });
  assert.equal(mid.delay(2), 1500);
  let x = 0;
  const seq = new Backoff({ baseMs: 1000, maxMs: 8000, jitter: 0.3, random: () => (x = (x + 0.37) % 1) });
  for (let n = 1; n <= 10; n += 1) {
    const full = Math.min(8000, 1000 * 2 ** (n - 1));
    const d = seq.delay(n);
    assert.ok(d <= full && d >= full * 0.7, `attempt ${n}: ${d} not in [${full * 0.7}, ${full}]`);
  }
  const none = new Backoff({ baseMs: 1000, jitter: 0, random: () => 0.9 });
  assert.equal(none.delay(2), 2000);
});

test('reset starts again from the base delay', () => {
  const b = new Backoff({ baseMs: 250, random: () => 0 });
  b.next();
  b.next();
  assert.equal(b.next(), 1000);
  b.reset();
  assert.equal(b.attempts, 0);
  assert.equal(b.next(), 250);
});

test('a base override (the server retry:) replaces baseMs for that delay', () => {
  const b = new Backoff({ baseMs: 1000, random: () => 0 });
  assert.equal(b.next(300), 300);
  assert.equal(b.next(), 2000);
});
