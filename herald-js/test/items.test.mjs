import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HUB_ITEMS, itemArguments } from '../src/herald-items.js';

test('the inbox state sync events are the hub\'s own: handlers get their payload as-is', () => {
  const payload = { id: 'ep-9', notificationId: 'ep-2', seenAt: '2026-01-01T00:00:00.000Z', readAt: null,
    archivedAt: null, unreadCount: 3, unseenCount: 1, createdAt: '2026-01-01T00:00:00.000Z' };
  for (const name of ['notification.seen', 'notification.unread', 'notification.archived', 'notification.unarchived']) {
    assert.ok(HUB_ITEMS.includes(name), name);
    assert.deepEqual(itemArguments(name, 'ep-9', payload), { data: payload, meta: { id: 'ep-9', event: name } });
  }
});

test('acted, bulk and the publisher\'s edits are the hub\'s own items too', () => {
  const updated = { id: 'ep-2', type: 'comment', title: 'edited', createdAt: '2026-01-01T00:00:00.000Z' };
  for (const [name, payload] of [['notification.acted', { id: 'ep-2', actionId: 'ok', unreadCount: 0, unseenCount: 0 }],
    ['notifications.bulk', { action: 'seen', ids: ['ep-2'], all: false, filter: null, changed: 1, unreadCount: 1, unseenCount: 0 }],
    ['notification.updated', updated], ['notification.deleted', { id: 'ep-2', notificationId: 'ep-2', retracted: true }]]) {
    assert.ok(HUB_ITEMS.includes(name), name);
    assert.deepEqual(itemArguments(name, 'ep-9', payload).data, payload, name);
  }
});

test('a custom event still gets its published data out of the envelope', () => {
  const got = itemArguments('score.updated', 'ep-3', { id: 'ep-3', event: 'score.updated', data: { n: 1 },
    createdAt: '2026-01-01T00:00:00.000Z' });
  assert.deepEqual(got.data, { n: 1 });
  assert.equal(got.meta.createdAt, '2026-01-01T00:00:00.000Z');
});
