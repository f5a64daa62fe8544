// useHerald: a React hook around one Herald. React is a peer dependency of this file only;
// herald.js itself never imports React.
//
//   import { useHerald } from '@herald/client/react';
//   const { status, error, reconnectAttempts, lastEvent, unreadCount, herald } =
//     useHerald({ tokenProvider, unreadCount: true });

import { useEffect, useMemo, useRef, useState } from 'react';
import { Herald } from './herald.js';

const SYNC_EVENTS = ['notification.read', 'notification.deleted', 'notification.seen', 'notification.unread',
  'notification.archived', 'notification.unarchived', 'notification.acted', 'notifications.bulk', 'preferences.updated'];

/**
 * One Herald per options value: it connects on mount, disconnects on unmount, and the component
 * re-renders on every status change and every item.
 *
 * A new Herald is made when url, token, userId, events, transport, shareAcrossTabs, channelName,
 * heartbeatFactor or reconnect change (compared by value, so an inline options object is fine).
 * tokenProvider may change freely: the latest one is always called. Other function options
 * (fetch, random, ...) are read when the Herald is made.
 *
 * Returns { status, error, reconnectAttempts, lastEvent, unreadCount, herald }: error is the
 * connection's last failure (herald.lastError: a HeraldError with .code, null since it last opened),
 * reconnectAttempts the attempts since it was last open (0 while open).
 *
 * Extra option: unreadCount: true keeps `unreadCount` up to date (fetched on connect, reset and
 * new notifications; taken from the sync events). Otherwise `unreadCount` is undefined.
 */
export function useHerald(options = {}) {
  const { unreadCount: trackUnread = false, tokenProvider, ...rest } = options;
  const providerRef = useRef(tokenProvider);
  providerRef.current = tokenProvider;

  const key = JSON.stringify([rest.url, rest.token, rest.userId, rest.events, rest.transport, rest.shareAcrossTabs,
    rest.channelName, rest.heartbeatFactor, rest.reconnect, typeof tokenProvider === 'function']);

  const herald = useMemo(() => new Herald({
    ...rest,
    tokenProvider: typeof tokenProvider === 'function' ? () => providerRef.current() : undefined,
  }), [key]); // eslint-disable-line react-hooks/exhaustive-deps

  const [status, setStatus] = useState(herald.status);
  const [error, setError] = useState(herald.lastError);
  const [reconnectAttempts, setReconnectAttempts] = useState(herald.reconnectAttempts);
  const [lastEvent, setLastEvent] = useState(herald.lastEvent);
  const [unreadCount, setUnreadCount] = useState(undefined);

  useEffect(() => {
    let alive = true;
    // error and reconnectAttempts change with the status only (herald-status.js): read them there.
    const readStatus = () => {
      setStatus(herald.status);
      setError(herald.lastError);
      setReconnectAttempts(herald.reconnectAttempts);
    };
    readStatus();
    setLastEvent(herald.lastEvent);
    const offs = [
      herald.onStatus(readStatus),
      herald.on('*', () => setLastEvent(herald.lastEvent)),
    ];
    if (trackUnread) {
      let timer = null;
      const refresh = () => {
        clearTimeout(timer);
        timer = null;
        herald.api.unreadCount().then((n) => {
          if (alive) setUnreadCount(n);
        }, () => {});
      };
      const refreshSoon = () => {
        if (timer === null) timer = setTimeout(refresh, 200);
      };
      offs.push(herald.on('connected', refresh), herald.on('reset', refresh),
        herald.on('notification', refreshSoon), () => clearTimeout(timer));
      for (const name of SYNC_EVENTS) {
        offs.push(herald.on(name, (data) => {
          if (data && typeof data.unreadCount === 'number') setUnreadCount(data.unreadCount);
          else if (name === 'notification.deleted') refreshSoon(); // a retraction carries no count
        }));
      }
      refresh();
    }
    herald.connect();
    return () => {
      alive = false;
      for (const off of offs) off();
      herald.disconnect();
    };
  }, [herald, trackUnread]);

  return { status, error, reconnectAttempts, lastEvent, unreadCount, herald };
}

export default useHerald;
