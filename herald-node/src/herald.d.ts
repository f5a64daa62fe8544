import type {
  AnyPayloads, BatchItem, BatchResult, EventResult, Health, HeraldEvent, HeraldOptions, InboxOptions, InboxPage,
  MintTokenOptions, Notification, NotificationUpdate, Presence, PublishedNotification, PublishResult, Stats,
  SubscriberToken, Target,
} from './types.js';

/**
 * A publisher's client for one Herald hub. `N` maps notification types to their `data`, `E` event
 * names to theirs; without them any type, name and data are allowed.
 *
 * Every call rejects with a `HeraldError` when the hub refuses it or cannot be reached after the
 * retries (429, 502, 503, 504, network errors and timeouts are retried; never sooner than the
 * hub's Retry-After).
 */
export declare class Herald<N = AnyPayloads, E = AnyPayloads> {
  constructor(options: HeraldOptions);

  /** `POST /v1/notifications`. */
  publish<K extends keyof N & string>(to: Target, notification: Notification<N, K>): Promise<PublishResult>;

  /** `POST /v1/notifications/batch`: 1..1000 notifications in one request, all published or none. */
  publishBatch(items: readonly BatchItem<N>[]): Promise<BatchResult>;

  /** `POST /v1/events`: a custom event, delivered under its own SSE event name. */
  sendEvent<K extends keyof E & string>(to: Target, event: HeraldEvent<E, K>): Promise<EventResult>;

  /** `publish({ everyone: true }, notification)`. */
  broadcast<K extends keyof N & string>(notification: Notification<N, K>): Promise<PublishResult>;

  /**
   * `PATCH /v1/notifications/{id}`: the fields given replace the notification's (`null` clears an
   * optional one), the others stay; resolves with the whole new notification (what the recipients'
   * streams get as `notification.updated`). Rejects with a `HeraldError` of status 404 for an
   * unknown, expired or retracted notification, 422 for a field that breaks a publish rule.
   */
  update(notificationId: string, changes: NotificationUpdate<N>): Promise<PublishedNotification<N>>;

  /**
   * `DELETE /v1/notifications/{id}`: retracts it from every inbox; the recipients' streams get
   * `notification.deleted` with `retracted: true`. Retracting again resolves too; 404 for an unknown
   * or expired notification.
   */
  retract(notificationId: string): Promise<void>;

  /** `POST /v1/tokens`: a subscriber token signed by the hub. */
  mintToken(userId: string, options?: MintTokenOptions): Promise<SubscriberToken>;

  /**
   * A subscriber token signed here (HS256 with the `jwtSecret` option), without a request.
   * @throws TypeError when no `jwtSecret` was given, or the user id is not one the hub accepts
   */
  mintTokenLocally(userId: string, options?: MintTokenOptions): SubscriberToken;

  /** `GET /v1/users/{userId}/notifications`: a page of any user's inbox, newest first. */
  inbox(userId: string, options?: InboxOptions): Promise<InboxPage<N>>;

  /** `GET /v1/users/{userId}/presence`. */
  presence(userId: string): Promise<Presence>;

  /** `GET /v1/stats`. */
  stats(): Promise<Stats>;

  /** `GET /health`: one probe, no retries; a draining hub's 503 is returned, not thrown. */
  health(): Promise<Health>;
}
