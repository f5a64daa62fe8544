// Notifications and events typed by the application's own payload maps.
import { Herald, HeraldError } from '@herald/node';
import type { InboxPage, PublishResult, Target } from '@herald/node';

type MyNotifications = {
  'xp.gained': { amount: number };
  'order.shipped': { orderId: string };
  'news': undefined; // no data
};
interface MyEvents {
  'upload.progress': { pct: number };
}

const herald = new Herald<MyNotifications, MyEvents>({ url: 'http://127.0.0.1:8080', apiKey: 'hk_0123456789abcdef' });

// The seeds' wrapper: two lines.
const sendXP = (userId: string, amount: number) =>
  herald.publish({ user: userId }, { type: 'xp.gained', title: `+${amount} XP`, data: { amount } });
const shipped: Promise<PublishResult> = sendXP('alice', 50);

herald.publish({ user: 'alice' }, { type: 'xp.gained', title: 'XP', data: { amount: 50 } });
herald.publish({ users: ['a', 'b'] }, { type: 'order.shipped', title: 'Shipped', data: { orderId: 'o-1' },
  body: 'Arriving Tuesday', actionUrl: '/orders/1', priority: 'high', ttlSeconds: 60, idempotencyKey: 'order-1' });
herald.publish({ everyone: true }, { type: 'news', title: 'Version 2' });
herald.publish({ user: 'alice' }, { type: 'order.shipped', title: 'Shipped', data: { orderId: 'o-3' },
  category: 'orders', tags: ['eu'], actions: [{ id: 'track', label: 'Track', url: '/orders/3' }, { id: 'ok', label: 'OK' }] });
// @ts-expect-error an action needs a label
herald.publish({ user: 'alice' }, { type: 'news', title: 'x', actions: [{ id: 'a' }] });
herald.broadcast({ type: 'order.shipped', title: 'x', data: { orderId: 'o-2' } });
// A digest: one inbox item per user and key and window, with its count.
herald.publish({ user: 'alice' }, { type: 'news', title: 'A comment',
  digest: { key: 'comments:post-42', windowSeconds: 60 }, digestTitle: '{count} new comments' })
  .then((r) => { const merged: boolean | undefined = r.digested; const count: number | undefined = r.count; return [merged, count]; });
// @ts-expect-error a digest needs its window
herald.publish({ user: 'alice' }, { type: 'news', title: 'x', digest: { key: 'k' } });

// @ts-expect-error amount must be a number
herald.publish({ user: 'alice' }, { type: 'xp.gained', title: 'XP', data: { amount: 'x' } });
// @ts-expect-error data is required for xp.gained
herald.publish({ user: 'alice' }, { type: 'xp.gained', title: 'XP' });
// @ts-expect-error not a declared type
herald.publish({ user: 'alice' }, { type: 'xp.gaind', title: 'XP', data: { amount: 1 } });
// @ts-expect-error the data of another type
herald.publish({ user: 'alice' }, { type: 'order.shipped', title: 'XP', data: { amount: 1 } });
// @ts-expect-error title is required
herald.publish({ user: 'alice' }, { type: 'xp.gained', data: { amount: 1 } });
// @ts-expect-error no such priority
herald.publish({ user: 'alice' }, { type: 'news', title: 't', priority: 'critical' });
// @ts-expect-error a typo in a field name
herald.publish({ user: 'alice' }, { type: 'news', title: 't', titel: 'x' });
// @ts-expect-error everyone must be true
herald.publish({ everyone: false }, { type: 'news', title: 't' });
// @ts-expect-error recipients are the first argument, never a field
herald.publish({ userId: 'alice' }, { type: 'news', title: 't' });

herald.publishBatch([
  { to: { user: 'a' }, notification: { type: 'xp.gained', title: 'XP', data: { amount: 1 } } },
  { to: { users: ['b'] }, notification: { type: 'order.shipped', title: 'S', data: { orderId: 'o' } } },
]).then((r) => r.items.map((i) => i.id + i.recipients + String(i.replayed)));
herald.publishBatch([
  // @ts-expect-error amount must be a number in a batch too
  { to: { user: 'a' }, notification: { type: 'xp.gained', title: 'XP', data: { amount: '1' } } },
]);

herald.sendEvent({ users: ['a', 'b'] }, { name: 'upload.progress', data: { pct: 40 } })
  .then((r) => r.id.length + (r.replayed ? 1 : 0));
// @ts-expect-error pct must be a number
herald.sendEvent({ user: 'a' }, { name: 'upload.progress', data: { pct: 'forty' } });
// @ts-expect-error not a declared event
herald.sendEvent({ user: 'a' }, { name: 'upload.progres', data: { pct: 1 } });
herald.sendEvent({ user: 'a' }, { name: 'upload.progress', collapseKey: 'upload:abc', maxRatePerSecond: 4, data: { pct: 41 } });
// @ts-expect-error maxRatePerSecond is a number
herald.sendEvent({ user: 'a' }, { name: 'upload.progress', collapseKey: 'upload:abc', maxRatePerSecond: '4', data: { pct: 42 } });

// Inbox items are typed by type: narrowing on `type` gives that type's data.
herald.inbox('alice', { limit: 10, cursor: null, unread: true }).then((page: InboxPage<MyNotifications>) => {
  for (const item of page.items) {
    if (item.type === 'xp.gained' && item.data) {
      const n: number = item.data.amount;
      // @ts-expect-error xp.gained data has no orderId
      item.data.orderId;
      void n;
    }
  }
  return page.nextBefore;
});

async function errors(to: Target): Promise<number | undefined> {
  try {
    await herald.publish(to, { type: 'news', title: 't' });
    return undefined;
  } catch (e) {
    if (e instanceof HeraldError && (e.code === 'rate_limited' || e.code === 'validation_failed')) {
      const s: number = e.status;
      return e.retryAfterMs ?? s;
    }
    throw e;
  }
}

void shipped;
void errors;
