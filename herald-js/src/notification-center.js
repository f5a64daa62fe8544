/**
 * Herald notification center: a drop-in bell, inbox panel, toasts and alert settings.
 *
 *   import { Herald } from '/herald.js';                                   // served by the hub, or
 *   import { mountNotificationCenter } from '/notification-center.js';     // '@herald/client' and
 *                                                                          // '@herald/client/notification-center' from npm
 *
 *   const herald = new Herald({ token });
 *   const center = mountNotificationCenter(document.querySelector('#bell'), {
 *     herald,
 *     toasts: { position: 'top-right', autoDismissMs: 5000, max: 3 },
 *     desktop: false,   // default for the "Desktop notifications" toggle (the user's choice is kept in localStorage)
 *     sound: false,     // default for the "Sound" toggle (idem)
 *   });
 *   herald.connect();
 *
 * Further options (all optional):
 *   pageSize: 20                    inbox page size (1..100)
 *   align: 'end' | 'start'          which edge of the bell the dropdown panel lines up with
 *   actionTarget: 'auto' | '_self' | '_blank'
 *                                   where an actionUrl opens: 'auto' = same tab for same-origin, new tab otherwise
 *   onAction(url, notification)     replaces the default navigation (url is already checked: http(s) or same-origin path)
 *   onUnreadCountChange(count)      called whenever the unread count changes
 *   stylesheet: true | false | url  inject <link rel=stylesheet> for notification-center.css (default: next to this file)
 *
 * Returns a controller: { open(), close(), toggle(), refresh(), destroy(), unreadCount, items }.
 * The types (options and controller) are in notification-center.d.ts. This module imports nothing: it
 * works the same served by the hub at / and from the npm package.
 *
 * Every piece of notification data is rendered with textContent; nothing from the network goes through innerHTML.
 */

const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
const STATUS_TEXT = {
  connecting: 'Connecting…',
  open: 'Connected',
  reconnecting: 'Reconnecting…',
  closed: 'Offline',
  'circuit-open': 'Offline',
};
const STORAGE_PREFIX = 'herald-nc:';
const ALERT_CLAIM_KEY = STORAGE_PREFIX + 'alerted';
const HIDDEN_TAB_ALERT_DELAY_MS = 400;

let instances = 0;

export function mountNotificationCenter(element, options = {}) {
  if (!element || !(element instanceof Element)) throw new TypeError('mountNotificationCenter: element must be a DOM element');
  const herald = options.herald;
  if (!herald || !herald.api || typeof herald.on !== 'function') {
    throw new TypeError('mountNotificationCenter: options.herald must be a Herald instance');
  }
  const uid = `hnc${++instances}`;
  const opts = {
    pageSize: clampInt(options.pageSize, 1, 100, 20),
    align: options.align === 'start' ? 'start' : 'end',
    actionTarget: ['_self', '_blank'].includes(options.actionTarget) ? options.actionTarget : 'auto',
    onAction: typeof options.onAction === 'function' ? options.onAction : null,
    onUnreadCountChange: typeof options.onUnreadCountChange === 'function' ? options.onUnreadCountChange : null,
    toasts: {
      position: ['top-right', 'top-left', 'bottom-right', 'bottom-left'].includes(options.toasts?.position)
        ? options.toasts.position : 'top-right',
      autoDismissMs: options.toasts?.autoDismissMs === 0 ? 0 : clampInt(options.toasts?.autoDismissMs, 1000, 600000, 5000),
      max: clampInt(options.toasts?.max, 1, 10, 3),
      enabled: options.toasts !== false,
    },
  };
  injectStylesheet(options.stylesheet);

  const state = {
    items: [],
    byId: new Map(),
    nextBefore: undefined,   // undefined: first page not loaded yet; null: nothing older
    loading: false,
    loadingMore: false,
    loadError: null,
    moreError: null,
    gen: 0,
    unread: -1,
    mutedTypes: [],
    seenTypes: new Set(),
    prefsSaving: 0,
    prefsQueue: Promise.resolve(),
    prefsError: null,
    prefsSaved: false,
    status: typeof herald.status === 'string' ? herald.status : 'connecting',
    statusDetail: null,
    open: false,
    view: 'list',
    desktop: readFlag('desktop', !!options.desktop),
    sound: readFlag('sound', !!options.sound),
    desktopNote: '',
    connectedOnce: false,
    liveChanges: 0, // sync events seen: a count fetched across one may predate it
    countThrough: null, // the newest notification the unread count covers (null: none yet)
  };
  const itemEls = new Map();
  const muteEls = new Map();
  const cleanups = [];

  /* ---------- DOM ---------- */

  const root = h('div', { class: `hnc hnc-align-${opts.align}` });
  const badge = h('span', { class: 'hnc-badge', 'aria-hidden': 'true', hidden: true });
  const bell = h('button', {
    type: 'button', class: 'hnc-bell', 'aria-haspopup': 'dialog', 'aria-expanded': 'false',
    'aria-controls': `${uid}-panel`, 'aria-label': 'Notifications',
  }, icon('bell'), badge);

  const titleEl = h('h2', { class: 'hnc-title', id: `${uid}-title` }, 'Notifications');
  const backBtn = h('button', { type: 'button', class: 'hnc-icon-btn', 'aria-label': 'Back to notifications', hidden: true }, icon('back'));
  const markAllBtn = h('button', { type: 'button', class: 'hnc-text-btn' }, icon('checks'), h('span', {}, 'Mark all read'));
  const settingsBtn = h('button', { type: 'button', class: 'hnc-icon-btn', 'aria-label': 'Notification settings', title: 'Settings' }, icon('sliders'));
  const closeBtn = h('button', { type: 'button', class: 'hnc-icon-btn hnc-close', 'aria-label': 'Close notifications' }, icon('x'));

  const connDot = h('span', { class: 'hnc-dot' });
  const connText = h('span', { class: 'hnc-conn-text' });
  const retryBtn = h('button', { type: 'button', class: 'hnc-text-btn hnc-retry', hidden: true }, icon('refresh'), h('span', {}, 'Retry'));
  const conn = h('div', { class: 'hnc-conn', role: 'status' }, connDot, connText, retryBtn);

  const list = h('ul', { class: 'hnc-list', 'aria-labelledby': `${uid}-title` });
  const skeleton = h('div', { class: 'hnc-skeleton', 'aria-hidden': 'true' },
    ...[0, 1, 2, 3].map(() => h('div', { class: 'hnc-skel-row' },
      h('span', { class: 'hnc-skel-dot' }), h('span', { class: 'hnc-skel-lines' }, h('span', {}), h('span', {}), h('span', {})))));
  const loadingText = h('p', { class: 'sr-only hnc-sr' }, 'Loading notifications…');
  const loadingBox = h('div', { class: 'hnc-loading', hidden: true }, skeleton, loadingText);
  const emptyBox = h('div', { class: 'hnc-empty', hidden: true },
    h('span', { class: 'hnc-empty-icon' }, icon('inbox')),
    h('p', { class: 'hnc-empty-title' }, 'You’re all caught up'),
    h('p', { class: 'hnc-empty-text' }, 'New notifications will show up here as they arrive.'));
  const errorText = h('p', { class: 'hnc-error-text' });
  const errorRetry = h('button', { type: 'button', class: 'hnc-text-btn' }, icon('refresh'), h('span', {}, 'Try again'));
  const errorBox = h('div', { class: 'hnc-error', role: 'alert', hidden: true }, errorText, errorRetry);
  const moreText = h('span', {});
  const moreRetry = h('button', { type: 'button', class: 'hnc-text-btn', hidden: true }, 'Try again');
  const sentinel = h('div', { class: 'hnc-more', hidden: true }, h('span', { class: 'hnc-spinner', 'aria-hidden': 'true' }), moreText, moreRetry);
  const endMark = h('p', { class: 'hnc-end', hidden: true }, 'That’s everything');
  const listView = h('div', { class: 'hnc-list-view' }, loadingBox, errorBox, emptyBox, list, sentinel, endMark);

  const desktopInput = h('input', { type: 'checkbox', class: 'hnc-switch', role: 'switch', id: `${uid}-desktop` });
  const desktopNote = h('p', { class: 'hnc-setting-note', hidden: true, 'aria-live': 'polite' });
  const soundInput = h('input', { type: 'checkbox', class: 'hnc-switch', role: 'switch', id: `${uid}-sound` });
  const mutedList = h('ul', { class: 'hnc-mute-list' });
  const mutedEmpty = h('p', { class: 'hnc-setting-hint' }, 'Types appear here once you have received notifications.');
  const prefsStatus = h('p', { class: 'hnc-prefs-status', 'aria-live': 'polite' });
  const settingsView = h('div', { class: 'hnc-settings', hidden: true },
    h('section', { class: 'hnc-settings-section', 'aria-labelledby': `${uid}-alerts` },
      h('h3', { id: `${uid}-alerts` }, 'Alerts on this device'),
      h('div', { class: 'hnc-setting' },
        h('label', { for: `${uid}-desktop` },
          h('span', { class: 'hnc-setting-name' }, 'Desktop notifications'),
          h('span', { class: 'hnc-setting-hint' }, 'A system notification when this page is in the background.')),
        desktopInput),
      desktopNote,
      h('div', { class: 'hnc-setting' },
        h('label', { for: `${uid}-sound` },
          h('span', { class: 'hnc-setting-name' }, 'Sound'),
          h('span', { class: 'hnc-setting-hint' }, 'A short chime for new notifications (not for low priority).')),
        soundInput)),
    h('section', { class: 'hnc-settings-section', 'aria-labelledby': `${uid}-muted` },
      h('h3', { id: `${uid}-muted` }, 'Muted types'),
      h('p', { class: 'hnc-setting-hint' }, 'Muted types still land in your inbox, but they don’t pop up live on any of your devices.'),
      mutedList, mutedEmpty, prefsStatus));

  const body = h('div', { class: 'hnc-body' }, listView, settingsView);
  const head = h('div', { class: 'hnc-head' },
    h('div', { class: 'hnc-head-title' }, backBtn, titleEl),
    h('div', { class: 'hnc-head-actions' }, markAllBtn, settingsBtn, closeBtn));
  const panel = h('div', {
    class: 'hnc-panel', id: `${uid}-panel`, role: 'dialog', 'aria-modal': 'false',
    'aria-labelledby': `${uid}-title`, tabindex: '-1', hidden: true,
  }, head, conn, body);
  const backdrop = h('div', { class: 'hnc-backdrop', hidden: true });
  const announcer = h('div', { class: 'sr-only hnc-sr', 'aria-live': 'polite', 'aria-atomic': 'true' });
  root.append(bell, backdrop, panel, announcer);
  element.append(root);
  // On small screens the panel is a full-width sheet (position: fixed). A fixed element inside an ancestor with a
  // transform, filter or backdrop-filter (a sticky, blurred header, say) would be trapped in that ancestor, so the
  // sheet lives in a layer directly under <body> while the screen is small.
  const layer = h('div', { class: 'hnc hnc-layer' });
  document.body.append(layer);
  const sheetQuery = window.matchMedia('(max-width: 600px)');
  const inside = (node) => !!node && (root.contains(node) || layer.contains(node));

  const toaster = createToaster(opts.toasts);

  /* ---------- rendering ---------- */

  function setUnread(n) {
    const next = Math.max(0, Number.isFinite(n) ? Math.trunc(n) : 0);
    const changed = next !== state.unread;
    state.unread = next;
    badge.textContent = next > 99 ? '99+' : String(next);
    badge.hidden = next === 0;
    bell.setAttribute('aria-label', next === 0 ? 'Notifications, no unread' : `Notifications, ${next} unread`);
    bell.classList.toggle('has-unread', next > 0);
    markAllBtn.disabled = next === 0 && !state.items.some((i) => !i.read);
    if (changed) {
      badge.classList.remove('hnc-bump');
      void badge.offsetWidth; // restart the bump animation
      badge.classList.add('hnc-bump');
      if (opts.onUnreadCountChange) safeCall(opts.onUnreadCountChange, next);
    }
  }

  function renderStatus() {
    const s = state.status;
    connText.textContent = STATUS_TEXT[s] || s;
    connDot.className = 'hnc-dot ' + (s === 'open' ? 'is-ok' : s === 'connecting' || s === 'reconnecting' ? 'is-wait' : 'is-off');
    conn.dataset.status = s;
    retryBtn.hidden = s !== 'circuit-open';
    const detail = state.statusDetail;
    const detailText = typeof detail === 'string' ? detail : detail?.message || detail?.reason || '';
    if (detailText) conn.title = String(detailText); else conn.removeAttribute('title');
    root.dataset.status = s;
  }

  function renderListState() {
    const firstLoad = state.nextBefore === undefined;
    loadingBox.hidden = !(state.loading && state.items.length === 0);
    list.setAttribute('aria-busy', state.loading || state.loadingMore ? 'true' : 'false');
    errorBox.hidden = !(state.loadError && state.items.length === 0);
    if (state.loadError) errorText.textContent = `Couldn’t load notifications. ${state.loadError}`;
    emptyBox.hidden = !(!state.loading && !state.loadError && !firstLoad && state.items.length === 0);
    const hasMore = typeof state.nextBefore === 'string' && state.items.length > 0;
    sentinel.hidden = !hasMore;
    sentinel.classList.toggle('is-error', !!state.moreError);
    moreText.textContent = state.moreError ? `Couldn’t load more. ${state.moreError}` : 'Loading more…';
    moreRetry.hidden = !state.moreError;
    endMark.hidden = !(state.nextBefore === null && state.items.length > 4);
    markAllBtn.disabled = state.unread === 0 && !state.items.some((i) => !i.read);
  }

  function renderList() {
    let cursor = list.firstChild;
    for (const item of state.items) {
      let el = itemEls.get(item.id);
      if (!el) {
        el = buildItem(item);
        itemEls.set(item.id, el);
      }
      updateItem(item, el);
      if (el !== cursor) list.insertBefore(el, cursor);
      else cursor = cursor.nextSibling;
    }
    while (cursor) {
      const next = cursor.nextSibling;
      cursor.remove();
      cursor = next;
    }
    for (const [id, el] of itemEls) if (!state.byId.has(id)) { itemEls.delete(id); el.remove(); }
    renderListState();
    queueMicrotask(maybeLoadMore);
  }

  function buildItem(item) {
    const url = safeUrl(item.actionUrl);
    const main = url
      ? h('a', { class: 'hnc-item-main', href: url.href, ...(linkTarget(url) === '_blank' ? { target: '_blank', rel: 'noopener noreferrer' } : {}) })
      : h('button', { type: 'button', class: 'hnc-item-main' });
    const title = h('span', { class: 'hnc-item-title' }, item.title || '(untitled)');
    main.append(title);
    if (item.body) main.append(h('span', { class: 'hnc-item-body' }, item.body));
    const prio = PRIORITIES.includes(item.priority) ? item.priority : 'normal';
    const time = h('time', { class: 'hnc-time', datetime: item.createdAt || '' });
    const meta = h('span', { class: 'hnc-item-meta' });
    if (prio === 'high' || prio === 'urgent') meta.append(h('span', { class: `hnc-prio hnc-prio-${prio}` }, prio === 'urgent' ? 'Urgent' : 'High'));
    if (item.type) meta.append(h('span', { class: 'hnc-type' }, item.type));
    meta.append(time);
    if (url) meta.append(h('span', { class: 'hnc-link-hint', 'aria-hidden': 'true' }, icon('external')));
    main.append(meta, h('span', { class: 'sr-only hnc-sr hnc-unread-sr' }, ', unread'));

    const readBtn = h('button', { type: 'button', class: 'hnc-icon-btn hnc-read-btn', 'aria-label': `Mark as read: ${item.title}`, title: 'Mark as read' }, icon('check'));
    const delBtn = h('button', { type: 'button', class: 'hnc-icon-btn hnc-del-btn', 'aria-label': `Delete: ${item.title}`, title: 'Delete' }, icon('trash'));
    const li = h('li', { class: `hnc-item hnc-p-${prio}`, 'data-id': item.id },
      h('span', { class: 'hnc-item-dot', 'aria-hidden': 'true' }), main,
      h('div', { class: 'hnc-item-actions' }, readBtn, delBtn));

    main.addEventListener('click', (ev) => {
      if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) { markRead(item.id); return; }
      ev.preventDefault();
      activate(item.id);
    });
    main.addEventListener('auxclick', () => markRead(item.id));
    readBtn.addEventListener('click', () => {
      markRead(item.id);
      main.focus();
    });
    delBtn.addEventListener('click', () => remove(item.id));
    return li;
  }

  function updateItem(item, el = itemEls.get(item.id)) {
    if (!el) return;
    el.classList.toggle('is-unread', !item.read);
    el.querySelector('.hnc-read-btn').hidden = !!item.read;
    el.querySelector('.hnc-unread-sr').hidden = !!item.read;
    const t = el.querySelector('time');
    t.textContent = relativeTime(item.createdAt);
    t.title = absoluteTime(item.createdAt);
  }

  function refreshTimes() {
    if (state.open) for (const item of state.items) {
      const el = itemEls.get(item.id);
      if (el) el.querySelector('time').textContent = relativeTime(item.createdAt);
    }
    toaster.refreshTimes();
  }

  function renderSettings() {
    const types = new Set([...state.seenTypes, ...state.mutedTypes]);
    const sorted = [...types].sort((a, b) => a.localeCompare(b));
    let cursor = mutedList.firstChild;
    for (const type of sorted) {
      let li = muteEls.get(type);
      if (!li) {
        const id = `${uid}-mute-${muteEls.size}`;
        const input = h('input', { type: 'checkbox', id, class: 'hnc-check', value: type });
        input.addEventListener('change', () => toggleMute(type, input.checked));
        li = h('li', {}, input, h('label', { for: id }, type));
        muteEls.set(type, li);
      }
      li.firstChild.checked = state.mutedTypes.includes(type);
      if (li !== cursor) mutedList.insertBefore(li, cursor);
      else cursor = cursor.nextSibling;
    }
    while (cursor) { const next = cursor.nextSibling; cursor.remove(); cursor = next; }
    for (const [type, li] of muteEls) if (!types.has(type)) { muteEls.delete(type); li.remove(); }
    mutedEmpty.hidden = sorted.length > 0;
    prefsStatus.textContent = state.prefsError ? `Couldn’t save: ${state.prefsError}` : state.prefsSaving ? 'Saving…' : state.prefsSaved ? 'Saved' : '';
    prefsStatus.classList.toggle('is-error', !!state.prefsError);
    desktopInput.checked = state.desktop && desktopSupported() && Notification.permission === 'granted';
    desktopInput.disabled = !desktopSupported();
    desktopNote.textContent = !desktopSupported() ? 'This browser doesn’t support desktop notifications.' : state.desktopNote;
    desktopNote.hidden = !desktopNote.textContent;
    soundInput.checked = state.sound;
    soundInput.disabled = !audioSupported();
  }

  function setView(view) {
    state.view = view;
    const settings = view === 'settings';
    settingsView.hidden = !settings;
    listView.hidden = settings;
    backBtn.hidden = !settings;
    markAllBtn.hidden = settings;
    settingsBtn.hidden = settings;
    titleEl.textContent = settings ? 'Settings' : 'Notifications';
    if (settings) {
      renderSettings();
      backBtn.focus();
    } else {
      settingsBtn.focus();
      queueMicrotask(maybeLoadMore);
    }
  }

  /* ---------- data ---------- */

  function sortItems() {
    state.items.sort((a, b) => compareIds(b.id, a.id));
  }

  function addItems(items) {
    for (const raw of items) {
      if (!raw || typeof raw.id !== 'string' || state.byId.has(raw.id)) continue;
      const item = normalize(raw);
      state.byId.set(item.id, item);
      state.items.push(item);
      if (item.type) state.seenTypes.add(item.type);
    }
    sortItems();
  }

  async function loadFirst() {
    const gen = ++state.gen;
    const changes = state.liveChanges;
    state.loading = true;
    state.loadError = null;
    state.moreError = null;
    renderListState();
    try {
      const page = await herald.api.list({ limit: opts.pageSize });
      if (gen !== state.gen) return;
      // Keep live items that arrived while the page was on its way; drop the rest (a reset means we may be stale).
      const live = state.items.filter((i) => i.liveGen === gen);
      state.items = [];
      state.byId.clear();
      addItems(page?.items || []);
      addItems(live);
      state.nextBefore = typeof page?.nextBefore === 'string' && page.nextBefore ? page.nextBefore : null;
      if (Number.isFinite(page?.unreadCount)) applyCount(page.unreadCount, page.items?.[0]?.id ?? null);
      if (state.liveChanges !== changes) refreshCount(); // a sync event may be newer than the page's count
      state.loading = false;
      renderList();
      if (state.view === 'settings') renderSettings();
    } catch (e) {
      if (gen !== state.gen) return;
      state.loading = false;
      state.loadError = errorMessage(e);
      renderListState();
    }
  }

  async function loadMore() {
    if (state.loading || state.loadingMore || typeof state.nextBefore !== 'string') return;
    const gen = state.gen;
    state.loadingMore = true;
    state.moreError = null;
    renderListState();
    try {
      const page = await herald.api.list({ before: state.nextBefore, limit: opts.pageSize });
      if (gen !== state.gen) return;
      addItems(page?.items || []);
      state.nextBefore = typeof page?.nextBefore === 'string' && page.nextBefore ? page.nextBefore : null;
      // Its count is not taken: it does not say which live notifications it covers (see applyCount).
      state.loadingMore = false;
      renderList();
    } catch (e) {
      if (gen !== state.gen) return;
      state.loadingMore = false;
      state.moreError = errorMessage(e);
      renderListState();
    }
  }

  function maybeLoadMore() {
    if (!state.open || state.view !== 'list' || sentinel.hidden || state.moreError) return;
    const box = body.getBoundingClientRect();
    const s = sentinel.getBoundingClientRect();
    if (s.top - box.bottom < 160) loadMore();
  }

  async function refreshCount() {
    // The newest notification comes with the count, so live notifications are never counted twice
    // (a count taken after a replayed one was stored) nor lost (one that arrived while the count
    // was on its way). A sync event during the request may be newer than the count: ask again.
    for (let tries = 0; tries < 3; tries++) {
      const changes = state.liveChanges;
      try {
        const page = await herald.api.list({ limit: 1 });
        if (state.liveChanges !== changes) continue;
        if (Number.isFinite(page?.unreadCount)) applyCount(page.unreadCount, page.items?.[0]?.id ?? null);
        return;
      } catch { return; /* the badge keeps its value; the next sync event corrects it */ }
    }
  }

  /** The hub's unread count as of its newest notification `through`, plus what arrived after it. */
  function applyCount(count, through) {
    state.countThrough = through;
    setUnread(count + state.items.filter((i) => !i.read && isNewer(i.id, through)).length);
  }

  async function loadPreferences() {
    try {
      const p = await herald.api.getPreferences();
      const muted = Array.isArray(p) ? p : p?.mutedTypes;
      if (Array.isArray(muted)) state.mutedTypes = muted.filter((t) => typeof t === 'string');
      if (state.view === 'settings') renderSettings();
    } catch { /* settings show what we know */ }
  }

  async function markRead(id) {
    const item = state.byId.get(id);
    if (item && item.read) return;
    if (item) {
      item.read = true;
      item.readAt = new Date().toISOString();
      updateItem(item);
    }
    setUnread(state.unread - 1);
    toaster.dismiss(id);
    try {
      await herald.api.markRead(id);
    } catch (e) {
      if (isNotFound(e)) { dropItem(id); return; }
      if (item) { item.read = false; item.readAt = null; updateItem(item); }
      setUnread(state.unread + 1);
      announce(`Couldn’t mark as read: ${errorMessage(e)}`);
    }
  }

  async function markAllRead() {
    const before = state.items.filter((i) => !i.read);
    const prevCount = state.unread;
    for (const i of before) { i.read = true; i.readAt = new Date().toISOString(); updateItem(i); }
    setUnread(0);
    renderListState();
    toaster.dismissAll();
    try {
      await herald.api.markAllRead();
      announce('All notifications marked as read');
    } catch (e) {
      for (const i of before) { i.read = false; i.readAt = null; updateItem(i); }
      setUnread(prevCount);
      renderListState();
      announce(`Couldn’t mark all as read: ${errorMessage(e)}`);
    }
  }

  async function remove(id) {
    const item = state.byId.get(id);
    if (!item) return;
    const el = itemEls.get(id);
    const focusNext = el && el.contains(document.activeElement);
    const index = state.items.indexOf(item);
    dropItem(id, true);
    if (focusNext) {
      const next = state.items[index] || state.items[index - 1];
      const nextEl = next && itemEls.get(next.id);
      (nextEl ? nextEl.querySelector('.hnc-item-main') : panel).focus();
    }
    toaster.dismiss(id);
    try {
      await herald.api.remove(id);
      announce('Notification deleted');
    } catch (e) {
      if (isNotFound(e)) return; // already gone
      addItems([item]);
      if (!item.read) setUnread(state.unread + 1);
      renderList();
      announce(`Couldn’t delete: ${errorMessage(e)}`);
    }
  }

  function dropItem(id, adjustCount = false) {
    const item = state.byId.get(id);
    if (!item) return;
    state.byId.delete(id);
    state.items = state.items.filter((i) => i.id !== id);
    if (adjustCount && !item.read) setUnread(state.unread - 1);
    const el = itemEls.get(id);
    itemEls.delete(id);
    if (el) {
      if (reducedMotion() || !state.open) el.remove();
      else {
        el.classList.add('is-leaving');
        setTimeout(() => el.remove(), 200);
      }
    }
    renderListState();
    queueMicrotask(maybeLoadMore);
  }

  function toggleMute(type, muted) {
    const prev = state.mutedTypes;
    state.mutedTypes = muted ? [...new Set([...prev, type])] : prev.filter((t) => t !== type);
    state.prefsSaving++;
    state.prefsError = null;
    state.prefsSaved = false;
    renderSettings();
    // Saves go one after the other, each sending the whole list as it stands then (PUT replaces the list).
    state.prefsQueue = state.prefsQueue.then(async () => {
      try {
        const r = await herald.api.setPreferences({ mutedTypes: state.mutedTypes });
        const stored = Array.isArray(r) ? r : r?.mutedTypes;
        if (Array.isArray(stored) && state.prefsSaving === 1) state.mutedTypes = stored.filter((t) => typeof t === 'string');
        state.prefsSaved = true;
      } catch (e) {
        state.mutedTypes = muted ? state.mutedTypes.filter((t) => t !== type) : [...new Set([...state.mutedTypes, type])];
        state.prefsError = errorMessage(e);
      }
      state.prefsSaving--;
      renderSettings();
    });
  }

  /* ---------- live events ---------- */

  function onNotification(data) {
    if (!data || typeof data.id !== 'string') return;
    if (state.byId.has(data.id)) return; // replayed after a reconnect, or already on a page
    const item = normalize({ ...data, read: false, readAt: null });
    item.liveGen = state.gen;
    state.byId.set(item.id, item);
    state.items.push(item);
    if (item.type) state.seenTypes.add(item.type);
    sortItems();
    if (isNewer(item.id, state.countThrough)) setUnread(state.unread + 1); // else a replay the count has
    renderList();
    const el = itemEls.get(item.id);
    if (el && state.open && !reducedMotion()) {
      el.classList.add('is-new');
      setTimeout(() => el.classList.remove('is-new'), 1200);
    }
    if (state.view === 'settings') renderSettings();
    // With the panel open on screen the new item is right there in the list: no toast on top of it.
    if (state.open && document.visibilityState === 'visible') announce(`New notification: ${item.title}`);
    else if (opts.toasts.enabled) toaster.show(item, { onActivate: () => activate(item.id, item) });
    alertOnce(item);
  }

  function onRead(data) {
    if (!data) return;
    state.liveChanges++;
    if (data.all) {
      for (const i of state.items) if (!i.read) { i.read = true; i.readAt = data.readAt || i.readAt; updateItem(i); }
      toaster.dismissAll();
    } else if (typeof data.notificationId === 'string') {
      const i = state.byId.get(data.notificationId);
      if (i && !i.read) { i.read = true; i.readAt = data.readAt || null; updateItem(i); }
      toaster.dismiss(data.notificationId);
    }
    if (Number.isFinite(data.unreadCount)) setUnread(data.unreadCount);
    renderListState();
  }

  function onDeleted(data) {
    if (!data) return;
    state.liveChanges++;
    if (typeof data.notificationId === 'string') {
      dropItem(data.notificationId);
      toaster.dismiss(data.notificationId);
    }
    if (Number.isFinite(data.unreadCount)) setUnread(data.unreadCount);
  }

  function onPreferences(data) {
    if (!data) return;
    state.liveChanges++;
    if (Array.isArray(data.mutedTypes)) state.mutedTypes = data.mutedTypes.filter((t) => typeof t === 'string');
    if (Number.isFinite(data.unreadCount)) setUnread(data.unreadCount);
    if (state.view === 'settings' && state.prefsSaving === 0) renderSettings();
  }

  function onConnected() {
    // A reconnect that resumed by Last-Event-ID gets a replay; the count is cheap to re-check anyway.
    if (state.connectedOnce) refreshCount();
    state.connectedOnce = true;
  }

  function onReset(data) {
    if (data?.reason === 'user_changed') {
      // Another user signed in in this tab: nothing of the previous user's stays on screen.
      toaster.dismissAll();
      state.items = [];
      state.byId.clear();
      state.seenTypes.clear();
      state.nextBefore = undefined;
      state.countThrough = null;
      state.mutedTypes = [];
      setUnread(0);
      renderList();
      loadPreferences();
    }
    loadFirst();
    refreshCount();
  }

  /* ---------- actions on a notification ---------- */

  function activate(id, fallback) {
    const item = state.byId.get(id) || fallback;
    if (!item) return;
    const url = safeUrl(item.actionUrl);
    const wasUnread = !item.read;
    const pending = wasUnread ? markRead(id) : Promise.resolve();
    if (!url) return;
    if (opts.onAction) { safeCall(opts.onAction, url.href, item); return; }
    if (linkTarget(url) === '_blank') {
      window.open(url.href, '_blank', 'noopener,noreferrer');
    } else {
      // Give the read request a moment to leave before the page unloads.
      Promise.race([pending, sleep(700)]).then(() => window.location.assign(url.href));
    }
  }

  function linkTarget(url) {
    if (opts.actionTarget !== 'auto') return opts.actionTarget;
    return url.origin === window.location.origin ? '_self' : '_blank';
  }

  /* ---------- desktop notifications and sound ---------- */

  function alertOnce(item) {
    const wantsDesktop = state.desktop && desktopSupported() && Notification.permission === 'granted';
    const wantsSound = state.sound && item.priority !== 'low';
    if (!wantsDesktop && !wantsSound) return;
    // Every tab of this user sees every event (they share one connection). Only one tab alerts: a visible
    // tab claims the notification at once; hidden tabs wait a little so that a visible tab wins.
    const go = () => {
      if (!claim(`${herald.userId ?? ''} ${item.id}`)) return; // a broadcast has one id for every user
      if (document.visibilityState === 'hidden' && wantsDesktop) showDesktop(item);
      if (wantsSound) beep(item.priority);
    };
    if (document.visibilityState === 'visible') go();
    else setTimeout(go, HIDDEN_TAB_ALERT_DELAY_MS);
  }

  function showDesktop(item) {
    try {
      const n = new Notification(item.title || 'Notification', {
        body: item.body || '',
        tag: `herald-${item.id}`,
        requireInteraction: item.priority === 'urgent',
        silent: true,
      });
      n.onclick = () => {
        window.focus();
        n.close();
        activate(item.id, item);
      };
    } catch { /* some browsers only allow notifications from a service worker */ }
  }

  async function onDesktopToggle() {
    if (!desktopSupported()) return;
    if (!desktopInput.checked) {
      state.desktop = false;
      state.desktopNote = '';
      writeFlag('desktop', false);
      renderSettings();
      return;
    }
    let permission = Notification.permission;
    if (permission === 'default') {
      try {
        permission = await Notification.requestPermission();
      } catch {
        permission = Notification.permission;
      }
    }
    state.desktop = permission === 'granted';
    state.desktopNote = permission === 'denied'
      ? 'Notifications are blocked for this site. Allow them in your browser’s site settings, then try again.'
      : permission === 'granted' ? '' : 'Permission wasn’t granted.';
    writeFlag('desktop', state.desktop);
    renderSettings();
  }

  function onSoundToggle() {
    state.sound = soundInput.checked;
    writeFlag('sound', state.sound);
    if (state.sound) {
      unlockAudio();
      beep('normal');
    }
    renderSettings();
  }

  /* ---------- open / close ---------- */

  function placePanel() {
    const home = sheetQuery.matches ? layer : root;
    // As a sheet over a dimmed page the panel is modal: say so, and keep Tab inside it.
    panel.setAttribute('aria-modal', sheetQuery.matches ? 'true' : 'false');
    if (panel.parentNode === home) return;
    const hadFocus = panel.contains(document.activeElement);
    home.append(backdrop, panel);
    if (hadFocus) panel.focus({ preventScroll: true });
  }

  function open() {
    if (state.open) return;
    state.open = true;
    placePanel();
    toaster.dismissAll(); // everything they showed is in the list now
    panel.hidden = false;
    backdrop.hidden = false;
    bell.setAttribute('aria-expanded', 'true');
    root.classList.add('is-open');
    document.documentElement.classList.add('hnc-open');
    requestAnimationFrame(() => panel.classList.add('is-visible'));
    if (state.nextBefore === undefined && !state.loading) loadFirst();
    refreshTimes();
    panel.focus({ preventScroll: true });
    queueMicrotask(maybeLoadMore);
  }

  function close({ restoreFocus = true } = {}) {
    if (!state.open) return;
    state.open = false;
    const hadFocus = panel.contains(document.activeElement);
    panel.classList.remove('is-visible');
    panel.hidden = true;
    backdrop.hidden = true;
    bell.setAttribute('aria-expanded', 'false');
    root.classList.remove('is-open');
    document.documentElement.classList.remove('hnc-open');
    if (state.view !== 'list') {
      state.view = 'list';
      settingsView.hidden = true;
      listView.hidden = false;
      backBtn.hidden = true;
      markAllBtn.hidden = false;
      settingsBtn.hidden = false;
      titleEl.textContent = 'Notifications';
    }
    if (restoreFocus && (hadFocus || document.activeElement === document.body)) bell.focus();
  }

  function toggle() {
    state.open ? close() : open();
  }

  /* ---------- events ---------- */

  function listen(target, type, fn, o) {
    target.addEventListener(type, fn, o);
    cleanups.push(() => target.removeEventListener(type, fn, o));
  }

  listen(bell, 'click', toggle);
  listen(closeBtn, 'click', () => close());
  listen(backdrop, 'click', () => close());
  listen(markAllBtn, 'click', markAllRead);
  listen(settingsBtn, 'click', () => setView('settings'));
  listen(backBtn, 'click', () => setView('list'));
  listen(retryBtn, 'click', () => { safeCall(() => herald.reconnect()); });
  listen(errorRetry, 'click', loadFirst);
  listen(moreRetry, 'click', () => { state.moreError = null; loadMore(); });
  listen(desktopInput, 'change', onDesktopToggle);
  listen(soundInput, 'change', onSoundToggle);
  listen(body, 'scroll', maybeLoadMore, { passive: true });
  listen(document, 'keydown', (ev) => {
    if (ev.key === 'Escape' && state.open) {
      ev.preventDefault();
      close();
    }
  });
  listen(document, 'pointerdown', (ev) => {
    if (state.open && !inside(ev.target) && !toaster.contains(ev.target)) close({ restoreFocus: false });
  });
  const onFocusOut = (ev) => {
    const to = ev.relatedTarget;
    if (state.open && to && !inside(to) && !toaster.contains(to)) close({ restoreFocus: false });
  };
  listen(root, 'focusout', onFocusOut);
  listen(layer, 'focusout', onFocusOut);
  listen(sheetQuery, 'change', () => { if (state.open) placePanel(); });
  listen(panel, 'keydown', (ev) => {
    if (ev.key !== 'Tab' || !sheetQuery.matches) return;
    const focusables = [...panel.querySelectorAll('button, a[href], input, select, textarea, [tabindex]:not([tabindex="-1"])')]
      .filter((n) => !n.disabled && n.getClientRects().length > 0);
    if (!focusables.length) return;
    const first = focusables[0];
    const last = focusables[focusables.length - 1];
    if (ev.shiftKey && (document.activeElement === first || document.activeElement === panel)) { ev.preventDefault(); last.focus(); }
    else if (!ev.shiftKey && document.activeElement === last) { ev.preventDefault(); first.focus(); }
  });
  listen(list, 'keydown', (ev) => {
    if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp' && ev.key !== 'Home' && ev.key !== 'End') return;
    const mains = [...list.querySelectorAll('.hnc-item-main')];
    if (!mains.length) return;
    const cur = mains.findIndex((m) => m.closest('li').contains(document.activeElement));
    let next = ev.key === 'Home' ? 0 : ev.key === 'End' ? mains.length - 1 : cur + (ev.key === 'ArrowDown' ? 1 : -1);
    next = Math.max(0, Math.min(mains.length - 1, next));
    ev.preventDefault();
    mains[next].focus();
    mains[next].scrollIntoView({ block: 'nearest' });
  });
  listen(window, 'resize', () => { if (state.open) maybeLoadMore(); }, { passive: true });

  const timer = setInterval(refreshTimes, 30000);
  cleanups.push(() => clearInterval(timer));

  const offs = [
    herald.onNotification((data) => onNotification(data)),
    herald.on('notification.read', onRead),
    herald.on('notification.deleted', onDeleted),
    herald.on('preferences.updated', onPreferences),
    herald.on('reset', onReset),
    herald.on('connected', onConnected),
    herald.onStatus((status, detail) => {
      state.status = status;
      state.statusDetail = detail ?? null;
      renderStatus();
    }),
  ];
  cleanups.push(() => offs.forEach((off) => typeof off === 'function' && safeCall(off)));

  /* ---------- start ---------- */

  renderStatus();
  setUnread(0);
  renderListState();
  loadFirst();
  loadPreferences();

  function announce(text) {
    announcer.textContent = '';
    setTimeout(() => { announcer.textContent = text; }, 30);
  }

  return {
    open,
    close: () => close(),
    toggle,
    refresh: () => { loadFirst(); loadPreferences(); },
    destroy() {
      close({ restoreFocus: false });
      cleanups.forEach((fn) => fn());
      toaster.destroy();
      root.append(backdrop, panel);
      root.remove();
      layer.remove();
    },
    get unreadCount() { return state.unread; },
    get items() { return state.items.map((i) => ({ ...i })); },
  };
}

/* ====================================================================== */
/* Toasts                                                                  */
/* ====================================================================== */

function createToaster({ position, autoDismissMs, max }) {
  const container = h('section', { class: `hnc-toasts hnc-toasts-${position}`, 'aria-label': 'New notifications' });
  document.body.append(container);
  const toasts = []; // { id, el, timer, remaining, startedAt, paused, item }

  function show(item, { onActivate }) {
    dismiss(item.id, true);
    const prio = PRIORITIES.includes(item.priority) ? item.priority : 'normal';
    const strong = prio === 'high' || prio === 'urgent';
    const el = h('div', {
      class: `hnc-toast hnc-p-${prio}`,
      role: strong ? 'alert' : 'status',
      'aria-live': strong ? 'assertive' : 'polite',
      'aria-atomic': 'true',
    });
    const url = safeUrl(item.actionUrl);
    const time = h('time', { class: 'hnc-time', datetime: item.createdAt || '' }, relativeTime(item.createdAt));
    const meta = h('span', { class: 'hnc-toast-meta' });
    if (strong) meta.append(h('span', { class: `hnc-prio hnc-prio-${prio}` }, prio === 'urgent' ? 'Urgent' : 'High'));
    if (item.type) meta.append(h('span', { class: 'hnc-type' }, item.type));
    meta.append(time);
    const main = h('button', { type: 'button', class: 'hnc-toast-main' },
      h('span', { class: 'hnc-toast-icon', 'aria-hidden': 'true' }, icon(strong ? 'alert' : 'bell')),
      h('span', { class: 'hnc-toast-text' },
        h('span', { class: 'hnc-toast-title' }, item.title || '(untitled)'),
        item.body ? h('span', { class: 'hnc-toast-body' }, item.body) : null,
        meta,
        h('span', { class: 'sr-only hnc-sr' }, url ? ', press to open' : ', press to mark as read')));
    const closeBtn = h('button', { type: 'button', class: 'hnc-toast-close', 'aria-label': 'Dismiss notification', title: 'Dismiss' }, icon('x'));
    const progress = h('span', { class: 'hnc-toast-progress', 'aria-hidden': 'true' });
    el.append(main, closeBtn);
    if (autoDismissMs > 0) {
      progress.style.animationDuration = `${autoDismissMs}ms`;
      el.append(progress);
    }
    const t = { id: item.id, el, timer: null, remaining: autoDismissMs, startedAt: 0, paused: false, hover: false, focus: false, item };
    toasts.push(t);
    container.append(el);
    requestAnimationFrame(() => el.classList.add('is-in'));

    main.addEventListener('click', () => {
      onActivate();
      dismiss(item.id);
    });
    closeBtn.addEventListener('click', () => dismiss(item.id));
    el.addEventListener('mouseenter', () => { t.hover = true; pause(t); });
    el.addEventListener('mouseleave', () => { t.hover = false; if (!t.focus) resume(t); });
    el.addEventListener('focusin', () => { t.focus = true; pause(t); });
    el.addEventListener('focusout', (ev) => { if (!el.contains(ev.relatedTarget)) { t.focus = false; if (!t.hover) resume(t); } });
    el.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') { ev.stopPropagation(); dismiss(item.id); } });

    resume(t);
    while (toasts.length > max) dismiss(toasts[0].id);
  }

  function pause(t) {
    if (t.paused || autoDismissMs <= 0) return;
    t.paused = true;
    clearTimeout(t.timer);
    t.remaining -= Date.now() - t.startedAt;
    t.el.classList.add('is-paused');
  }

  function resume(t) {
    if (autoDismissMs <= 0) return;
    t.paused = false;
    t.el.classList.remove('is-paused');
    t.startedAt = Date.now();
    clearTimeout(t.timer);
    t.timer = setTimeout(() => dismiss(t.id), Math.max(0, t.remaining));
  }

  function dismiss(id, instant = false) {
    const i = toasts.findIndex((t) => t.id === id);
    if (i < 0) return;
    const [t] = toasts.splice(i, 1);
    clearTimeout(t.timer);
    const hadFocus = t.el.contains(document.activeElement);
    if (instant || reducedMotion()) t.el.remove();
    else {
      t.el.classList.remove('is-in');
      t.el.classList.add('is-leaving');
      setTimeout(() => t.el.remove(), 220);
    }
    if (hadFocus) {
      const next = toasts[toasts.length - 1];
      if (next) next.el.querySelector('.hnc-toast-main').focus();
    }
  }

  return {
    show,
    dismiss,
    dismissAll() { [...toasts].forEach((t) => dismiss(t.id)); },
    contains: (node) => container.contains(node),
    refreshTimes() {
      for (const t of toasts) {
        const time = t.el.querySelector('time');
        if (time) time.textContent = relativeTime(t.item.createdAt);
      }
    },
    destroy() {
      toasts.forEach((t) => clearTimeout(t.timer));
      toasts.length = 0;
      container.remove();
    },
  };
}

/* ====================================================================== */
/* helpers                                                                 */
/* ====================================================================== */

/** Creates an element. Children are nodes or strings (strings become text nodes: never parsed as HTML). */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'hidden') el.hidden = !!v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return el;
}

const ICONS = {
  bell: ['M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9', 'M10.3 21a1.94 1.94 0 0 0 3.4 0'],
  check: ['M20 6 9 17l-5-5'],
  checks: ['M18 6 7 17l-5-5', 'm22 10-7.5 7.5L13 16'],
  trash: ['M3 6h18', 'M19 6v14a2 2 0 0 1-2 2H7a2 2 0 0 1-2-2V6', 'M8 6V4a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v2', 'M10 11v6', 'M14 11v6'],
  sliders: ['M4 21v-7', 'M4 10V3', 'M12 21v-9', 'M12 8V3', 'M20 21v-5', 'M20 12V3', 'M1 14h6', 'M9 8h6', 'M17 16h6'],
  x: ['M18 6 6 18', 'm6 6 12 12'],
  back: ['M19 12H5', 'm12 19-7-7 7-7'],
  inbox: ['M22 12h-6l-2 3h-4l-2-3H2', 'M5.45 5.11 2 12v6a2 2 0 0 0 2 2h16a2 2 0 0 0 2-2v-6l-3.45-6.89A2 2 0 0 0 16.76 4H7.24a2 2 0 0 0-1.79 1.11z'],
  external: ['M15 3h6v6', 'M10 14 21 3', 'M18 13v6a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2V8a2 2 0 0 1 2-2h6'],
  alert: ['M10.29 3.86 1.82 18a2 2 0 0 0 1.71 3h16.94a2 2 0 0 0 1.71-3L13.71 3.86a2 2 0 0 0-3.42 0z', 'M12 9v4', 'M12 17h.01'],
  refresh: ['M21 12a9 9 0 0 1-15.36 6.36L3 16', 'M3 12a9 9 0 0 1 15.36-6.36L21 8', 'M21 3v5h-5', 'M3 21v-5h5'],
};

function icon(name) {
  const NS = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(NS, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('fill', 'none');
  svg.setAttribute('stroke', 'currentColor');
  svg.setAttribute('stroke-width', '2');
  svg.setAttribute('stroke-linecap', 'round');
  svg.setAttribute('stroke-linejoin', 'round');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  svg.setAttribute('class', `hnc-icon hnc-icon-${name}`);
  for (const d of ICONS[name] || []) {
    const p = document.createElementNS(NS, 'path');
    p.setAttribute('d', d);
    svg.append(p);
  }
  return svg;
}

/**
 * The only URLs a notification may open: http(s) URLs and same-origin paths ("/x", not "//host").
 * Returns a URL object or null. javascript:, data:, and anything odd are refused.
 */
export function safeUrl(raw) {
  if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return null;
  if (/[\s\u0000-\u001f\u007f\\]/.test(raw)) return null;
  try {
    if (raw.startsWith('/') && !raw.startsWith('//')) {
      const u = new URL(raw, window.location.origin);
      return u.origin === window.location.origin ? u : null;
    }
    if (/^https?:\/\//i.test(raw)) {
      const u = new URL(raw);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
    }
  } catch { /* not a URL */ }
  return null;
}

function normalize(raw) {
  return {
    id: raw.id,
    type: typeof raw.type === 'string' ? raw.type : '',
    title: typeof raw.title === 'string' ? raw.title : String(raw.title ?? ''),
    body: typeof raw.body === 'string' ? raw.body : null,
    data: raw.data ?? null,
    actionUrl: typeof raw.actionUrl === 'string' ? raw.actionUrl : null,
    priority: PRIORITIES.includes(raw.priority) ? raw.priority : 'normal',
    createdAt: typeof raw.createdAt === 'string' ? raw.createdAt : null,
    read: raw.read === true,
    readAt: typeof raw.readAt === 'string' ? raw.readAt : null,
  };
}

/** Ids are "<epoch>-<seq>" with a decimal seq of up to 18 digits: compare the seq as a decimal string. */
function compareIds(a, b) {
  const sa = String(a).slice(String(a).lastIndexOf('-') + 1);
  const sb = String(b).slice(String(b).lastIndexOf('-') + 1);
  if (/^\d+$/.test(sa) && /^\d+$/.test(sb)) {
    const na = sa.replace(/^0+(?=\d)/, '');
    const nb = sb.replace(/^0+(?=\d)/, '');
    if (na.length !== nb.length) return na.length - nb.length;
    return na < nb ? -1 : na > nb ? 1 : 0;
  }
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}

const rtf = typeof Intl !== 'undefined' && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat('en', { numeric: 'auto' }) : null;

function relativeTime(iso) {
  const t = Date.parse(iso);
  if (!Number.isFinite(t)) return '';
  const s = Math.round((Date.now() - t) / 1000);
  if (s < 45) return 'just now';
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min ago`;
  const hrs = Math.round(m / 60);
  if (hrs < 24) return `${hrs} h ago`;
  const d = Math.round(hrs / 24);
  if (d < 7) return rtf ? rtf.format(-d, 'day') : `${d} d ago`;
  return new Date(t).toLocaleDateString(undefined, { day: 'numeric', month: 'short', year: d > 300 ? 'numeric' : undefined });
}

function absoluteTime(iso) {
  const t = Date.parse(iso);
  return Number.isFinite(t) ? new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

function errorMessage(e) {
  if (!e) return 'Something went wrong.';
  const msg = e.error?.message || e.body?.error?.message || e.message || (typeof e === 'string' ? e : '');
  return msg ? String(msg) : 'Something went wrong.';
}

function isNotFound(e) {
  return !!e && (e.status === 404 || e.code === 'not_found' || e.error?.code === 'not_found' || e.body?.error?.code === 'not_found');
}

function clampInt(v, min, max, dflt) {
  const n = Number(v);
  return Number.isInteger(n) && n >= min && n <= max ? n : dflt;
}

function safeCall(fn, ...args) {
  try { return fn(...args); } catch (e) { console.error(e); return undefined; }
}

function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

function reducedMotion() {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

function readFlag(name, dflt) {
  try {
    const v = localStorage.getItem(STORAGE_PREFIX + name);
    return v === null ? dflt : v === '1';
  } catch { return dflt; }
}

function writeFlag(name, on) {
  try { localStorage.setItem(STORAGE_PREFIX + name, on ? '1' : '0'); } catch { /* storage unavailable */ }
}

/** Whether item id `a` comes after `b` (ids are `<epoch>-<seq>`; see compareIds in herald.js). */
function isNewer(a, b) {
  if (b === null || b === undefined) return true;
  const x = /^(.*)-0*(\d+)$/.exec(a);
  const y = /^(.*)-0*(\d+)$/.exec(b);
  if (!x || !y || x[1] !== y[1]) return true; // another database: nothing of it was counted
  return x[2].length !== y[2].length ? x[2].length > y[2].length : x[2] > y[2];
}

/** Cross-tab "first one wins" for an id, so that only one tab beeps or shows a desktop notification. */
function claim(id) {
  try {
    const seen = JSON.parse(localStorage.getItem(ALERT_CLAIM_KEY) || '[]');
    if (Array.isArray(seen) && seen.includes(id)) return false;
    const next = [...(Array.isArray(seen) ? seen : []), id].slice(-50);
    localStorage.setItem(ALERT_CLAIM_KEY, JSON.stringify(next));
    return true;
  } catch { return true; }
}

function desktopSupported() { return typeof window.Notification === 'function'; }
function audioSupported() { return !!(window.AudioContext || window.webkitAudioContext); }

let audioCtx = null;
function unlockAudio() {
  if (!audioSupported()) return null;
  if (!audioCtx) audioCtx = new (window.AudioContext || window.webkitAudioContext)();
  if (audioCtx.state === 'suspended') audioCtx.resume().catch(() => {});
  return audioCtx;
}

/** A short two-note chime made with WebAudio (no audio file). Urgent plays it twice. */
function beep(priority) {
  const ctx = unlockAudio();
  if (!ctx) return;
  const notes = priority === 'urgent' ? [[880, 0], [1320, 0.09], [880, 0.22], [1320, 0.31]] : [[880, 0], [1320, 0.09]];
  const t0 = ctx.currentTime + 0.01;
  for (const [freq, at] of notes) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.setValueAtTime(freq, t0 + at);
    gain.gain.setValueAtTime(0.0001, t0 + at);
    gain.gain.exponentialRampToValueAtTime(0.12, t0 + at + 0.012);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + at + 0.16);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t0 + at);
    osc.stop(t0 + at + 0.18);
  }
}

function injectStylesheet(option) {
  if (option === false) return;
  let href;
  try {
    href = typeof option === 'string' ? new URL(option, document.baseURI).href : new URL('./notification-center.css', import.meta.url).href;
  } catch { return; }
  const present = [...document.querySelectorAll('link[rel="stylesheet"]')].some((l) => l.href === href);
  if (present) return;
  document.head.append(h('link', { rel: 'stylesheet', href }));
}
