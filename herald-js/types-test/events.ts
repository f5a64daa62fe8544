// Typed events: an app's custom events, the built-in ones, '*', and statuses.
import { Herald, HeraldError, type Notification } from '@herald/client';

interface MyEvents {
  'upload.progress': { pct: number };
  'score.updated': { score: number; user: string };
}

const herald = new Herald<MyEvents>({ url: 'https://hub.example.com', tokenProvider: async () => 'jwt' });

// A custom event's handler gets the published data itself; id and createdAt come in the meta.
herald.on('upload.progress', (d, meta) => {
  const pct: number = d.pct;
  const id: string | null = meta.id;
  const name: 'upload.progress' = meta.event;
  const at: string | null | undefined = meta.createdAt;
  return [pct, id, name, at];
});
herald.on('upload.progress', (d) => d.pct); // the issue's own example
// @ts-expect-error the published data has no such field
herald.on('upload.progress', (d) => d.nope);
// @ts-expect-error the handler gets the data, not the hub's envelope
herald.on('upload.progress', (d) => d.data);
// @ts-expect-error a name the app did not declare
herald.on('upload.progres', () => {});
herald.on('score.updated', (d) => d.score.toFixed() + d.user.toUpperCase());

// Built-in events are typed from what the hub sends.
herald.on('notification', (n, meta) => {
  const title: string = n.title;
  const body: string | null = n.body;
  const url: string | null = n.actionUrl;
  const category: string | null | undefined = n.category;
  const firstTag: string | undefined = n.tags?.[0];
  const link: string | null | undefined = n.actions?.[0]?.url;
  const prio: 'low' | 'normal' | 'high' | 'urgent' = n.priority;
  const id: string | null = meta.id;
  // @ts-expect-error a notification on the stream has no read state (inbox items do)
  n.readAt;
  return [title, body, url, prio, id];
});
herald.onNotification((n) => n.createdAt.length);
herald.on('connected', (c) => c.heartbeatMs + c.userId.length + c.connectionId.length);
herald.on('notification.read', (r) => (r.all ? r.unreadCount : r.notificationId));
// @ts-expect-error notificationId may be null (read all)
herald.on('notification.read', (r) => r.notificationId.length);
herald.on('notification.deleted', (d) => (d.retracted ? d.notificationId.length : d.notificationId.length + d.unreadCount));
// @ts-expect-error a retraction carries no counts: check `retracted` first
herald.on('notification.deleted', (d) => d.unreadCount + 1);
herald.on('notification.acted', (a) => a.notificationId.length + a.actionId.length + a.unseenCount + (a.counts?.unread ?? 0));
herald.on('notifications.bulk', (b) => (b.all ? b.filter?.category ?? '' : (b.ids ?? []).join(',')).length + b.changed);
herald.on('notification.updated', (n) => n.title.length + n.id.length);
// @ts-expect-error a bulk action is one of the six
const badBulk: import('../src/herald.js').BulkAction = 'explode';
herald.on('notification.seen', (s) => s.unseenCount + s.unreadCount + (s.seenAt ?? '').length);
herald.on('notification.archived', (a) => (a.archivedAt === null ? 0 : a.archivedAt.length));
herald.on('preferences.updated', (p) => p.mutedTypes.join(','));
herald.on('reset', (r) => {
  if (r.reason === 'user_changed') return r.userId;
  // @ts-expect-error not a reason the hub or the client sends
  if (r.reason === 'gone') return null;
  return r.reason;
});
herald.on('token_expired', (t) => t.reason);
herald.on('*', (data, meta) => [data, meta.event, meta.id]);
// @ts-expect-error '*' data is unknown: narrow it first
herald.on('*', (data) => data.id);

const off = herald.on('connected', () => {});
off();

// Statuses: 'open' carries the connected data, the others a detail.
herald.onStatus((status, detail) => {
  if (status === 'open') return detail.nodeId;
  if (status === 'reconnecting' && detail) return [detail.reason, detail.attempt, detail.delayMs, detail.code];
  // @ts-expect-error not a status
  if (status === 'opening') return null;
  return detail?.reason;
});
// A handler of the status alone (README: herald.onStatus((status) => setOnlineDot(status === 'open'))).
herald.onStatus((status) => console.log(status === 'open'));

// The connection's health, for a UI.
const err: HeraldError | null = herald.lastError;
const attempts: number = herald.reconnectAttempts;
if (err) {
  const code: string | undefined = err.code;
  const status: number = err.status;
  console.log(code, status, err.message, attempts);
}

// Without a declaration any custom name is accepted, with data of unknown type.
const loose = new Herald({ token: 'jwt' });
loose.on('anything.at.all', (d, meta) => meta.event.length);
// @ts-expect-error the data of an undeclared event is unknown
loose.on('anything.at.all', (d) => d.pct);

const n: Notification = { id: 'e-1', type: 't', title: 'x', body: null, data: null, actionUrl: null, priority: 'normal', createdAt: '' };
void n;
