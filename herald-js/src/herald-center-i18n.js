// Every string the notification center shows, in English, German and Arabic (right to left), and the
// relative and absolute times through Intl. An app picks a language with `locale` and overrides or adds
// strings with `messages` ({ key: text } or { locale: { key: text } }). "{name}" in a text is replaced.

const en = {
  notifications: 'Notifications',
  bellNone: 'Notifications, nothing new',
  bellNew: 'Notifications, {count} new',
  backToList: 'Back to notifications',
  markAllRead: 'Mark all read',
  archiveAllRead: 'Archive all read',
  settings: 'Settings',
  settingsLabel: 'Notification settings',
  close: 'Close notifications',
  retry: 'Retry',
  tryAgain: 'Try again',
  loading: 'Loading notifications…',
  emptyTitle: 'You’re all caught up',
  emptyText: 'New notifications will show up here as they arrive.',
  archiveEmptyTitle: 'Nothing archived',
  archiveEmptyText: 'Notifications you archive are kept here.',
  loadError: 'Couldn’t load notifications. {error}',
  moreError: 'Couldn’t load more. {error}',
  loadingMore: 'Loading more…',
  end: 'That’s everything',
  untitled: '(untitled)',
  unreadSuffix: ', unread',
  urgent: 'Urgent',
  high: 'High',
  markRead: 'Mark as read',
  markUnread: 'Mark as unread',
  archive: 'Archive',
  unarchive: 'Move to inbox',
  delete: 'Delete',
  moreActions: 'More actions: {title}',
  markReadFor: 'Mark as read: {title}',
  tabAll: 'All',
  tabArchive: 'Archive',
  tabsLabel: 'Notification categories',
  tabCount: '{count} unread',
  statusConnecting: 'Connecting…',
  statusOpen: 'Connected',
  statusReconnecting: 'Reconnecting…',
  statusOffline: 'Offline',
  alertsTitle: 'Alerts on this device',
  desktop: 'Desktop notifications',
  desktopHint: 'A system notification when this page is in the background.',
  sound: 'Sound',
  soundHint: 'A short chime for new notifications (not for low priority).',
  mutedTitle: 'Muted types',
  mutedHint: 'Muted types still land in your inbox, but they don’t pop up live on any of your devices.',
  mutedEmpty: 'Types appear here once you have received notifications.',
  mutedCategoriesTitle: 'Muted categories',
  mutedCategoriesHint: 'Muted categories still land in your inbox and their tab, but they don’t pop up live.',
  mutedCategoriesEmpty: 'Categories appear here once you have received notifications with one.',
  saving: 'Saving…',
  saved: 'Saved',
  saveError: 'Couldn’t save: {error}',
  desktopUnsupported: 'This browser doesn’t support desktop notifications.',
  desktopBlocked: 'Notifications are blocked for this site. Allow them in your browser’s site settings, then try again.',
  desktopNotGranted: 'Permission wasn’t granted.',
  pushAway: 'Notify me when I’m away',
  pushAwayHint: 'A notification on this device when no page of the app is open.',
  pushUnsupported: 'This browser can’t receive push notifications.',
  pushBlocked: 'Notifications are blocked for this site. Allow them in your browser’s site settings, then try again.',
  pushUnavailable: 'This server doesn’t send push notifications.',
  pushError: 'Couldn’t change push notifications: {error}',
  toastsLabel: 'New notifications',
  toastOpen: ', press to open',
  toastRead: ', press to mark as read',
  dismiss: 'Dismiss',
  dismissToast: 'Dismiss notification',
  newNotification: 'New notification: {title}',
  allMarkedRead: 'All notifications marked as read',
  allReadArchived: 'Read notifications archived',
  deleted: 'Notification deleted',
  archived: 'Notification archived',
  unarchived: 'Notification moved to the inbox',
  failed: 'Couldn’t do that: {error}',
  justNow: 'just now',
  bannerLabel: 'Announcement',
  dismissBanner: 'Dismiss announcement',
  somethingWrong: 'Something went wrong.',
  digestBadge: '×{count}',
  digestLabel: '{count} notifications',
};

const de = {
  notifications: 'Benachrichtigungen',
  bellNone: 'Benachrichtigungen, nichts Neues',
  bellNew: 'Benachrichtigungen, {count} neu',
  backToList: 'Zurück zu den Benachrichtigungen',
  markAllRead: 'Alle als gelesen markieren',
  archiveAllRead: 'Gelesene archivieren',
  settings: 'Einstellungen',
  settingsLabel: 'Benachrichtigungseinstellungen',
  close: 'Benachrichtigungen schließen',
  retry: 'Erneut verbinden',
  tryAgain: 'Erneut versuchen',
  loading: 'Benachrichtigungen werden geladen…',
  emptyTitle: 'Alles erledigt',
  emptyText: 'Neue Benachrichtigungen erscheinen hier, sobald sie eintreffen.',
  archiveEmptyTitle: 'Nichts archiviert',
  archiveEmptyText: 'Archivierte Benachrichtigungen werden hier aufbewahrt.',
  loadError: 'Benachrichtigungen konnten nicht geladen werden. {error}',
  moreError: 'Weitere konnten nicht geladen werden. {error}',
  loadingMore: 'Weitere werden geladen…',
  end: 'Das ist alles',
  untitled: '(ohne Titel)',
  unreadSuffix: ', ungelesen',
  urgent: 'Dringend',
  high: 'Wichtig',
  markRead: 'Als gelesen markieren',
  markUnread: 'Als ungelesen markieren',
  archive: 'Archivieren',
  unarchive: 'In den Posteingang',
  delete: 'Löschen',
  moreActions: 'Weitere Aktionen: {title}',
  markReadFor: 'Als gelesen markieren: {title}',
  tabAll: 'Alle',
  tabArchive: 'Archiv',
  tabsLabel: 'Kategorien',
  tabCount: '{count} ungelesen',
  statusConnecting: 'Verbinde…',
  statusOpen: 'Verbunden',
  statusReconnecting: 'Verbinde erneut…',
  statusOffline: 'Offline',
  alertsTitle: 'Hinweise auf diesem Gerät',
  desktop: 'Desktop-Benachrichtigungen',
  desktopHint: 'Eine Systembenachrichtigung, wenn diese Seite im Hintergrund ist.',
  sound: 'Ton',
  soundHint: 'Ein kurzer Klang bei neuen Benachrichtigungen (nicht bei niedriger Priorität).',
  mutedTitle: 'Stummgeschaltete Typen',
  mutedHint: 'Stummgeschaltete Typen landen weiter im Posteingang, erscheinen aber auf keinem Gerät live.',
  mutedEmpty: 'Typen erscheinen hier, sobald Benachrichtigungen eingetroffen sind.',
  mutedCategoriesTitle: 'Stummgeschaltete Kategorien',
  mutedCategoriesHint: 'Stummgeschaltete Kategorien landen weiter im Posteingang und in ihrem Tab, erscheinen aber nicht live.',
  mutedCategoriesEmpty: 'Kategorien erscheinen hier, sobald Benachrichtigungen mit einer Kategorie eingetroffen sind.',
  saving: 'Wird gespeichert…',
  saved: 'Gespeichert',
  saveError: 'Speichern fehlgeschlagen: {error}',
  desktopUnsupported: 'Dieser Browser unterstützt keine Desktop-Benachrichtigungen.',
  desktopBlocked: 'Benachrichtigungen sind für diese Seite blockiert. Erlaube sie in den Website-Einstellungen und versuche es erneut.',
  desktopNotGranted: 'Die Erlaubnis wurde nicht erteilt.',
  pushAway: 'Benachrichtige mich, wenn ich weg bin',
  pushAwayHint: 'Eine Benachrichtigung auf diesem Gerät, wenn keine Seite der App geöffnet ist.',
  pushUnsupported: 'Dieser Browser kann keine Push-Benachrichtigungen empfangen.',
  pushBlocked: 'Benachrichtigungen sind für diese Seite blockiert. Erlaube sie in den Website-Einstellungen und versuche es erneut.',
  pushUnavailable: 'Dieser Server versendet keine Push-Benachrichtigungen.',
  pushError: 'Push-Benachrichtigungen konnten nicht geändert werden: {error}',
  toastsLabel: 'Neue Benachrichtigungen',
  toastOpen: ', zum Öffnen drücken',
  toastRead: ', drücken, um sie als gelesen zu markieren',
  dismiss: 'Schließen',
  dismissToast: 'Benachrichtigung schließen',
  newNotification: 'Neue Benachrichtigung: {title}',
  allMarkedRead: 'Alle Benachrichtigungen als gelesen markiert',
  allReadArchived: 'Gelesene Benachrichtigungen archiviert',
  deleted: 'Benachrichtigung gelöscht',
  archived: 'Benachrichtigung archiviert',
  unarchived: 'Benachrichtigung in den Posteingang verschoben',
  failed: 'Das ging nicht: {error}',
  justNow: 'gerade eben',
  bannerLabel: 'Ankündigung',
  dismissBanner: 'Ankündigung schließen',
  somethingWrong: 'Etwas ist schiefgelaufen.',
  digestBadge: '×{count}',
  digestLabel: '{count} Benachrichtigungen',
};

const ar = {
  notifications: 'الإشعارات',
  bellNone: 'الإشعارات، لا جديد',
  bellNew: 'الإشعارات، {count} جديدة',
  backToList: 'العودة إلى الإشعارات',
  markAllRead: 'تعليم الكل كمقروء',
  archiveAllRead: 'أرشفة المقروء',
  settings: 'الإعدادات',
  settingsLabel: 'إعدادات الإشعارات',
  close: 'إغلاق الإشعارات',
  retry: 'إعادة المحاولة',
  tryAgain: 'حاول مرة أخرى',
  loading: 'جارٍ تحميل الإشعارات…',
  emptyTitle: 'لا شيء جديد',
  emptyText: 'ستظهر الإشعارات الجديدة هنا عند وصولها.',
  archiveEmptyTitle: 'لا شيء في الأرشيف',
  archiveEmptyText: 'تُحفظ الإشعارات التي تؤرشفها هنا.',
  loadError: 'تعذّر تحميل الإشعارات. {error}',
  moreError: 'تعذّر تحميل المزيد. {error}',
  loadingMore: 'جارٍ تحميل المزيد…',
  end: 'هذا كل شيء',
  untitled: '(بلا عنوان)',
  unreadSuffix: '، غير مقروء',
  urgent: 'عاجل',
  high: 'مهم',
  markRead: 'تعليم كمقروء',
  markUnread: 'تعليم كغير مقروء',
  archive: 'أرشفة',
  unarchive: 'نقل إلى الوارد',
  delete: 'حذف',
  moreActions: 'إجراءات أخرى: {title}',
  markReadFor: 'تعليم كمقروء: {title}',
  tabAll: 'الكل',
  tabArchive: 'الأرشيف',
  tabsLabel: 'فئات الإشعارات',
  tabCount: '{count} غير مقروءة',
  statusConnecting: 'جارٍ الاتصال…',
  statusOpen: 'متصل',
  statusReconnecting: 'جارٍ إعادة الاتصال…',
  statusOffline: 'غير متصل',
  alertsTitle: 'التنبيهات على هذا الجهاز',
  desktop: 'إشعارات سطح المكتب',
  desktopHint: 'إشعار من النظام عندما تكون هذه الصفحة في الخلفية.',
  sound: 'الصوت',
  soundHint: 'نغمة قصيرة للإشعارات الجديدة (ليس للأولوية المنخفضة).',
  mutedTitle: 'الأنواع المكتومة',
  mutedHint: 'تصل الأنواع المكتومة إلى صندوق الوارد، لكنها لا تظهر مباشرة على أي من أجهزتك.',
  mutedEmpty: 'تظهر الأنواع هنا بعد وصول الإشعارات.',
  mutedCategoriesTitle: 'الفئات المكتومة',
  mutedCategoriesHint: 'تصل الفئات المكتومة إلى صندوق الوارد وتبويبها، لكنها لا تظهر مباشرة.',
  mutedCategoriesEmpty: 'تظهر الفئات هنا بعد وصول إشعارات لها فئة.',
  saving: 'جارٍ الحفظ…',
  saved: 'تم الحفظ',
  saveError: 'تعذّر الحفظ: {error}',
  desktopUnsupported: 'هذا المتصفح لا يدعم إشعارات سطح المكتب.',
  desktopBlocked: 'الإشعارات محظورة لهذا الموقع. اسمح بها في إعدادات الموقع ثم حاول مرة أخرى.',
  desktopNotGranted: 'لم يُمنح الإذن.',
  pushAway: 'أبلغني عندما أكون بعيدًا',
  pushAwayHint: 'إشعار على هذا الجهاز عندما لا تكون أي صفحة من التطبيق مفتوحة.',
  pushUnsupported: 'هذا المتصفح لا يستقبل إشعارات الدفع.',
  pushBlocked: 'الإشعارات محظورة لهذا الموقع. اسمح بها في إعدادات الموقع ثم حاول مرة أخرى.',
  pushUnavailable: 'هذا الخادم لا يرسل إشعارات الدفع.',
  pushError: 'تعذّر تغيير إشعارات الدفع: {error}',
  toastsLabel: 'إشعارات جديدة',
  toastOpen: '، اضغط للفتح',
  toastRead: '، اضغط لتعليمه كمقروء',
  dismiss: 'إغلاق',
  dismissToast: 'إغلاق الإشعار',
  newNotification: 'إشعار جديد: {title}',
  allMarkedRead: 'تم تعليم كل الإشعارات كمقروءة',
  allReadArchived: 'تمت أرشفة الإشعارات المقروءة',
  deleted: 'تم حذف الإشعار',
  archived: 'تمت أرشفة الإشعار',
  unarchived: 'تم نقل الإشعار إلى الوارد',
  failed: 'تعذّر ذلك: {error}',
  justNow: 'الآن',
  bannerLabel: 'إعلان',
  dismissBanner: 'إغلاق الإعلان',
  somethingWrong: 'حدث خطأ ما.',
  digestBadge: '×{count}',
  digestLabel: 'عدد الإشعارات: {count}',
};

/** The shipped languages. Their keys are the same; a missing key falls back to English. */
export const MESSAGES = Object.freeze({ en, de, ar });
const RTL = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'yi', 'dv', 'ckb', 'sd', 'ug']);

/** The language's primary subtag, lowercased ('de-AT' → 'de'). */
function primary(locale) { return String(locale || '').toLowerCase().split(/[-_]/)[0]; }

/**
 * { t(key, vars), locale, dir, relativeTime(iso), absoluteTime(iso), number(n) } for `locale` (default:
 * the page's <html lang>, then the browser's language, then English) and the app's `messages`.
 */
export function createI18n({ locale, messages } = {}) {
  const docLang = typeof document !== 'undefined' ? document.documentElement.lang : '';
  const navLang = typeof navigator !== 'undefined' ? navigator.language : '';
  const wanted = locale || docLang || navLang || 'en';
  const lang = primary(wanted);
  const own = messages && typeof messages === 'object' ? messages : {};
  // `messages` is either a flat table for the chosen language or a table per language.
  const flat = Object.values(own).every((v) => typeof v === 'string');
  const extra = flat ? own : { ...(own[lang] || {}), ...(own[wanted] || {}) };
  const table = { ...en, ...(MESSAGES[lang] || {}), ...extra };
  const dir = RTL.has(lang) ? 'rtl' : 'ltr';
  let rtf = null;
  let nf = null;
  try { rtf = new Intl.RelativeTimeFormat(wanted, { numeric: 'auto' }); } catch { /* no Intl: fall back below */ }
  try { nf = new Intl.NumberFormat(wanted); } catch { /* plain digits */ }
  const number = (n) => (nf ? nf.format(n) : String(n));

  function t(key, vars) {
    const text = typeof table[key] === 'string' ? table[key] : key;
    if (!vars) return text;
    return text.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? (typeof vars[name] === 'number' ? number(vars[name]) : String(vars[name])) : m));
  }

  function relativeTime(iso, now = Date.now()) {
    const ms = Date.parse(iso);
    if (!Number.isFinite(ms)) return '';
    const s = Math.round((now - ms) / 1000);
    if (s < 45) return t('justNow');
    const m = Math.round(s / 60);
    const hrs = Math.round(m / 60);
    const d = Math.round(hrs / 24);
    if (rtf) {
      if (m < 60) return rtf.format(-m, 'minute');
      if (hrs < 24) return rtf.format(-hrs, 'hour');
      if (d < 7) return rtf.format(-d, 'day');
    } else if (d < 7) return m < 60 ? `${m} min` : hrs < 24 ? `${hrs} h` : `${d} d`;
    try {
      return new Date(ms).toLocaleDateString(wanted, { day: 'numeric', month: 'short', year: d > 300 ? 'numeric' : undefined });
    } catch { return new Date(ms).toISOString().slice(0, 10); }
  }

  function absoluteTime(iso) {
    const ms = Date.parse(iso);
    if (!Number.isFinite(ms)) return '';
    try { return new Date(ms).toLocaleString(wanted, { dateStyle: 'medium', timeStyle: 'short' }); } catch { return new Date(ms).toISOString(); }
  }

  return { t, locale: wanted, lang, dir, relativeTime, absoluteTime, number };
}
