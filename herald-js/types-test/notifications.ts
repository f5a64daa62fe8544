// Notifications typed by `type` (the same map an app gives @herald/node to publish them).
import { Herald } from '@herald/client';
import { useHerald } from '@herald/client/react';

interface MyEvents {
  'upload.progress': { pct: number };
}
interface MyNotifications {
  'xp.gained': { amount: number };
  comment: { postId: number; author: string };
}

const herald = new Herald<MyEvents, MyNotifications>({ token: 'jwt' });

herald.onNotification((n) => {
  const title: string = n.title;
  // @ts-expect-error not a type of MyNotifications
  if (n.type === 'promo') return null;
  if (n.type === 'xp.gained') return n.data?.amount.toFixed();
  return `${title} ${n.data?.author.toUpperCase()}`; // narrowed to comment
});
herald.on('notification', (n) => {
  // @ts-expect-error an xp.gained notification has no author
  if (n.type === 'xp.gained') return n.data?.author;
  return n.priority;
});
herald.on('upload.progress', (d) => d.pct);

export async function inbox() {
  const page = await herald.api.list();
  return page.items.map((item) => (item.type === 'comment' ? item.data?.postId : item.read));
}

// Without the map, any type, with data of unknown shape.
const loose = new Herald();
loose.onNotification((n) => {
  const t: string = n.type;
  // @ts-expect-error the data's fields are unknown
  const amount: number = n.data?.amount;
  return [t, amount];
});

export const hook = () => useHerald<MyEvents, MyNotifications>({ token: 'jwt' }).herald.onNotification((n) => n.type);
