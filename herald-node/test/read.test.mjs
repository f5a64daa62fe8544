// Reading the hub: inbox pages, presence, stats, health.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { client, needsHub, own, uniqueUser, until } from './support/hub.mjs';
import { openStream } from './support/stream.mjs';

const skip = needsHub;

test('inbox: pages newest first, the cursor is the previous nextBefore, unread filters', { skip }, async () => {
  const herald = client();
  const user = uniqueUser('inbox');
  const ids = [];
  for (const title of ['one', 'two', 'three']) {
    ids.push((await herald.publish({ user }, { type: 'n', title })).id);
  }
  // Page by two until the end. A broadcast of another test may sit among the items: leave it out.
  const pages = [];
  let cursor;
  do {
    const page = await herald.inbox(user, { limit: 2, cursor });
    assert.ok(page.items.length <= 2 && page.items.length > 0, JSON.stringify(page));
    assert.ok(page.unreadCount >= 3);
    assert.equal(page.nextBefore, page.nextBefore === null ? null : page.items.at(-1).id);
    pages.push(page);
    cursor = page.nextBefore;
  } while (cursor !== null && pages.length < 10);
  assert.ok(pages.length >= 2, 'three items take two pages of two');
  const items = own(pages.flatMap((p) => p.items));
  assert.deepEqual(items.map((i) => i.title), ['three', 'two', 'one']);
  assert.deepEqual(items.map((i) => i.read), [false, false, false]);
  const older = await herald.inbox(user, { unread: true, before: ids[2] });
  assert.deepEqual(own(older.items).map((i) => i.id), [ids[1], ids[0]]);
});

test('presence: online while a stream is open, offline after it closes', { skip }, async () => {
  const herald = client();
  const user = uniqueUser('here');
  assert.deepEqual(await herald.presence(user), { userId: user, connections: 0, online: false });
  const stream = await openStream((await herald.mintToken(user)).token);
  try {
    assert.deepEqual(await herald.presence(user), { userId: user, connections: 1, online: true });
  } finally {
    await stream.close();
  }
  await until('offline', async () => !(await herald.presence(user)).online);
});

test('stats: the hub\'s counters, published growing with a publish', { skip }, async () => {
  const herald = client();
  const before = await herald.stats();
  assert.equal(typeof before.nodeId, 'string');
  assert.ok(Array.isArray(before.nodes) && before.nodes.length >= 1);
  await herald.publish({ user: uniqueUser('stats') }, { type: 's', title: 'counted' });
  const after = await herald.stats();
  assert.ok(after.published > before.published, `${before.published} -> ${after.published}`);
});

test('health: ok, without a key', { skip }, async () => {
  const health = await client().health();
  assert.equal(health.status, 'ok');
  assert.deepEqual(health.reasons, []);
  assert.equal(health.store, 'ok');
});
