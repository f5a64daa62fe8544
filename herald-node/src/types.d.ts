// The values the SDK takes and returns. Field names and shapes are the hub's (docs/api.md).

/** Who receives a publish: one user, a list of users, or every user (a broadcast). */
export type Target = { user: string } | { users: readonly string[] } | { everyone: true };

export type Priority = 'low' | 'normal' | 'high' | 'urgent';

/**
 * What an application declares to type its payloads: each notification `type` (or event name)
 * mapped to its `data`, e.g. `{ 'xp.gained': { amount: number } }`. Without one, any type and any
 * data are allowed.
 */
export type AnyPayloads = Record<string, any>;

/** `data` is required when the payload type is, optional when it admits undefined. */
export type DataField<D> = undefined extends D ? { data?: D | null } : { data: D };

export interface NotificationFields {
  /** 1..512 characters, not blank. */
  title: string;
  /** At most 8,192 characters. */
  body?: string | null;
  /** An http(s) URL or a path starting with "/". */
  actionUrl?: string | null;
  /** The notification center's tab: a name like a type's. Users can mute a category. */
  category?: string | null;
  /** Up to 10 distinct strings of 1..64 characters. */
  tags?: string[] | null;
  /** Up to 3 buttons with distinct ids; labels 1..64 characters; `url` has the actionUrl rules. */
  actions?: { id: string; label: string; url?: string | null }[] | null;
  /** Default `normal`. */
  priority?: Priority | null;
  /** How long it stays in the inbox, in seconds; default and cap are the hub's HERALD_NOTIFICATION_TTL. */
  ttlSeconds?: number | null;
  /**
   * 1..255 characters. Without one the SDK generates one per call and keeps it for all of the
   * call's retries. Set your own (e.g. `order-42-shipped`) to make a publish safe to send again
   * after a crash of your process: the hub keeps keys for 24 hours.
   */
  idempotencyKey?: string | null;
  /**
   * Merge with this user's other notifications of the same `key` that arrive within `windowSeconds`
   * (1..86400) of the first into one inbox item with a `count` (docs/api.md, "Digests"). `key` is
   * 1..128 characters like a type, e.g. `comments:post-42`. Only for a single user (`{ user }`).
   */
  digest?: { key: string; windowSeconds: number } | null;
  /** The title once the digest holds more than one, `{count}` replaced: e.g. `{count} new comments`. Only with `digest`. */
  digestTitle?: string | null;
}

/** On a notification published with a digest: its key and window, and how many it stands for. */
export interface DigestFields {
  readonly digest?: { readonly key: string; readonly windowSeconds: number };
  /** 1 until the next one of the window merges into it. */
  readonly count?: number;
  /** When the latest notification merged into it was published; absent until one did. */
  readonly updatedAt?: string;
}

/** A notification of type `K`, whose `data` is `N[K]`. */
export type Notification<N = AnyPayloads, K extends keyof N & string = keyof N & string> =
  NotificationFields & { type: K } & DataField<N[K]>;

/** A notification of any of `N`'s types (the union, for arrays that mix types). */
export type AnyNotification<N = AnyPayloads> = { [K in keyof N & string]: Notification<N, K> }[keyof N & string];

export interface BatchItem<N = AnyPayloads> {
  to: Target;
  notification: AnyNotification<N>;
}

/**
 * A custom event named `K`, whose `data` is `E[K]` (any JSON value). With `collapseKey`, a subscriber
 * that is behind gets only the latest event of the key; `maxRatePerSecond` (0.1..1000, only with a
 * key) caps the key's live rate per stream, latest wins, the last value always delivered.
 */
export type HeraldEvent<E = AnyPayloads, K extends keyof E & string = keyof E & string> =
  { name: K; idempotencyKey?: string | null; collapseKey?: string | null; maxRatePerSecond?: number | null }
  & DataField<E[K]>;

export interface PublishResult {
  /** The item's id (`<epoch>-<seq>`), the same its stream frame carries. */
  readonly id: string;
  /** Users addressed (for a broadcast: users with an open stream on the node that accepted it). */
  readonly recipients: number;
  /** True when the hub had already accepted this idempotency key and answered with the first reply. */
  readonly replayed: boolean;
  /** The key sent: the caller's, or the one the SDK generated. */
  readonly idempotencyKey: string;
  /** With a `digest` (not on a replayed reply): true when it went into the open digest `id` names. */
  readonly digested?: boolean;
  /** With `digested`: how many notifications the digest's item stands for now. */
  readonly count?: number;
}

export interface EventResult {
  readonly id: string;
  readonly replayed: boolean;
  readonly idempotencyKey: string;
}

export interface BatchResult {
  /** One entry per notification sent, in that order; the new ones took consecutive ids. */
  readonly items: PublishResult[];
}

export interface SubscriberToken {
  /** An HS256 JWT for `GET /v1/stream` and `/v1/me/...`. */
  readonly token: string;
  readonly userId: string;
  /** UTC, ISO-8601, e.g. `2026-11-22T09:07:09Z`. */
  readonly expiresAt: string;
}

export interface MintTokenOptions {
  /** 1..2592000 (30 days). Default 3600. */
  ttlSeconds?: number;
}

export interface InboxOptions {
  /** Items per page, 1..100. Default 20. */
  limit?: number;
  /** The previous page's `nextBefore` (the hub's `before` parameter). */
  cursor?: string | null;
  /** The hub's name for `cursor`; either may be used. */
  before?: string | null;
  /** Only unread notifications; keep it on every page of an unread listing. */
  unread?: boolean;
}

/**
 * The changes of an edit (`update`): any of the content fields, `null` clearing an optional one
 * (`priority` goes back to `normal`, `tags` and `actions` to `[]`). The title can be replaced but not
 * cleared; the type, the recipients and the lifetime cannot be edited.
 */
export type NotificationUpdate<N = AnyPayloads> = {
  title?: string;
  body?: string | null;
  data?: N[keyof N & string] | null;
  actionUrl?: string | null;
  category?: string | null;
  tags?: string[] | null;
  actions?: { id: string; label: string; url?: string | null }[] | null;
  priority?: Priority | null;
};

/** A notification as its stream frame carries it (an edit resolves with the new version). */
export type PublishedNotification<N = AnyPayloads> = {
  [K in keyof N & string]: {
    readonly id: string;
    readonly type: K;
    readonly title: string;
    readonly body: string | null;
    readonly data: N[K] | null;
    readonly actionUrl: string | null;
    readonly category: string | null;
    readonly tags: readonly string[];
    readonly actions: readonly { readonly id: string; readonly label: string; readonly url: string | null }[];
    readonly priority: Priority;
    readonly createdAt: string;
  } & DigestFields
}[keyof N & string];

/** A notification in an inbox: as its stream frame delivered it, plus the user's read state. */
export type InboxItem<N = AnyPayloads> = {
  [K in keyof N & string]: {
    readonly id: string;
    readonly type: K;
    readonly title: string;
    readonly body: string | null;
    readonly data: N[K] | null;
    readonly actionUrl: string | null;
    /** null when not given; absent on notifications stored by an older hub. */
    readonly category?: string | null;
    readonly tags?: readonly string[];
    readonly actions?: readonly { readonly id: string; readonly label: string; readonly url: string | null }[];
    readonly priority: Priority;
    readonly createdAt: string;
    readonly read: boolean;
    readonly readAt: string | null;
  } & DigestFields
}[keyof N & string];

export interface InboxPage<N = AnyPayloads> {
  /** Newest first. */
  readonly items: InboxItem<N>[];
  /** All unread notifications of the inbox, not only this page's. */
  readonly unreadCount: number;
  /** Pass as `cursor` for the next page; null when nothing older matches. */
  readonly nextBefore: string | null;
}

export interface Presence {
  readonly userId: string;
  /** Open streams on every node. */
  readonly connections: number;
  readonly online: boolean;
}

export interface NodeStats {
  readonly nodeId: string;
  readonly connections: number;
  readonly users: number;
  readonly uptimeSeconds: number;
  readonly published: number;
  readonly delivered: number;
  readonly replayed: number;
  readonly resets: number;
  readonly slowStreamsDropped: number;
  readonly replayOverflows: number;
  readonly publishToWriteP50Ms?: number | null;
  readonly publishToWriteP99Ms?: number | null;
}

export interface Stats extends NodeStats {
  readonly connectionsPerEventLoop: number[];
  /** False when Redis could not be reached in cluster mode: the figures are this node's alone. */
  readonly clusterViewComplete: boolean;
  readonly nodes: NodeStats[];
}

export interface Health {
  /** `draining` comes with HTTP 503, which `health()` returns rather than throws. */
  readonly status: 'ok' | 'degraded' | 'draining';
  readonly nodeId: string;
  readonly store: string;
  readonly bus: string;
  readonly connections: number;
  readonly reasons: string[];
}

export interface RetryOptions {
  /** Requests per call at most, the first included; 1 disables retries. Default 4. */
  maxAttempts: number;
  /** The first retry waits between half and all of this; each later one doubles it. Default 200. */
  baseDelayMs: number;
  /** The cap on a backoff wait, and on a Retry-After the SDK will wait for. Default 5000. */
  maxDelayMs: number;
}

/** The part of a Response the SDK reads. */
export interface FetchResponseLike {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** What the SDK passes to fetch. */
export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  redirect: 'manual';
  signal: any;
}

/**
 * A fetch function: Node's global fetch, or undici's, or a wrapper (to add tracing, say).
 * Declared as a method so that fetch's own, wider parameter types are accepted.
 */
export type FetchLike = {
  fetch(url: string, init: FetchInit): Promise<FetchResponseLike>;
}['fetch'];

export interface HeraldOptions {
  /** The hub's address, e.g. `http://127.0.0.1:8080` or `https://example.com/herald` (a prefix is kept). */
  url: string;
  /** A publisher key (HERALD_API_KEYS), sent as `Authorization: Bearer <key>`. */
  apiKey: string;
  /** How long one attempt may take, from sending to the last byte of the reply. Default 10000. */
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
  /** Default: the global fetch (Node 18+). */
  fetch?: FetchLike;
  /** The hub's HERALD_JWT_SECRET (at least 32 bytes), for `mintTokenLocally`. */
  jwtSecret?: string | Uint8Array;
}
