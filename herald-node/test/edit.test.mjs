// Editing and retracting published notifications against a real hub, seen on real streams.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HeraldError } from '../src/index.js';
import { client, needsHub, own, uniqueUser } from './support/hub.mjs';
import { openStream } from './support/stream.mjs';

const skip = needsHub;

test('update: the stream gets notification.updated with the whole new version, the inbox shows it', { skip }, async (t) => {
  const herald = client();
  const user = uniqueUser('upd');
  const stream = await openStream((await herald.mintToken(user)).token);
  t.after(() => stream.close());
  const { id } = await herald.publish({ user }, { type: 'order', title: 'Shipped', body: 'soon', category: 'orders' });

  const edited = await herald.update(id, { title: 'Delivered', body: null, tags: ['eu'] });
  assert.equal(edited.id, id);
  assert.equal(edited.type, 'order');
  assert.equal(edited.title, 'Delivered');
  assert.equal(edited.body, null);
  assert.equal(edited.category, 'orders', 'left out, so kept');
  assert.deepEqual(edited.tags, ['eu']);

  const frame = await stream.waitFor('the update', (f) => f.event === 'notification.updated');
  assert.deepEqual(frame.data, edited);
  assert.notEqual(frame.id, id, 'the update has its own place in the log');
  const [item] = own((await herald.inbox(user)).items);
  assert.equal(item.title, 'Delivered');
});

test('retract: the stream gets notification.deleted with retracted: true; again resolves; then 404 to edit', { skip }, async (t) => {
  const herald = client();
  const user = uniqueUser('ret');
  const stream = await openStream((await herald.mintToken(user)).token);
  t.after(() => stream.close());
  const { id } = await herald.publish({ users: [user, uniqueUser('ret-other')] }, { type: 'oops', title: 'Wrong' });

  assert.equal(await herald.retract(id), undefined);
  const frame = await stream.waitFor('the retraction', (f) => f.event === 'notification.deleted');
  assert.deepEqual(frame.data, { id, notificationId: id, retracted: true });
  await herald.retract(id);
  assert.deepEqual(own((await herald.inbox(user)).items), []);
  await assert.rejects(herald.update(id, { title: 'Back' }),
    (e) => e instanceof HeraldError && e.status === 404 && e.code === 'not_found');
});

test('update and retract: bad input is refused, by the hub or before sending', { skip }, async () => {
  const herald = client();
  const { id } = await herald.publish({ user: uniqueUser('bad') }, { type: 't', title: 'T' });
  await assert.rejects(herald.update(id, { category: 'no spaces' }),
    (e) => e instanceof HeraldError && e.status === 422 && e.code === 'validation_failed');
  await assert.rejects(herald.update(id, { titel: 'typo' }), (e) => e instanceof HeraldError && e.status === 422);
  await assert.rejects(herald.update(id, { type: 'other' }), (e) => e instanceof TypeError && /type/.test(e.message));
  await assert.rejects(herald.update(id, {}), TypeError);
  await assert.rejects(herald.retract(''), TypeError);
  await assert.rejects(herald.retract('nope-1'), (e) => e instanceof HeraldError && e.status === 404);
});
