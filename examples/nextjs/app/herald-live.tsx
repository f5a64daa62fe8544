'use client';
// The browser side: one Herald connection (useHerald) for the signed-in user, its status, unread count
// and last event, and the notification center (bell, inbox, toasts) mounted on a ref.
import { useEffect, useRef } from 'react';
import { useHerald } from '@herald/client/react';
import { mountNotificationCenter } from '@herald/client/notification-center';
import type { AppEvents, AppNotifications } from '@/lib/herald-types';

/** Asks this app's backend for a subscriber token; Herald calls it again when the token expires. */
async function fetchToken(): Promise<string> {
  const reply = await fetch('/api/herald-token', { cache: 'no-store' });
  if (!reply.ok) throw new Error(`/api/herald-token answered ${reply.status}`);
  const { token } = (await reply.json()) as { token: string };
  return token;
}

export function HeraldLive({ user }: { user: string }) {
  const { status, error, reconnectAttempts, unreadCount, lastEvent, herald } = useHerald<AppEvents, AppNotifications>({
    url: process.env.NEXT_PUBLIC_HERALD_URL ?? '',
    userId: user,
    tokenProvider: fetchToken,
    unreadCount: true,
  });

  const bell = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (bell.current === null) return;
    const center = mountNotificationCenter(bell.current, {
      herald,
      align: 'start', // the bell sits at the left edge of the page: the panel opens to its right
      toasts: { position: 'bottom-right' },
    });
    return () => center.destroy();
  }, [herald]);

  // Typed by the same maps the server publishes with: a custom event's data (d is { pct: number }),
  // a notification's data narrowed by its type.
  useEffect(() => herald.on('upload.progress', (d) => console.info(`upload ${d.pct}%`)), [herald]);
  useEffect(() => herald.onNotification((n) => {
    if (n.type === 'demo.hello') console.info(`sent at ${n.data?.sentAt ?? '?'}`);
  }), [herald]);

  return (
    <section className="live">
      <div className="bell" ref={bell} />
      <dl>
        <dt>Status</dt>
        <dd data-testid="status">{status}{reconnectAttempts > 0 ? ` (attempt ${reconnectAttempts})` : ''}</dd>
        <dt>Unread</dt>
        <dd data-testid="unread">{unreadCount ?? '…'}</dd>
        <dt>Last event</dt>
        <dd data-testid="last-event">{lastEvent ? `${lastEvent.event}: ${JSON.stringify(lastEvent.data)}` : 'none yet'}</dd>
        {error ? (<><dt>Error</dt><dd>{error.code ?? error.reason ?? 'error'}: {error.message}</dd></>) : null}
      </dl>
    </section>
  );
}
