// Types of react.js: the useHerald hook. React itself is not needed to type it (it returns a plain
// object), so these types depend on no @types/react.

import type {
  Herald, HeraldError, HeraldOptions, HeraldStatus, LastEvent, UntypedEvents, UntypedNotifications,
} from './herald.js';

/** useHerald's options: the Herald options, plus unreadCount. */
export interface UseHeraldOptions extends HeraldOptions {
  /** true keeps `unreadCount` up to date (fetched on connect, reset and new notifications). */
  unreadCount?: boolean;
}

export interface UseHeraldResult<E extends object = UntypedEvents, N extends object = UntypedNotifications> {
  status: HeraldStatus;
  /** The connection's last failure (an auth failure, a HeraldError with the hub's code, ...); null since it opened. */
  error: HeraldError | null;
  /** Reconnection attempts since the stream was last open; 0 while open. */
  reconnectAttempts: number;
  /** With the unreadCount option: the unread count once known; otherwise undefined. */
  unreadCount: number | undefined;
  /** The last item received, or null. */
  lastEvent: LastEvent | null;
  /** The Herald of these options (one per value of them). */
  herald: Herald<E, N>;
}

/**
 * One Herald per value of the options: it connects on mount, disconnects on unmount, and the
 * component re-renders on every status change and every item.
 */
export function useHerald<E extends object = UntypedEvents, N extends object = UntypedNotifications>(
  options?: UseHeraldOptions,
): UseHeraldResult<E, N>;

export default useHerald;
