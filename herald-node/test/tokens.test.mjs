// Subscriber tokens: minted by the hub, or signed locally with the hub's secret; both accepted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Herald } from '../src/index.js';
import { client, HUB, KEY, needsHub, needsSecret, own, raw, uniqueUser } from './support/hub.mjs';
import { openStream } from './support/stream.mjs';

test('mintToken: the hub\'s token opens the user\'s own inbox (GET /v1/me/notifications)', { skip: needsHub }, async () => {
  const herald = client();
  const user = uniqueUser('mint');
  const published = await herald.publish({ user }, { type: 'welcome', title: 'Hello' });
  const before = Date.now();
  const t = await herald.mintToken(user, { ttlSeconds: 120 });
  assert.equal(t.userId, user);
  assert.match(t.token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
  const expires = Date.parse(t.expiresAt);
  assert.ok(expires >= before + 115_000 && expires <= Date.now() + 125_000, t.expiresAt);

  const me = await raw('/v1/me/notifications', { token: t.token });
  assert.equal(me.status, 200, me.text);
  assert.deepEqual(own(JSON.parse(me.text).items).map((i) => i.id), [published.id]);
});

test('mintTokenLocally: signed here with the hub\'s secret, accepted for the inbox and a stream', { skip: needsSecret }, async (t) => {
  const herald = client();
  const user = uniqueUser('zoë/1 ?#'); // needs percent-encoding in a path, and UTF-8
  const published = await herald.publish({ user }, { type: 'welcome', title: 'Hello' });
  const local = herald.mintTokenLocally(user, { ttlSeconds: 60 });
  assert.equal(local.userId, user);
  assert.match(local.expiresAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, 'the hub\'s format, whole seconds');

  const me = await raw('/v1/me/notifications', { token: local.token });
  assert.equal(me.status, 200, me.text);
  assert.deepEqual(own(JSON.parse(me.text).items).map((i) => i.id), [published.id]);
  // The SDK's own path encoding reaches the same user.
  assert.deepEqual(own((await herald.inbox(user)).items).map((i) => i.id), [published.id]);

  const stream = await openStream(local.token);
  t.after(() => stream.close());
  assert.equal(stream.frames.find((f) => f.event === 'connected').data.userId, user);
});

test('mintTokenLocally: a token signed with another secret is refused by the hub', { skip: needsHub }, async () => {
  const other = new Herald({ url: HUB, apiKey: KEY, jwtSecret: 'another-secret-of-at-least-32-bytes!!' });
  const forged = other.mintTokenLocally('mallory');
  const me = await raw('/v1/me/notifications', { token: forged.token });
  assert.equal(me.status, 401);
  assert.equal(JSON.parse(me.text).error.code, 'invalid_token');
});

test('mintTokenLocally: refuses without a secret, with a short one, and ids the hub never accepts', () => {
  const url = 'http://127.0.0.1:9';
  const noSecret = new Herald({ url, apiKey: 'k'.repeat(20) });
  assert.throws(() => noSecret.mintTokenLocally('alice'), (e) => e instanceof TypeError && /jwtSecret/.test(e.message));
  assert.throws(() => new Herald({ url, apiKey: 'k'.repeat(20), jwtSecret: 'short-secret-value' }),
    (e) => e instanceof RangeError && /32 bytes/.test(e.message) && !e.message.includes('short-secret-value'));
  const herald = new Herald({ url, apiKey: 'k'.repeat(20), jwtSecret: 's'.repeat(32) });
  for (const bad of ['', '.', '..', 'a\nb', 'x'.repeat(257), 'z\ud800', 42]) {
    assert.throws(() => herald.mintTokenLocally(bad), TypeError, JSON.stringify(bad));
  }
  for (const bad of [0, -1, 1.5, 2592001, '60']) {
    assert.throws(() => herald.mintTokenLocally('alice', { ttlSeconds: bad }), RangeError, String(bad));
  }
  const t = herald.mintTokenLocally('alice', { ttlSeconds: 2592000 });
  const claims = JSON.parse(Buffer.from(t.token.split('.')[1], 'base64url').toString('utf8'));
  assert.equal(claims.sub, 'alice');
  assert.equal(claims.exp - claims.iat, 2592000);
  assert.equal(JSON.parse(Buffer.from(t.token.split('.')[0], 'base64url').toString('utf8')).alg, 'HS256');
});
