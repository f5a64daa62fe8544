// Publishing against a real hub: one, a batch, events, broadcasts, seen on real streams.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeraldError } from '../src/index.js';
import { BROADCAST_TYPE, client, needsHub, own, raw, uniqueUser } from './support/hub.mjs';
import { openStream } from './support/stream.mjs';

const skip = needsHub;

test('publish: the notification reaches the user\'s open stream with its data, and the inbox', { skip }, async (t) => {
  const herald = client();
  const user = uniqueUser('pub');
  const stream = await openStream((await herald.mintToken(user)).token);
  t.after(() => stream.close());

  const r = await herald.publish({ user }, {
    type: 'xp.gained', title: '+50 XP', body: 'Well done', data: { amount: 50 }, actionUrl: '/xp', priority: 'high',
  });
  assert.match(r.id, /^[a-z0-9]+-\d+$/);
  assert.equal(r.recipients, 1);
  assert.equal(r.replayed, false);
  assert.match(r.idempotencyKey, /^sdk-[0-9a-f-]{36}$/, 'a key is generated when the caller gives none');

  const frame = await stream.waitFor('the notification', (f) => f.id === r.id);
  assert.equal(frame.event, 'notification');
  assert.deepEqual(
    { type: frame.data.type, title: frame.data.title, body: frame.data.body, data: frame.data.data,
      actionUrl: frame.data.actionUrl, priority: frame.data.priority },
    { type: 'xp.gained', title: '+50 XP', body: 'Well done', data: { amount: 50 }, actionUrl: '/xp', priority: 'high' });

  const page = await herald.inbox(user);
  assert.deepEqual(own(page.items).map((i) => i.id), [r.id]);
});

test('publish twice with the caller\'s idempotency key: one notification, the repeat is replayed', { skip }, async () => {
  const herald = client();
  const user = uniqueUser('idem');
  const key = `order-${user}-shipped`;
  const first = await herald.publish({ user }, { type: 'order.shipped', title: 'Shipped', idempotencyKey: key });
  const again = await herald.publish({ user }, { type: 'order.shipped', title: 'Shipped', idempotencyKey: key });
  assert.equal(first.replayed, false);
  assert.equal(again.replayed, true);
  assert.equal(again.id, first.id);
  assert.equal(again.idempotencyKey, key);
  assert.equal(own((await herald.inbox(user)).items).length, 1);
});

test('numbers: a BigInt in data reaches the hub digit for digit; NaN is refused before sending', { skip }, async () => {
  const herald = client();
  const user = uniqueUser('big');
  await herald.publish({ user }, { type: 'big', title: 'Big', data: { n: 9007199254740993n, small: -5n, f: 0.1 } });
  const { text } = await raw(`/v1/users/${user}/notifications`);
  assert.match(text, /"data":\{"n":9007199254740993,"small":-5,"f":0\.1\}/);
  await assert.rejects(herald.publish({ user }, { type: 'big', title: 'NaN', data: { n: NaN } }),
    (e) => e instanceof TypeError && /"n" is NaN/.test(e.message));
  assert.equal(own((await herald.inbox(user)).items).length, 1, 'nothing sent for the refused one');
});

test('publishBatch: all published in order with consecutive ids; one bad element publishes none', { skip }, async (t) => {
  const herald = client();
  const [a, b, c] = [uniqueUser('ba'), uniqueUser('bb'), uniqueUser('bc')];
  const stream = await openStream((await herald.mintToken(a)).token);
  t.after(() => stream.close());

  const r = await herald.publishBatch([
    { to: { user: a }, notification: { type: 'comment', title: 'one' } },
    { to: { users: [b, c] }, notification: { type: 'invite', title: 'two', data: { room: 7 } } },
    { to: { user: a }, notification: { type: 'comment', title: 'three', idempotencyKey: `k-${a}` } },
  ]);
  assert.equal(r.items.length, 3);
  assert.deepEqual(r.items.map((i) => i.recipients), [1, 2, 1]);
  const seqs = r.items.map((i) => Number(i.id.split('-')[1]));
  assert.deepEqual(seqs, [seqs[0], seqs[0] + 1, seqs[0] + 2]);
  assert.equal(r.items[2].idempotencyKey, `k-${a}`);
  assert.equal(new Set(r.items.map((i) => i.idempotencyKey)).size, 3, 'a key per element');
  await stream.waitFor('the third', (f) => f.id === r.items[2].id);
  assert.deepEqual(stream.items().map((f) => f.data.title), ['one', 'three']);
  assert.deepEqual(own((await herald.inbox(c)).items).map((i) => i.id), [r.items[1].id]);

  const d = uniqueUser('bd');
  const bad = await herald.publishBatch([
    { to: { user: d }, notification: { type: 'comment', title: 'fine' } },
    { to: { user: d }, notification: { type: 'comment' } },
  ]).catch((e) => e);
  assert.ok(bad instanceof HeraldError, String(bad));
  assert.equal(bad.code, 'validation_failed');
  assert.equal(bad.status, 422);
  assert.match(bad.message, /^notifications\[1\]: title is required/);
  assert.equal(own((await herald.inbox(d)).items).length, 0, 'all or none');
});

test('publishBatch: a batch sent again with the same keys is all replayed, nothing twice', { skip }, async () => {
  const herald = client();
  const user = uniqueUser('br');
  const items = [1, 2].map((n) => ({ to: { user }, notification: { type: 't', title: `n${n}`, idempotencyKey: `${user}-${n}` } }));
  const first = await herald.publishBatch(items);
  const again = await herald.publishBatch(items);
  assert.deepEqual(again.items.map((i) => i.id), first.items.map((i) => i.id));
  assert.deepEqual(again.items.map((i) => i.replayed), [true, true]);
  assert.equal(own((await herald.inbox(user)).items).length, 2);
});

test('sendEvent: a custom event reaches every listed user\'s stream under its own name', { skip }, async (t) => {
  const herald = client();
  const [a, b] = [uniqueUser('ea'), uniqueUser('eb')];
  const streams = await Promise.all([a, b].map(async (u) => openStream((await herald.mintToken(u)).token)));
  t.after(() => Promise.all(streams.map((s) => s.close())));

  const r = await herald.sendEvent({ users: [a, b] }, { name: 'upload.progress', data: { pct: 40 } });
  assert.match(r.id, /^[a-z0-9]+-\d+$/);
  assert.equal(r.replayed, false);
  for (const s of streams) {
    const frame = await s.waitFor('the event', (f) => f.id === r.id);
    assert.equal(frame.event, 'upload.progress');
    assert.deepEqual(frame.data.data, { pct: 40 });
  }
  assert.equal(own((await herald.inbox(a)).items).length, 0, 'events are not kept in the inbox');
});

test('broadcast: a notification to everyone reaches a user nobody named', { skip }, async (t) => {
  const herald = client();
  const user = uniqueUser('bcast');
  const stream = await openStream((await herald.mintToken(user)).token);
  t.after(() => stream.close());
  const r = await herald.broadcast({ type: BROADCAST_TYPE, title: 'Maintenance at 22:00', ttlSeconds: 1 });
  assert.ok(r.recipients >= 1, `recipients ${r.recipients}`);
  const frame = await stream.waitFor('the broadcast', (f) => f.id === r.id);
  assert.equal(frame.data.title, 'Maintenance at 22:00');
});
