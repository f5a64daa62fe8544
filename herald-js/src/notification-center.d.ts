// Types of notification-center.js: the drop-in bell, inbox panel with tabs, toasts, banner and settings.
/// <reference lib="dom" />

import type { Herald, InboxCounts, NotificationAction, Priority } from './herald.js';

/** A notification as the center holds it (normalized: missing fields are null, priority is known). */
export interface CenterItem {
  id: string;
  type: string;
  /** Its tab; null when it has none. */
  category: string | null;
  tags: string[];
  actions: NotificationAction[];
  title: string;
  body: string | null;
  data: unknown;
  actionUrl: string | null;
  priority: Priority;
  createdAt: string | null;
  /** A digest's: when its latest notification merged into it (null until one did, and on other notifications). */
  updatedAt: string | null;
  /** How many notifications this item stands for: a digest's count, live through `notification.updated`; 1 otherwise. */
  count: number;
  read: boolean;
  readAt: string | null;
  seenAt: string | null;
  archivedAt: string | null;
  actedAt: string | null;
  actionId: string | null;
}

export interface ToastOptions {
  /** Which corner ('top-right'). */
  position?: 'top-right' | 'top-left' | 'bottom-right' | 'bottom-left';
  /** 1000..600000 ms, or 0 = stay until closed (5000). */
  autoDismissMs?: number;
  /** At most this many on screen, 1..10 (3). */
  max?: number;
}

/** The colour family of a type. */
export type Tone = 'info' | 'success' | 'warning' | 'error';

/** How the notifications of one type look. */
export interface TypePresentation {
  /** One of the center's icon names ('star', 'success', 'info', 'alert', 'bell', ...) or a short text (an emoji). */
  icon?: string;
  tone?: Tone;
  /** The headline shown instead of the title, in the list and in toasts (e.g. `+${n.data.amount} XP`). */
  render?: (notification: CenterItem) => string | Node;
}

/** What renderItem / renderToast get besides the item. */
export interface RenderHelpers {
  /** A message of the center's table, in its language. */
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** "5 minutes ago", in the center's language. */
  relativeTime(iso: string | null): string;
}

/** The keys of the messages table (see MESSAGES.en). */
export type MessageKey = keyof typeof MESSAGES.en;
/** A language's strings; any key left out falls back to English. */
export type Messages = Partial<Record<MessageKey, string>>;

export interface NotificationCenterOptions {
  /** The client it shows; connect() it yourself. */
  herald: Herald<any, any>;
  /** Toast options, or false for none. */
  toasts?: ToastOptions | false;
  /** Default of the "Desktop notifications" toggle (the user's choice is kept in localStorage). */
  desktop?: boolean;
  /** Default of the "Sound" toggle (idem). */
  sound?: boolean;
  /** Inbox page size, 1..100 (20). */
  pageSize?: number;
  /** Which edge of the bell the panel lines up with ('end'). */
  align?: 'end' | 'start';
  /** Where an actionUrl opens: 'auto' = same tab for same-origin, new tab otherwise. */
  actionTarget?: 'auto' | '_self' | '_blank';
  /** Replaces the default navigation (actionUrl or an action button's url); url is already checked (http(s) or a same-origin path). */
  onAction?: (url: string, notification: CenterItem) => void;
  /** Called whenever the unread count changes. */
  onUnreadCountChange?: (count: number) => void;
  /** Called whenever the counts change (the badge shows `unseen`). */
  onCountsChange?: (counts: InboxCounts) => void;
  /** Opening the panel marks what it shows seen, which clears the badge (true). */
  markSeenOnOpen?: boolean;
  /** Show urgent notifications with `data.banner` across the top of the page (true). */
  banner?: boolean;
  /** Presentation per notification type. */
  types?: Record<string, TypePresentation>;
  /** Tab names for categories (the category itself otherwise). */
  categoryLabels?: Record<string, string>;
  /** Full control of an item's content in the list: return a Node (or null for the default). */
  renderItem?: (notification: CenterItem, helpers: RenderHelpers) => Node | null | undefined;
  /** Full control of a toast's content: return a Node (or null for the default). */
  renderToast?: (notification: CenterItem, helpers: RenderHelpers) => Node | null | undefined;
  /** The language: 'en', 'de', 'ar' ship (default: <html lang>, then the browser's); Arabic and other RTL languages lay out right to left. */
  locale?: string;
  /** Strings to use instead of the shipped ones: a flat table for the chosen language, or one per language. */
  messages?: Messages | Record<string, Messages>;
  /** Inject a stylesheet link: true (default: notification-center.css next to the module), false, or its URL. */
  stylesheet?: boolean | string;
}

/** What mountNotificationCenter returns. */
export interface NotificationCenter {
  open(): void;
  close(): void;
  toggle(): void;
  /** Loads the inbox, the counts and the preferences again. */
  refresh(): void;
  /** Shows a tab: {} for all, { category }, or { archived: true } for the archive. */
  show(view?: { category?: string | null; archived?: boolean }): void;
  /** Removes everything it added and stops listening to the Herald (which stays connected). */
  destroy(): void;
  readonly unreadCount: number;
  /** What the badge shows. */
  readonly unseenCount: number;
  readonly counts: InboxCounts;
  /** A copy of the items of the tab shown, newest first. */
  readonly items: CenterItem[];
  /** 'rtl' for a right-to-left language. */
  readonly dir: 'ltr' | 'rtl';
}

export function mountNotificationCenter(element: Element, options: NotificationCenterOptions): NotificationCenter;

/** The URL a notification may open (http(s), or a same-origin path), or null. */
export function safeUrl(raw: unknown): URL | null;

/** The shipped strings: English, German and Arabic. */
export const MESSAGES: {
  readonly en: Readonly<Record<
    | 'notifications' | 'bellNone' | 'bellNew' | 'backToList' | 'markAllRead' | 'archiveAllRead' | 'settings'
    | 'settingsLabel' | 'close' | 'retry' | 'tryAgain' | 'loading' | 'emptyTitle' | 'emptyText' | 'archiveEmptyTitle'
    | 'archiveEmptyText' | 'loadError' | 'moreError' | 'loadingMore' | 'end' | 'untitled' | 'unreadSuffix' | 'urgent'
    | 'high' | 'markRead' | 'markUnread' | 'archive' | 'unarchive' | 'delete' | 'moreActions' | 'markReadFor'
    | 'tabAll' | 'tabArchive' | 'tabsLabel' | 'tabCount' | 'statusConnecting' | 'statusOpen' | 'statusReconnecting'
    | 'statusOffline' | 'alertsTitle' | 'desktop' | 'desktopHint' | 'sound' | 'soundHint' | 'mutedTitle' | 'mutedHint'
    | 'mutedEmpty' | 'mutedCategoriesTitle' | 'mutedCategoriesHint' | 'mutedCategoriesEmpty' | 'saving' | 'saved' | 'saveError' | 'desktopUnsupported' | 'desktopBlocked' | 'desktopNotGranted'
    | 'pushAway' | 'pushAwayHint' | 'pushUnsupported' | 'pushBlocked' | 'pushUnavailable' | 'pushError'
    | 'toastsLabel' | 'toastOpen' | 'toastRead' | 'dismiss' | 'dismissToast' | 'newNotification' | 'allMarkedRead'
    | 'allReadArchived' | 'deleted' | 'archived' | 'unarchived' | 'failed' | 'justNow' | 'bannerLabel' | 'dismissBanner'
    | 'somethingWrong' | 'digestBadge' | 'digestLabel', string>>;
  readonly [locale: string]: Readonly<Record<string, string>>;
};
