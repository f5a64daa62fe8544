// Types of herald.js, the browser client of a Herald hub. Hand-written: this file is the contract a
// TypeScript user reads first. The wire contract is docs/api.md; the behaviour is README.md.

// ---- notifications and the hub's data --------------------------------------------------------

/** A notification's priority (docs/api.md, Item frames). */
export type Priority = 'low' | 'normal' | 'high' | 'urgent';

/** A notification as the stream delivers it (`event: notification`). */
export interface Notification<D = Record<string, unknown>> {
  /** The item id, `<epoch>-<seq>`; treat it as opaque. */
  id: string;
  /** The application's category, as published. */
  type: string;
  title: string;
  /** null when not given. */
  body: string | null;
  /** As published; null when not given. */
  data: D | null;
  /** null when not given. */
  actionUrl: string | null;
  /** The notification center's tab; null when not given (absent on notifications stored by an older hub). */
  category?: string | null;
  /** Up to 10 distinct tags; [] when not given (absent on notifications stored by an older hub). */
  tags?: string[];
  /** Up to 3 buttons; [] when not given (absent on notifications stored by an older hub). */
  actions?: NotificationAction[];
  priority: Priority;
  /** When the hub accepted the publish: UTC, ISO-8601 with milliseconds (a digest keeps its first one's). */
  createdAt: string;
  /** Only on a notification published with a digest (later ones of the window arrive as `notification.updated` of it). */
  digest?: { key: string; windowSeconds: number };
  /** Only with `digest`: how many notifications this item stands for. */
  count?: number;
  /** Only on a digest that a later notification merged into: when the latest was published. */
  updatedAt?: string;
}

/** A button on a notification. */
export interface NotificationAction {
  id: string;
  label: string;
  /** null when the button has no link. */
  url: string | null;
}

/** A notification of the inbox (`api.list()`): as on the stream, plus this user's state. */
export interface InboxItem<D = Record<string, unknown>> extends Notification<D> {
  read: boolean;
  /** When the user read it; null while unread. */
  readAt: string | null;
  /** When the user saw it (reading counts as seeing); null while unseen. */
  seenAt: string | null;
  /** When the user archived it; null while not archived. */
  archivedAt: string | null;
  /** When the user pressed one of its action buttons (the first time); null before (absent from an older hub). */
  actedAt?: string | null;
  /** The id of the action pressed first; null before (absent from an older hub). */
  actionId?: string | null;
}

/**
 * An app's notification types, for `new Herald<MyEvents, MyNotifications>()`: each `type` maps to
 * its `data`, e.g. `{ 'xp.gained': { amount: number } }`; the `notification` handler and the inbox
 * then get a union narrowed by `type`. The default accepts any type, with data of unknown shape.
 */
export interface UntypedNotifications {
  [type: string]: Record<string, unknown>;
}

/** A notification of one of `N`'s types, its `data` typed by its `type`. */
export type TypedNotification<N> = string extends keyof N ? Notification
  : { [T in Extract<keyof N, string>]: Notification<N[T]> & { type: T } }[Extract<keyof N, string>];

/** An inbox item of one of `N`'s types. */
export type TypedInboxItem<N> = string extends keyof N ? InboxItem
  : { [T in Extract<keyof N, string>]: InboxItem<N[T]> & { type: T } }[Extract<keyof N, string>];

/**
 * A custom event as the hub sends it on the stream: the envelope around the published `data`. Its
 * handlers receive `data` itself, with `id` and `createdAt` in the second argument (EventMeta).
 */
export interface HeraldEvent<P = unknown, K extends string = string> {
  /** The item id. */
  id: string;
  /** The event name. */
  event: K;
  /** As published (null when not given). */
  data: P;
  /** When the hub accepted the publish. */
  createdAt: string;
}

/** `connected`: sent at every (re)connection; also the detail of the `open` status. */
export interface ConnectedData {
  connectionId: string;
  /** The user the stream is for (the token's user). */
  userId: string;
  /** The heartbeat period: the watchdog's clock. */
  heartbeatMs: number;
  /** The hub node serving the stream. */
  nodeId?: string;
}

/** Why a stream could not be resumed; `user_changed` is sent by the client itself. */
export type ResetReason = 'invalid_id' | 'unknown_epoch' | 'unknown_position' | 'expired' | 'user_changed';

/** `reset`: items may have been missed (or the tab now follows another user): re-fetch the inbox. */
export interface ResetData {
  reason: ResetReason;
  /** `user_changed` only: the tab's new user. */
  userId?: string;
  /** `user_changed` only: the user before (null when it was not known). */
  previousUserId?: string | null;
}

/** `token_expired`: the stream's token expired (the client gets a new one, or closes). */
export interface TokenExpiredData {
  reason: 'token_expired';
}

/** `notification.read` (one notification, or all of them). */
export interface NotificationReadData {
  /** The sync event's own id. */
  id: string;
  /** The notification read; null for "read all". */
  notificationId: string | null;
  all: boolean;
  readAt: string;
  unreadCount: number;
  unseenCount: number;
  /** The user's counts after the change, as `api.counts()` answers. */
  counts: InboxCounts;
  createdAt: string;
}

/** `notification.deleted` when the user deleted it from their inbox. */
export interface NotificationRemovedData {
  id: string;
  notificationId: string;
  unreadCount: number;
  unseenCount: number;
  createdAt: string;
  retracted?: false;
  /** The user's counts after the change, as `api.counts()` answers. */
  counts: InboxCounts;
}

/** `notification.deleted` when its publisher retracted it: `id` and `notificationId` are the notification's; no counts (refetch them). */
export interface NotificationRetractedData {
  id: string;
  notificationId: string;
  retracted: true;
}

/** `notification.deleted`: removed by the user, or retracted by its publisher (check `retracted`). */
export type NotificationDeletedData = NotificationRemovedData | NotificationRetractedData;

/** `notification.acted`: an action button was pressed (which also reads the notification). */
export interface NotificationActedData {
  /** The sync event's own id. */
  id: string;
  /** The notification acted on. */
  notificationId: string;
  /** The first action pressed (a repeat carries the first one). */
  actionId: string;
  actedAt: string;
  seenAt: string | null;
  readAt: string | null;
  archivedAt: string | null;
  unreadCount: number;
  unseenCount: number;
  createdAt: string;
  counts: InboxCounts;
}

/** What a bulk change does. */
export type BulkAction = 'seen' | 'read' | 'unread' | 'archive' | 'unarchive' | 'delete';

/** Which notifications `all: true` applies to (each field optional). */
export interface BulkFilter {
  category?: string;
  read?: boolean;
  /** Without it: unarchived ones (archived ones for `unarchive`). */
  archived?: boolean;
}

/** `notifications.bulk`: one bulk change, and how many notifications it changed. */
export interface NotificationsBulkData {
  action: BulkAction;
  /** The ids given, or null for `all`. */
  ids: string[] | null;
  all: boolean;
  filter: BulkFilter | null;
  changed: number;
  unreadCount: number;
  unseenCount: number;
  counts: InboxCounts;
}

/**
 * `notification.seen`, `notification.unread`, `notification.archived` and `notification.unarchived`:
 * the notification's state after the change and the user's new counts (archived ones in neither).
 */
export interface NotificationStateData {
  id: string;
  notificationId: string;
  seenAt: string | null;
  readAt: string | null;
  archivedAt: string | null;
  unreadCount: number;
  unseenCount: number;
  createdAt: string;
  /** The user's counts after the change, as `api.counts()` answers. */
  counts: InboxCounts;
}

/** `preferences.updated`. */
export interface PreferencesUpdatedData {
  id: string;
  mutedTypes: string[];
  mutedCategories: string[];
  push: boolean;
  unreadCount: number;
  unseenCount: number;
  /** The user's counts after the change, as `api.counts()` answers. */
  counts: InboxCounts;
  createdAt: string;
}

/** The events the hub (and the client) emit, by name, with the data their handlers receive. */
export interface BuiltInEvents<N = UntypedNotifications> {
  connected: ConnectedData;
  notification: TypedNotification<N>;
  'notification.read': NotificationReadData;
  'notification.deleted': NotificationDeletedData;
  'notification.seen': NotificationStateData;
  'notification.unread': NotificationStateData;
  'notification.archived': NotificationStateData;
  'notification.unarchived': NotificationStateData;
  'notification.acted': NotificationActedData;
  'notifications.bulk': NotificationsBulkData;
  /** The publisher edited a notification: the whole new version (same id). */
  'notification.updated': TypedNotification<N>;
  'preferences.updated': PreferencesUpdatedData;
  reset: ResetData;
  token_expired: TokenExpiredData;
}

/**
 * An app's custom events, for `new Herald<MyEvents>()`: each name maps to the `data` it is
 * published with (`POST /v1/events`). The default accepts any name, with data of unknown type.
 *
 *   interface MyEvents { 'upload.progress': { pct: number } }
 *   herald.on('upload.progress', (e) => e.data.pct);
 */
export interface UntypedEvents {
  [name: string]: unknown;
}

/** The names `on()` accepts: the built-in events, the app's, and '*' (every event). */
export type EventName<E> = keyof BuiltInEvents | Extract<keyof E, string> | '*';

/** What a handler of `name` receives as `data`. */
export type EventData<E, K, N = UntypedNotifications> =
  K extends keyof BuiltInEvents ? BuiltInEvents<N>[K]
    : K extends '*' ? unknown
      : K extends keyof E ? E[K]
        : never;

/** A handler's second argument. */
export interface EventMeta<K extends string = string> {
  /** The item's id; null for control events (connected, token_expired, a client-made reset). */
  id: string | null;
  /** The event's name (with '*': the name of the event this one is). */
  event: K extends '*' ? string : K;
  /** A custom event's createdAt (when the hub accepted the publish); absent for the hub's own events. */
  createdAt?: string | null;
}

/** The last item received: `{ id, event, data }` (control events excluded). */
export interface LastEvent {
  id: string | null;
  event: string;
  data: unknown;
}

// ---- statuses --------------------------------------------------------------------------------

export type HeraldStatus = 'connecting' | 'open' | 'reconnecting' | 'closed' | 'circuit-open';

/** Why a status changed (README.md, Statuses and their detail). */
export type StatusReason =
  | 'network' | 'server_closed' | 'heartbeat_timeout' | 'connect_timeout' | 'http' | 'token_expired'
  | 'token_provider_failed' | 'leader_changed' | 'manual' | 'disconnect' | 'pagehide' | 'no_transport'
  | 'user_changed' | 'user_mismatch';

/** The detail of every status but `open` (absent on `connecting`). */
export interface StatusDetail {
  reason: StatusReason;
  /** reconnecting after a failure: the number of the attempt it waits for. */
  attempt?: number;
  /** reconnecting after a failure: the wait before it. */
  delayMs?: number;
  /** circuit-open: the failed attempts in a row. */
  attempts?: number;
  /** reason http: the HTTP status. */
  status?: number;
  /** The hub's error code (reason http), or user_mismatch / token_expired. */
  code?: string;
  message?: string;
  /** The underlying error (in a follower tab: its text). */
  error?: unknown;
  /** The hub's Retry-After, in ms (429 and 503). */
  retryAfterMs?: number;
  /** heartbeat_timeout: how long the stream was silent. */
  silentMs?: number;
}

/** `handler(status, detail)`: `open` carries the `connected` data, the others a StatusDetail. */
export type StatusHandler = (
  ...change: ['open', ConnectedData] | [Exclude<HeraldStatus, 'open'>, StatusDetail | undefined]
) => void;

// ---- options ---------------------------------------------------------------------------------

/** The reconnect option (README.md, Reconnection). */
export interface ReconnectOptions {
  /** First backoff delay (1000). */
  baseMs?: number;
  /** Longest backoff delay, and the longest wait of a REST call for a Retry-After (30000). */
  maxMs?: number;
  /** Failed attempts in a row before the circuit opens; 0 = retry forever (10). */
  maxAttempts?: number;
  /** 0..1: how much of each delay is random (0.5). */
  jitter?: number;
}

/** What the fetch transport and the REST helpers call (the global fetch fits). */
export type FetchLike = (url: string, init: {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: any;
}) => Promise<any>;

/** What the EventSource transport constructs (the global EventSource fits). */
export type EventSourceConstructor = new (url: string) => {
  addEventListener(type: string, listener: (event: any) => void): void;
  close(): void;
};

/** What tab sharing constructs (the global BroadcastChannel fits). */
export type BroadcastChannelConstructor = new (name: string) => {
  postMessage(message: any): void;
  close(): void;
  onmessage: ((event: any) => void) | null;
};

/** Web Locks (navigator.locks fits). */
export interface LocksLike {
  request(name: string, options: any, callback: (lock: any) => any): Promise<any>;
}

/** The window or document the client listens to (online, pagehide, pageshow, visibilitychange). */
export interface PageTargetLike {
  addEventListener?(type: string, listener: (event: any) => void): void;
  removeEventListener?(type: string, listener: (event: any) => void): void;
  location?: { href: string };
  visibilityState?: string;
}

/** new Herald(options): every option is optional (README.md, Options). */
export interface HeraldOptions {
  /** The hub's base URL; '' (default) = the page's origin. */
  url?: string;
  /** A subscriber JWT. */
  token?: string;
  /** Gives a (new) subscriber JWT: called when there is none, and when the hub refuses the current one. */
  tokenProvider?: () => string | Promise<string>;
  /** The user this tab is for; default: the token's `sub`. A token for another user is refused. */
  userId?: string;
  /** Only these event names (`?events=`); default: all. */
  events?: string[];
  /** Backoff and circuit. */
  reconnect?: ReconnectOptions;
  /** The stream is dead after heartbeatFactor * heartbeatMs without a byte (2.5). */
  heartbeatFactor?: number;
  /** An attempt without `connected` by then has failed; 0 = never (30000). */
  connectTimeoutMs?: number;
  /** 'auto' (default): fetch, or EventSource where fetch cannot stream. */
  transport?: 'auto' | 'fetch' | 'eventsource';
  /** One stream per browser and user, shared by its tabs (true). */
  shareAcrossTabs?: boolean;
  /** Prefix of the BroadcastChannel and Web Lock names ('herald'). */
  channelName?: string;
  // Seams for other environments and tests: undefined takes the global, null means none.
  fetch?: FetchLike | null;
  EventSource?: EventSourceConstructor | null;
  BroadcastChannel?: BroadcastChannelConstructor | null;
  locks?: LocksLike | null;
  window?: PageTargetLike | null;
  document?: PageTargetLike | null;
  /** navigator.serviceWorker, for herald.push. */
  serviceWorker?: ServiceWorkerContainerLike | null;
  /** The Notification constructor (its permission and requestPermission), for herald.push. */
  Notification?: NotificationPermissionLike | null;
  /** The PushManager constructor: only whether it exists matters (the Push API is there). */
  PushManager?: unknown;
  /** The backoff's random source, 0 <= x < 1 (Math.random). */
  random?: () => number;
}

// ---- Web Push --------------------------------------------------------------------------------

/** herald.push.status(): enabled = this browser's subscription is the user's on the hub. */
export type PushStatus = 'unsupported' | 'denied' | 'disabled' | 'enabled';

/** The codes of the HeraldErrors herald.push.enable() rejects with (besides the hub's own). */
export type PushErrorCode = 'push_unsupported' | 'push_denied' | 'push_unavailable';

/** What herald.push uses of navigator.serviceWorker (the browser's fits). */
export interface ServiceWorkerContainerLike {
  register(scriptUrl: string, options?: { scope?: string }): Promise<any>;
  getRegistration(scope?: string): Promise<any>;
  addEventListener(type: 'message', listener: (event: any) => void): void;
  removeEventListener(type: 'message', listener: (event: any) => void): void;
  startMessages?(): void;
  /** The worker that controls this page, told when the page listens. */
  readonly controller?: { postMessage(message: any): void } | null;
}

/** What herald.push uses of Notification (the browser's fits). */
export interface NotificationPermissionLike {
  readonly permission: string;
  requestPermission(): Promise<string>;
}

/** A subscription as the hub lists it. */
export interface PushSubscriptionInfo {
  endpoint: string;
  /** ISO-8601. */
  createdAt: string;
}

/** The browser's PushSubscription.toJSON(). */
export interface PushSubscriptionJson {
  endpoint: string;
  expirationTime?: number | null;
  keys: { p256dh: string; auth: string };
}

/** `herald.push`: Web Push for this browser and the user of this Herald's token (README.md, Web Push). */
export interface HeraldPush {
  /** True when the browser has service workers, the Push API and notifications. */
  readonly supported: boolean;
  status(): Promise<PushStatus>;
  /**
   * Registers the service worker (/herald-sw.js by default), asks for permission (call it from a
   * click), subscribes with the hub's VAPID key and registers the subscription. Rejects with a
   * HeraldError whose code is a PushErrorCode (or the hub's), or with the browser's DOMException
   * when pushManager.subscribe fails (AbortError: no push service reached).
   */
  enable(options?: { serviceWorkerUrl?: string; scope?: string }): Promise<'enabled'>;
  /**
   * Unsubscribes this browser, then DELETEs its subscription on the hub (as this token's user).
   * Call it on sign-out, before the session's token is gone: the subscription belongs to the browser
   * profile and would otherwise bring this user's pushes to the next person using it. Rejects when
   * the hub cannot be told (the browser is unsubscribed by then).
   */
  disable(): Promise<PushStatus>;
}

// ---- REST ------------------------------------------------------------------------------------

/** A page of the inbox, newest first. */
export interface InboxPage<N = UntypedNotifications> {
  items: TypedInboxItem<N>[];
  /** All unread notifications of the inbox. */
  unreadCount: number;
  /** Pass as `before` for the next page; null when nothing older matches. */
  nextBefore: string | null;
}

/** Unread, unseen and total notifications (archived ones excluded). */
export interface Counts {
  unread: number;
  unseen: number;
  total: number;
}

/** `api.counts()`: the whole inbox, and per category (uncategorized ones in the totals only). */
export interface InboxCounts extends Counts {
  categories: Record<string, Counts>;
}

export interface Preferences {
  mutedTypes: string[];
  mutedCategories: string[];
  /** Whether the hub sends this user Web Pushes at all (default true). */
  push: boolean;
}

/** `herald.api`: the inbox and preferences REST calls, with this Herald's token. */
export interface HeraldApi<N = UntypedNotifications> {
  /** Archived notifications are left out unless `archived: true` (then only they are listed). */
  list(options?: {
    before?: string | null; limit?: number; unread?: boolean;
    /** The older name of `unread`. */
    unreadOnly?: boolean;
    unseen?: boolean; archived?: boolean; category?: string; tag?: string;
  }): Promise<InboxPage<N>>;
  unreadCount(): Promise<number>;
  counts(): Promise<InboxCounts>;
  markRead(id: string): Promise<void>;
  markAllRead(): Promise<void>;
  /** Clears it from the unseen count without reading it. Rejects with 404 not_found if it is not in the inbox (so do the next three). */
  markSeen(id: string): Promise<void>;
  /** Unread again; it stays seen. */
  markUnread(id: string): Promise<void>;
  /** Hidden from the default list and from the counts until unarchived. */
  archive(id: string): Promise<void>;
  unarchive(id: string): Promise<void>;
  /** Rejects with 404 not_found if it is not in the inbox. */
  remove(id: string): Promise<void>;
  /**
   * One change to many notifications, in one transaction: by ids (1..100), or all of them matching an
   * optional filter. Ids not in the inbox are skipped. Resolves to how many changed.
   */
  bulk(request: { action: BulkAction; ids: string[] }
    | { action: BulkAction; all: true; filter?: BulkFilter }): Promise<{ changed: number }>;
  /** Presses an action button: reads the notification too; pressing again keeps the first. 404 not_found for an unknown id or action. */
  act(id: string, actionId: string): Promise<void>;
  getPreferences(): Promise<Preferences>;
  /** Replaces what is given (a list or switch left out is kept); resolves to the stored preferences. */
  setPreferences(preferences: { mutedTypes: string[]; mutedCategories?: string[]; push?: boolean }
    | { mutedTypes?: string[]; mutedCategories: string[]; push?: boolean }
    | { mutedTypes?: string[]; mutedCategories?: string[]; push: boolean }): Promise<Preferences>;
  /** The hub's VAPID public key (base64url); 404 not_found on a hub without push. */
  pushPublicKey(): Promise<{ publicKey: string }>;
  /** The user's Web Push subscriptions. */
  pushSubscriptions(): Promise<{ items: PushSubscriptionInfo[] }>;
  /** Registers a PushSubscription (its toJSON()) for the user; the same endpoint again moves it to this user. */
  addPushSubscription(subscription: PushSubscriptionJson): Promise<PushSubscriptionInfo>;
  /** Removes one (resolves also when it was not there). */
  removePushSubscription(endpoint: string): Promise<void>;
}

/** An error of the hub's API (or of the connection: `herald.lastError`). */
export class HeraldError extends Error {
  constructor(message: string, status: number, code: string | undefined);
  name: 'HeraldError';
  /** The HTTP status; 0 when there was no answer. */
  status: number;
  /** The hub's stable code (`invalid_token`, `rate_limited`, ...); for a connection error without one, its reason. */
  code: string | undefined;
  /** 429/503: the wait the hub asked for that was left, in ms. */
  retryAfterMs?: number;
  /** herald.lastError only: the status reason. */
  reason?: StatusReason;
  cause?: unknown;
}

// ---- the client ------------------------------------------------------------------------------

/**
 * A connection to a Herald hub; `E` types the app's custom events (see UntypedEvents), `N` its
 * notifications by type (see UntypedNotifications).
 */
export class Herald<E extends object = UntypedEvents, N extends object = UntypedNotifications> {
  constructor(options?: HeraldOptions);

  readonly status: HeraldStatus;
  readonly lastEvent: LastEvent | null;
  /** The position to resume after, or null. */
  readonly lastEventId: string | null;
  /** True in the tab that holds the stream (always, without tab sharing). */
  readonly isLeader: boolean;
  /** The user this tab is for: the userId option, the token's sub, or the stream's; null before. */
  readonly userId: string | null;
  /** The connection's last failure; null since it last opened (or connected). */
  readonly lastError: HeraldError | null;
  /** Reconnection attempts since the stream was last open; 0 while open. */
  readonly reconnectAttempts: number;
  readonly api: HeraldApi<N>;
  /** Web Push for this browser (enable, disable, status). */
  readonly push: HeraldPush;

  /** Starts (calling it again does nothing). */
  connect(): void;
  /** Closes the stream, stops every timer, leaves the tab group; status 'closed'. */
  disconnect(): void;
  /** Reconnects now: closes an open circuit, resets the attempt count (a follower asks the leader). */
  reconnect(): void;

  /** Listens to an event; returns a function that removes the handler. */
  on<K extends EventName<E>>(name: K, handler: (data: EventData<E, K, N>, meta: EventMeta<K & string>) => void): () => void;
  off<K extends EventName<E>>(name: K, handler: (data: EventData<E, K, N>, meta: EventMeta<K & string>) => void): void;
  onNotification(handler: (notification: TypedNotification<N>, meta: EventMeta<'notification'>) => void): () => void;
  onStatus(handler: StatusHandler): () => void;
  /** A handler that only reads the status (TypeScript does not fit a one-parameter function to StatusHandler's tuples). */
  onStatus(handler: (status: HeraldStatus) => void): () => void;
}

/** An incremental Server-Sent Events parser (WHATWG): feed it text or UTF-8 bytes split anywhere. */
export class SseParser {
  constructor(handlers?: {
    onEvent?(event: { id: string; hasId: boolean; event: string; data: string }): void;
    onId?(id: string): void;
    onRetry?(ms: number): void;
    onComment?(text: string): void;
    lastEventId?: string;
  });
  lastEventId: string;
  feed(chunk: string | Uint8Array | ArrayBuffer): void;
}

/** Exponential backoff with jitter: min(maxMs, baseMs * 2^(n-1)) * (1 - jitter * random()). */
export class Backoff {
  constructor(options?: { baseMs?: number; maxMs?: number; jitter?: number; random?: () => number });
  baseMs: number;
  maxMs: number;
  jitter: number;
  random: () => number;
  /** Delays handed out since the last reset(). */
  attempts: number;
  delay(n: number, baseMs?: number): number;
  next(baseMs?: number): number;
  reset(): void;
}

/** -1/0/1 when a and b are ids of one epoch; null otherwise. */
export function compareIds(a: string, b: string): -1 | 0 | 1 | null;

export default Herald;
