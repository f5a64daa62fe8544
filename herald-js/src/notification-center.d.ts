// Types of notification-center.js: the drop-in bell, inbox panel, toasts and alert settings.
/// <reference lib="dom" />

import type { Herald, Priority } from './herald.js';

/** A notification as the center holds it (normalized: missing fields are null, priority is known). */
export interface CenterItem {
  id: string;
  type: string;
  title: string;
  body: string | null;
  data: unknown;
  actionUrl: string | null;
  priority: Priority;
  createdAt: string | null;
  read: boolean;
  readAt: string | null;
}

export interface ToastOptions {
  /** Which corner ('top-right'). */
  position?: 'top-right' | 'top-left' | 'bottom-right' | 'bottom-left';
  /** 1000..600000 ms, or 0 = stay until closed (5000). */
  autoDismissMs?: number;
  /** At most this many on screen, 1..10 (3). */
  max?: number;
}

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
  /** Replaces the default navigation; url is already checked (http(s) or a same-origin path). */
  onAction?: (url: string, notification: CenterItem) => void;
  /** Called whenever the unread count changes. */
  onUnreadCountChange?: (count: number) => void;
  /** Inject a stylesheet link: true (default: notification-center.css next to the module), false, or its URL. */
  stylesheet?: boolean | string;
}

/** What mountNotificationCenter returns. */
export interface NotificationCenter {
  open(): void;
  close(): void;
  toggle(): void;
  /** Loads the inbox and the preferences again. */
  refresh(): void;
  /** Removes everything it added and stops listening to the Herald (which stays connected). */
  destroy(): void;
  readonly unreadCount: number;
  /** A copy of the items it shows, newest first. */
  readonly items: CenterItem[];
}

export function mountNotificationCenter(element: Element, options: NotificationCenterOptions): NotificationCenter;

/** The URL a notification may open (http(s), or a same-origin path), or null. */
export function safeUrl(raw: unknown): URL | null;
