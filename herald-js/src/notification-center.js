/**
 * Herald notification center: a drop-in bell, inbox panel with tabs, toasts, a system banner and
 * alert settings, in English, German and Arabic (right to left) or the app's own strings.
 *
 *   import { Herald } from '/herald.js';                                   // served by the hub, or
 *   import { mountNotificationCenter } from '/notification-center.js';     // '@herald/client' and
 *                                                                          // '@herald/client/notification-center' from npm
 *
 *   const herald = new Herald({ token });
 *   const center = mountNotificationCenter(document.querySelector('#bell'), {
 *     herald,
 *     toasts: { position: 'top-right', autoDismissMs: 5000, max: 3 },
 *     types: { xp: { icon: 'star', tone: 'success', render: (n) => `+${n.data.amount} XP` } },
 *     locale: 'de',
 *   });
 *   herald.connect();
 *
 * Options (all optional but herald) and the controller are described in notification-center.d.ts.
 * This module composes the herald-center-*.js modules, one job each: the store (state and the hub's
 * REST calls), the bell, the panel, the tabs, the list and its items (with their menu), the toaster,
 * the settings, the banner, desktop alerts, per-type presentation and the messages (i18n). They import
 * nothing outside herald-js/src: the center works the same served by the hub at / and from npm.
 *
 * Every piece of notification data is rendered with textContent; nothing from the network goes through innerHTML.
 */
import { h, injectStylesheet } from './herald-center-dom.js';
import { clampInt, readFlag, safeCall, safeUrl, sleep } from './herald-center-util.js';
import { createI18n, MESSAGES } from './herald-center-i18n.js';
import { createStore } from './herald-center-store.js';
import { createBell } from './herald-center-bell.js';
import { createTabs } from './herald-center-tabs.js';
import { createList } from './herald-center-list.js';
import { createSettings } from './herald-center-settings.js';
import { createPanel } from './herald-center-panel.js';
import { createToaster } from './herald-center-toaster.js';
import { createBanner } from './herald-center-banner.js';
import { createAlerts } from './herald-center-alerts.js';
import { createPresentation } from './herald-center-types.js';

export { safeUrl, MESSAGES };

let instances = 0;

export function mountNotificationCenter(element, options = {}) {
  if (!element || !(element instanceof Element)) throw new TypeError('mountNotificationCenter: element must be a DOM element');
  const herald = options.herald;
  if (!herald || !herald.api || typeof herald.on !== 'function') {
    throw new TypeError('mountNotificationCenter: options.herald must be a Herald instance');
  }
  const uid = `hnc${++instances}`;
  const fn = (f) => (typeof f === 'function' ? f : null);
  const opts = {
    pageSize: clampInt(options.pageSize, 1, 100, 20),
    align: options.align === 'start' ? 'start' : 'end',
    actionTarget: ['_self', '_blank'].includes(options.actionTarget) ? options.actionTarget : 'auto',
    onAction: fn(options.onAction),
    onUnreadCountChange: fn(options.onUnreadCountChange),
    onCountsChange: fn(options.onCountsChange),
    markSeenOnOpen: options.markSeenOnOpen !== false,
    banner: options.banner !== false,
    categoryLabels: options.categoryLabels && typeof options.categoryLabels === 'object' ? options.categoryLabels : {},
    toasts: {
      position: ['top-right', 'top-left', 'bottom-right', 'bottom-left'].includes(options.toasts?.position)
        ? options.toasts.position : 'top-right',
      autoDismissMs: options.toasts?.autoDismissMs === 0 ? 0 : clampInt(options.toasts?.autoDismissMs, 1000, 600000, 5000),
      max: clampInt(options.toasts?.max, 1, 10, 3),
      enabled: options.toasts !== false,
    },
  };
  injectStylesheet(options.stylesheet);

  const i18n = createI18n({ locale: options.locale, messages: options.messages });
  const { t } = i18n;
  const presentation = createPresentation(options.types);
  const settingsState = { desktop: readFlag('desktop', !!options.desktop), sound: readFlag('sound', !!options.sound), desktopNote: '' };
  const store = createStore(herald, { pageSize: opts.pageSize, t });
  const { state } = store;
  const cleanups = [];
  let lastUnread = -1;

  const root = h('div', { class: `hnc hnc-align-${opts.align}`, dir: i18n.dir, lang: i18n.locale });
  const bell = createBell({ uid, t });
  const toaster = createToaster(opts.toasts, { i18n, presentation, renderToast: fn(options.renderToast) });
  const banner = createBanner({ i18n, onOpen: (item) => store.markRead(item.id) });
  const alerts = createAlerts({ herald, settings: settingsState, activate: (id, item) => activate(id, item), t });
  const categoryLabel = (name) => (typeof opts.categoryLabels[name] === 'string' ? opts.categoryLabels[name] : name);
  const tabs = createTabs({ uid, i18n, panelId: `${uid}-tabpanel`, categoryLabel, onSelect: (view) => store.setView(view) });
  const itemContext = { i18n, presentation, renderItem: fn(options.renderItem), linkTarget, store,
    activate: (id) => activate(id), press: (id, action) => press(id, action) };
  let panel = null;
  const list = createList({ uid, i18n, store, itemContext, scroller: () => panel.body, isOpen: () => !!panel && panel.isOpen });
  const settings = createSettings({ uid, i18n, store, settings: settingsState, categoryLabel, push: herald.push });
  panel = createPanel({
    uid, i18n, root, bell, tabs, list, settings, toaster,
    onOpen() {
      toaster.dismissAll(); // everything they showed is in the list now
      if (state.nextBefore === undefined && !state.loading) store.loadFirst();
      else seeShown();
      list.refreshTimes();
    },
    onClose() {},
    onReconnect() { safeCall(() => herald.reconnect()); },
    onMarkAllRead: () => store.markAllRead(),
    onArchiveAllRead: () => store.archiveAllRead(),
    onViewChange: () => renderActions(),
  });
  const announcer = h('div', { class: 'sr-only hnc-sr', 'aria-live': 'polite', 'aria-atomic': 'true' });
  root.append(announcer);
  element.append(root);

  /* ---------- rendering ---------- */

  function renderActions() {
    panel.renderActions({
      canReadAll: state.counts.unread > 0 || state.items.some((i) => !i.read),
      canArchiveRead: state.items.some((i) => i.read && !i.archivedAt),
      archive: state.view.archived,
    });
  }

  function renderCounts() {
    bell.setCount(state.counts.unseen);
    tabs.render(state.categories, state.counts);
    list.el.setAttribute('aria-labelledby', tabs.selectedId || `${uid}-title`);
    renderActions();
    if (state.counts.unread !== lastUnread) {
      lastUnread = state.counts.unread;
      if (opts.onUnreadCountChange) safeCall(opts.onUnreadCountChange, lastUnread);
    }
    if (opts.onCountsChange) safeCall(opts.onCountsChange, { ...state.counts });
  }

  /** Opening the panel (or an item arriving while it is open and on screen) marks what it shows seen. */
  function seeShown() {
    if (opts.markSeenOnOpen && panel.isOpen && panel.view === 'list' && document.visibilityState === 'visible') store.markShownSeen();
  }

  function announce(text) {
    announcer.textContent = '';
    setTimeout(() => { announcer.textContent = text; }, 30);
  }

  const offs = [
    store.on('items', () => { list.render(); renderActions(); tabs.syncTo(state.view); }),
    store.on('listState', () => list.renderState()),
    store.on('loaded', () => seeShown()),
    store.on('item', (id) => { list.updateItem(id); renderActions(); }),
    store.on('updated', (item) => { if (banner.id === item.id) { banner.drop(item.id); banner.show(item); } }),
    store.on('counts', renderCounts),
    store.on('prefs', () => { if (panel.view === 'settings') settings.render(); }),
    store.on('status', () => panel.renderStatus(state.status, state.statusDetail)),
    store.on('announce', announce),
    store.on('dismiss', (ids) => {
      if (ids === null) toaster.dismissAll();
      else for (const id of ids) { toaster.dismiss(id); banner.drop(id); }
    }),
    store.on('arrived', (item) => {
      if (panel.view === 'settings') settings.render();
      if (opts.banner) banner.show(item);
      if (state.byId.has(item.id) && panel.isOpen) list.flash(item.id);
      // With the panel open on screen the new item is right there in the list: no toast on top of it.
      if (panel.isOpen && document.visibilityState === 'visible') {
        announce(t('newNotification', { title: item.title }));
        seeShown();
      } else if (opts.toasts.enabled) toaster.show(item, { onActivate: () => activate(item.id, item) });
      alerts.alertOnce(item);
    }),
  ];
  cleanups.push(() => offs.forEach((off) => off()));
  // The first page may hold a banner still within its time (a reload, or a tab opened after it came).
  const bannerOff = store.on('loaded', () => {
    bannerOff();
    if (opts.banner) for (const item of state.items) if (!item.read && banner.show(item)) break;
  });

  /* ---------- actions on a notification ---------- */

  function activate(id, fallback) {
    const item = state.byId.get(id) || fallback;
    if (!item) return;
    const url = safeUrl(item.actionUrl);
    const pending = !item.read ? store.markRead(id) : Promise.resolve();
    if (!url) return;
    follow(url, item, pending);
  }

  /** An action button: the hub records the press (and reads the notification), then its url opens. */
  function press(id, action) {
    const item = state.byId.get(id);
    const pending = store.act(id, action.id);
    const url = safeUrl(action.url);
    if (url && item) follow(url, item, pending);
  }

  function follow(url, item, pending) {
    if (opts.onAction) { safeCall(opts.onAction, url.href, { ...item }); return; }
    if (linkTarget(url) === '_blank') {
      window.open(url.href, '_blank', 'noopener,noreferrer');
    } else {
      // Give the request a moment to leave before the page unloads.
      Promise.race([pending, sleep(700)]).then(() => window.location.assign(url.href));
    }
  }

  function linkTarget(url) {
    if (opts.actionTarget !== 'auto') return opts.actionTarget;
    return url.origin === window.location.origin ? '_self' : '_blank';
  }

  /* ---------- start ---------- */

  const timer = setInterval(() => { if (panel.isOpen) list.refreshTimes(); toaster.refreshTimes(); }, 30000);
  cleanups.push(() => clearInterval(timer));

  panel.renderStatus(state.status, state.statusDetail);
  renderCounts();
  list.renderState();
  store.loadFirst();
  store.refreshCounts();
  store.loadPreferences();

  return {
    open: () => panel.open(),
    close: () => panel.close(),
    toggle: () => (panel.isOpen ? panel.close() : panel.open()),
    refresh: () => { store.loadFirst(); store.refreshCounts(); store.loadPreferences(); },
    /** Shows a tab: {} (all), { category }, or { archived: true }. */
    show: (view) => store.setView(view || {}),
    destroy() {
      cleanups.forEach((f) => f());
      store.close();
      panel.destroy();
      list.destroy();
      alerts.destroy();
      toaster.destroy();
      banner.destroy();
      root.remove();
    },
    get unreadCount() { return state.counts.unread; },
    get unseenCount() { return state.counts.unseen; },
    get counts() { return { ...state.counts, categories: { ...state.counts.categories } }; },
    get items() { return state.items.map((i) => { const { liveGen, ...rest } = i; return { ...rest }; }); },
    get dir() { return i18n.dir; },
  };
}
