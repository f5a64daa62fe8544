// herald.lastError and herald.reconnectAttempts (what useHerald returns as error and
// reconnectAttempts): set by the statuses that report failures, cleared when the stream opens.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Herald, HeraldError } from '../src/herald.js';
import { FakeHub, flush, connectedFrame } from './support/fakes.mjs';

function setup(t, options = {}) {
  t.mock.timers.enable({ apis: ['setTimeout', 'setInterval', 'Date'] });
  const hub = new FakeHub();
  hub.auto = null; // the test answers every request
  const win = new EventTarget();
  const herald = new Herald({
    url: 'http://hub.test', token: 'tok', fetch: hub.fetch, shareAcrossTabs: false, random: () => 0,
    window: win, document: null, reconnect: { baseMs: 100, maxMs: 100, maxAttempts: 3 }, ...options,
  });
  t.after(() => herald.disconnect());
  const tick = async (ms) => {
    t.mock.timers.tick(ms);
    await flush();
  };
  return { hub, herald, win, tick };
}

test('failures count up to the open circuit, which keeps the count and the last error', async (t) => {
  const { hub, herald, tick } = setup(t);
  assert.equal(herald.lastError, null);
  assert.equal(herald.reconnectAttempts, 0);
  herald.connect();
  await flush();
  hub.calls[0].httpError(503, 'overloaded', 'busy', { 'retry-after': '0' });
  await flush();
  assert.equal(herald.status, 'reconnecting');
  assert.equal(herald.reconnectAttempts, 1);
  assert.ok(herald.lastError instanceof HeraldError);
  assert.equal(herald.lastError.code, 'overloaded');
  assert.equal(herald.lastError.reason, 'http');
  await tick(100);
  hub.calls[1].fail();
  await flush();
  assert.equal(herald.reconnectAttempts, 2);
  assert.equal(herald.lastError.code, 'network');
  assert.equal(herald.lastError.status, 0);
  assert.ok(herald.lastError.cause instanceof TypeError);
  await tick(100);
  hub.calls[2].fail();
  await flush();
  assert.equal(herald.status, 'circuit-open');
  assert.equal(herald.reconnectAttempts, 2, 'the circuit opens instead of scheduling a third');
  assert.equal(herald.lastError.code, 'network');
});

test('a lost open stream counts from 1, the heartbeat watchdog names itself, and opening clears both', async (t) => {
  const { hub, herald, tick } = setup(t);
  herald.connect();
  await flush();
  hub.calls[0].open(connectedFrame(1000));
  await flush();
  assert.equal(herald.status, 'open');
  await tick(2500); // 2.5 heartbeats of silence
  assert.equal(herald.status, 'reconnecting');
  assert.equal(herald.reconnectAttempts, 1);
  assert.equal(herald.lastError.code, 'heartbeat_timeout');
  await tick(100);
  hub.calls[1].open(connectedFrame(60000));
  await flush();
  assert.equal(herald.status, 'open');
  assert.equal(herald.reconnectAttempts, 0);
  assert.equal(herald.lastError, null);
});

test('choices are not errors: disconnect, pagehide and a manual reconnect keep the last error', async (t) => {
  const { hub, herald, win } = setup(t);
  herald.connect();
  await flush();
  hub.calls[0].httpError(403, 'forbidden', 'not allowed');
  await flush();
  assert.equal(herald.status, 'closed');
  assert.equal(herald.lastError.code, 'forbidden');
  assert.equal(herald.lastError.status, 403);
  herald.reconnect(); // tries again; the error stands until the stream opens
  await flush();
  assert.equal(herald.status, 'reconnecting');
  assert.equal(herald.reconnectAttempts, 0);
  assert.equal(herald.lastError.code, 'forbidden');
  hub.calls[1].httpError(401, 'invalid_token', 'bad signature');
  await flush();
  assert.equal(herald.lastError.code, 'invalid_token');
  win.dispatchEvent(new Event('pagehide'));
  assert.equal(herald.status, 'closed');
  assert.equal(herald.lastError.code, 'invalid_token');
  herald.disconnect();
  assert.equal(herald.lastError.code, 'invalid_token');
  herald.connect(); // a fresh start forgets it
  assert.equal(herald.lastError, null);
});
