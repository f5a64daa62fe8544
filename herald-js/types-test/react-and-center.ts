// useHerald and the notification center, through the package's entry points.
import { useHerald } from '@herald/client/react';
import { MESSAGES, mountNotificationCenter, type NotificationCenter } from '@herald/client/notification-center';

interface MyEvents {
  'upload.progress': { pct: number };
}

export function useProgress() {
  const { status, error, reconnectAttempts, unreadCount, lastEvent, herald } = useHerald<MyEvents>({
    tokenProvider: async () => 'jwt',
    unreadCount: true,
  });
  const label: string = error ? `${error.code ?? 'error'} after ${reconnectAttempts} attempts` : status;
  const badge: number = unreadCount ?? 0;
  const lastName: string | undefined = lastEvent?.event;
  herald.on('upload.progress', (d) => d.pct);
  // @ts-expect-error the hook's herald has the app's event types
  herald.on('upload.progress', (d) => d.nope);
  // @ts-expect-error reconnectAttempts is a number
  const a: string = reconnectAttempts;
  return [label, badge, lastName, a];
}

// @ts-expect-error not an option of the hook
useHerald({ unreadCounts: true });

export function mount(el: HTMLElement, herald: ReturnType<typeof useHerald>['herald']): NotificationCenter {
  const center = mountNotificationCenter(el, {
    herald,
    toasts: { position: 'bottom-left', autoDismissMs: 0, max: 5 },
    desktop: true,
    sound: false,
    pageSize: 50,
    align: 'start',
    actionTarget: '_blank',
    onAction: (url, n) => console.log(url, n.id, n.read),
    onUnreadCountChange: (count) => { document.title = `(${count})`; },
    stylesheet: '/styles/notification-center.css',
  });
  center.open();
  center.toggle();
  center.refresh();
  const count: number = center.unreadCount;
  console.log(count, center.items.map((i) => i.title));
  // @ts-expect-error a position the center does not have
  mountNotificationCenter(el, { herald, toasts: { position: 'middle' } });
  // @ts-expect-error the herald is required
  mountNotificationCenter(el, {});
  mountNotificationCenter(el, { herald, toasts: false, stylesheet: false });
  const xp = mountNotificationCenter(el, {
    herald,
    locale: 'ar',
    messages: { ar: { tabAll: 'الكل' }, de: { tabAll: 'Alles' }, en: { digestBadge: '{count} new' } },
    types: { xp: { icon: 'star', tone: 'success', render: (n) => `+${(n.data as { amount: number }).amount} XP` } },
    categoryLabels: { social: 'Social' },
    renderToast: (n, { t, relativeTime }) => document.createTextNode(`${t('newNotification', { title: n.title })} ${relativeTime(n.createdAt)}`),
    // A digest's item: its count (1 for any other) and when its latest notification merged into it.
    renderItem: (n, { t, relativeTime }) => document.createTextNode(
      `${n.title}${n.count > 1 ? ` ${t('digestBadge', { count: n.count })}` : ''} ${relativeTime(n.updatedAt ?? n.createdAt)}`),
    onCountsChange: (c) => c.unseen + (c.categories.social?.unread ?? 0),
    markSeenOnOpen: false,
    banner: false,
  });
  xp.show({ archived: true });
  xp.show({ category: 'social' });
  const dir: 'ltr' | 'rtl' = xp.dir;
  const seen: number = xp.unseenCount + xp.counts.unread + (xp.items[0]?.actions[0]?.label.length ?? 0);
  const english: string = MESSAGES.en.markAllRead;
  // @ts-expect-error tones are info, success, warning and error
  mountNotificationCenter(el, { herald, types: { xp: { tone: 'green' } } });
  // @ts-expect-error a message key the table does not have
  mountNotificationCenter(el, { herald, messages: { nope: 'x' } });
  console.log(dir, seen, english);
  return center;
}

// Web Push from a component: the hook's herald has push.
export async function pushFromHook(): Promise<boolean> {
  const { herald } = useHerald({ token: 'jwt' });
  const on = (await herald.push.status()) === 'enabled';
  // @ts-expect-error enable resolves to 'enabled', never 'disabled'
  const never: 'disabled' = await herald.push.enable();
  void never;
  return on;
}
