export { Herald } from './herald.js';
export { HeraldError } from './errors.js';
export type { HeraldErrorCode } from './errors.js';
export type {
  AnyNotification, AnyPayloads, BatchItem, BatchResult, DataField, DigestFields, EventResult, FetchInit, FetchLike,
  FetchResponseLike, Health, HeraldEvent, HeraldOptions, InboxItem, InboxOptions, InboxPage, MintTokenOptions,
  NodeStats, Notification, NotificationFields, NotificationUpdate, Presence, Priority, PublishedNotification,
  PublishResult, RetryOptions, Stats,
  SubscriberToken, Target,
} from './types.js';
