// Options, REST helpers and the other exports.
import Herald, { Backoff, compareIds, HeraldError, SseParser, type HeraldOptions, type InboxPage, type PushErrorCode, type PushStatus } from '@herald/client';

const options: HeraldOptions = {
  url: '',
  token: 'jwt',
  tokenProvider: () => fetch('/token').then((r) => r.text()),
  userId: 'alice',
  events: ['notification', 'score.updated'],
  reconnect: { baseMs: 500, maxMs: 10000, maxAttempts: 0, jitter: 0.2 },
  heartbeatFactor: 2,
  connectTimeoutMs: 0,
  transport: 'fetch',
  shareAcrossTabs: false,
  channelName: 'my-app',
  // The browser's own globals fit the seams.
  fetch: window.fetch,
  EventSource,
  BroadcastChannel,
  locks: navigator.locks,
  window,
  document,
  random: Math.random,
};
const nulls: HeraldOptions = { fetch: null, EventSource: null, BroadcastChannel: null, locks: null, window: null, document: null };

// @ts-expect-error not a transport
const badTransport: HeraldOptions = { transport: 'websocket' };
// @ts-expect-error the token provider gives a string
const badProvider: HeraldOptions = { tokenProvider: async () => 42 };
// @ts-expect-error no such option
const typo: HeraldOptions = { shareAcrossTab: false };

async function inbox(herald: Herald) {
  const page: InboxPage = await herald.api.list({ limit: 20, before: null, unreadOnly: true });
  for (const item of page.items) {
    const read: boolean = item.read;
    const readAt: string | null = item.readAt;
    console.log(item.id, item.title, item.priority, read, readAt);
  }
  const next: string | null = page.nextBefore;
  const count: number = await herald.api.unreadCount();
  const nothing: void = await herald.api.markRead('e-1');
  await herald.api.markAllRead();
  const counts = await herald.api.counts();
  const social: number = (counts.categories.social?.unseen ?? 0) + counts.unread + counts.total;
  await herald.api.markSeen('e-1');
  await herald.api.archive('e-1');
  const archive: InboxPage = await herald.api.list({ archived: true, unseen: true, category: 'social', tag: 'x' });
  const seenAt: string | null = archive.items[0].seenAt;
  await herald.api.remove('e-1');
  const changed: number = (await herald.api.bulk({ action: 'seen', ids: ['e-1'] })).changed
    + (await herald.api.bulk({ action: 'archive', all: true, filter: { read: true } })).changed;
  await herald.api.act('e-1', 'accept');
  const acted: string | null | undefined = archive.items[0].actionId;
  // @ts-expect-error ids, or all: true
  await herald.api.bulk({ action: 'read' });
  const prefs = await herald.api.getPreferences();
  const stored: string[] = (await herald.api.setPreferences({ mutedTypes: [...prefs.mutedTypes, 'promo'] })).mutedTypes;
  const categories: string[] = (await herald.api.setPreferences({ mutedCategories: ['social'] })).mutedCategories;
  // @ts-expect-error give at least one list
  await herald.api.setPreferences({});
  // @ts-expect-error mutedTypes is a list
  await herald.api.setPreferences({ mutedTypes: 'promo' });
  // @ts-expect-error the count is a number
  const s: string = await herald.api.unreadCount();
  try {
    await herald.api.remove('e-2');
  } catch (e) {
    if (e instanceof HeraldError && e.code === 'not_found' && e.status === 404) return [next, count, nothing, stored, s];
  }
  return null;
}

const h = new Herald(options);
h.connect();
h.reconnect();
h.disconnect();
// @ts-expect-error read-only
h.status = 'open';
const leader: boolean = h.isLeader;
const user: string | null = h.userId;
const last: string | null = h.lastEventId;

const parser = new SseParser({ onEvent: (ev) => ev.data.length, onRetry: (ms) => ms });
parser.feed('data: x\n\n');
parser.feed(new Uint8Array([10]));
const backoff = new Backoff({ baseMs: 100, jitter: 0 });
const delay: number = backoff.next();
const order: -1 | 0 | 1 | null = compareIds('a-1', 'a-2');

void [nulls, badTransport, badProvider, typo, inbox, leader, user, last, delay, order];

// Web Push: the browser's own objects fit the seams; the statuses and errors are typed.
const withPush = new Herald({ serviceWorker: navigator.serviceWorker, Notification, PushManager });
async function pushSwitch(): Promise<PushStatus> {
  const now: PushStatus = await withPush.push.status();
  if (now === 'unsupported' || now === 'denied') return now;
  try {
    const on: 'enabled' = await withPush.push.enable({ serviceWorkerUrl: '/herald-sw.js' });
    void on;
  } catch (e) {
    if (e instanceof HeraldError && (e.code as PushErrorCode) === 'push_denied') return 'denied';
  }
  const key: string = (await withPush.api.pushPublicKey()).publicKey;
  const listed: string[] = (await withPush.api.pushSubscriptions()).items.map((s) => s.createdAt);
  void [key, listed];
  // @ts-expect-error 'blocked' is not a status
  const wrong: PushStatus = 'blocked';
  void wrong;
  // @ts-expect-error read-only
  withPush.push = withPush.push;
  return withPush.push.disable();
}
void pushSwitch;
