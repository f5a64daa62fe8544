// What a TypeScript app writes against the two packages, compiled with tsc --strict --noEmit (twice:
// bundler and NodeNext resolution). Nothing here runs. A `@ts-expect-error` line is a mistake the
// declarations must catch: if they stopped catching it, tsc would fail on the unused directive.
import { Herald as BrowserHerald, HeraldError as BrowserHeraldError } from '@herald/client';
import { useHerald } from '@herald/client/react';
import { mountNotificationCenter } from '@herald/client/notification-center';
import { Herald, HeraldError } from '@herald/node';

// ---- @herald/client: typed events ----------------------------------------------------------------

interface MyEvents {
  'upload.progress': { pct: number };
  'score.updated': { score: number; by: string };
}

const client = new BrowserHerald<MyEvents>({
  url: 'https://hub.example.com',
  tokenProvider: async () => 'a-jwt',
});
// The example: a custom event's handler gets the published data, typed by its name.
const off: () => void = client.on('upload.progress', (d) => d.pct);
off();
client.on('score.updated', (d, meta) => {
  const by: string = d.by;
  const name: 'score.updated' = meta.event;
  void by;
  void name;
});
// @ts-expect-error pct is a number, not a string
client.on('upload.progress', (d) => { const s: string = d.pct; void s; });
// @ts-expect-error the event declares no such field
client.on('upload.progress', (d) => d.percent);
client.onNotification((n) => {
  const title: string = n.title;
  void title;
});
// Notifications typed by type with the same map the publisher uses (@herald/client takes events
// first, then notifications).
interface MyNotifications {
  'xp.gained': { amount: number };
  'comment.created': { postId: string };
}
const typed = new BrowserHerald<MyEvents, MyNotifications>({ url: 'https://hub.example.com', token: 'a-jwt' });
typed.onNotification((n) => {
  if (n.type === 'xp.gained') {
    const amount: number | undefined = n.data?.amount;
    void amount;
  }
  // @ts-expect-error a comment carries a postId, not an amount
  if (n.type === 'comment.created') void n.data?.amount;
});

// Both handler shapes the README shows: the status alone, and the status with its detail.
client.onStatus((status) => {
  const known: 'connecting' | 'open' | 'reconnecting' | 'closed' | 'circuit-open' = status;
  void known;
});
client.onStatus((status, detail) => {
  if (status === 'open') void detail.heartbeatMs;
  else void detail?.reason;
});
client.connect();
client.disconnect();

function isBrowserHeraldError(e: unknown): string | undefined {
  return e instanceof BrowserHeraldError ? e.code : undefined;
}
void isBrowserHeraldError;

// ---- @herald/client/react ----------------------------------------------------------------------

export function Badge(): string {
  const { status, error, reconnectAttempts, unreadCount, lastEvent, herald } = useHerald<MyEvents>({
    url: 'https://hub.example.com',
    tokenProvider: async () => 'a-jwt',
    unreadCount: true,
  });
  const attempts: number = reconnectAttempts;
  const same: BrowserHerald<MyEvents> = herald;
  void same;
  void error;
  const unread: number | undefined = unreadCount;
  return `${status} ${attempts} ${unread ?? '-'} ${lastEvent ? lastEvent.event : 'none'}`;
}

// ---- @herald/client/notification-center ------------------------------------------------------------

export function mountBell(element: HTMLElement): () => void {
  const center = mountNotificationCenter(element, {
    herald: client,
    toasts: { position: 'bottom-right', autoDismissMs: 5000, max: 3 },
    onUnreadCountChange: (count: number) => void count,
  });
  // @ts-expect-error the center needs a Herald
  mountNotificationCenter(element, {});
  return () => center.destroy();
}

// ---- @herald/node (notifications first, then events) ----------------------------------------------

const hub = new Herald<MyNotifications, MyEvents>({ url: 'https://hub.example.com', apiKey: 'hk_example' });

/** The seeds' sendXP(userId, 50): a two-line wrapper. */
export async function sendXP(userId: string, amount: number): Promise<void> {
  await hub.publish({ user: userId }, { type: 'xp.gained', title: `+${amount} XP`, data: { amount } });
}

export async function everythingElse(): Promise<void> {
  await hub.publish({ users: ['alice', 'bob'] }, {
    type: 'comment.created', title: 'New comment', body: 'Nice work', data: { postId: 'p1' },
    actionUrl: '/posts/p1', priority: 'high', idempotencyKey: 'comment-981',
  });
  await hub.publish({ everyone: true }, { type: 'xp.gained', title: 'Double XP weekend', data: { amount: 0 } });
  // @ts-expect-error amount is a number
  await hub.publish({ user: 'alice' }, { type: 'xp.gained', title: 'x', data: { amount: 'lots' } });
  // @ts-expect-error a type the app did not declare
  await hub.publish({ user: 'alice' }, { type: 'xp.lost', title: 'x', data: { amount: 1 } });

  await hub.publishBatch([
    { to: { user: 'alice' }, notification: { type: 'xp.gained', title: '+1', data: { amount: 1 } } },
  ]);
  await hub.sendEvent({ user: 'alice' }, { name: 'upload.progress', data: { pct: 40 } });
  // @ts-expect-error the same event map types the publisher: pct is a number
  await hub.sendEvent({ user: 'alice' }, { name: 'upload.progress', data: { pct: 'forty' } });
  await hub.broadcast({ type: 'xp.gained', title: 'Everyone +5', data: { amount: 5 } });

  const minted = await hub.mintToken('alice', { ttlSeconds: 600 });
  const token: string = minted.token;
  const userId: string = minted.userId;
  void token;
  void userId;
  void minted.expiresAt;
  const local = new Herald({ url: 'https://hub.example.com', apiKey: 'k', jwtSecret: 's'.repeat(32) })
    .mintTokenLocally('alice', { ttlSeconds: 600 });
  void local.token;

  const page = await hub.inbox('alice', { limit: 10, unread: true });
  for (const item of page.items) {
    if (item.type === 'xp.gained') {
      const amount: number | undefined = item.data?.amount;
      void amount;
    }
  }
  const online: boolean = (await hub.presence('alice')).online;
  const connections: number = (await hub.stats()).connections;
  const health: 'ok' | 'degraded' | 'draining' = (await hub.health()).status;
  void online;
  void connections;
  void health;

  try {
    await sendXP('alice', 50);
  } catch (e) {
    if (e instanceof HeraldError) {
      const code: string = e.code;
      const status: number = e.status;
      const wait: number | undefined = e.retryAfterMs;
      void code;
      void status;
      void wait;
    }
  }
}
