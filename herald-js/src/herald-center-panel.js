// The panel: a dialog under the bell (a full-width sheet on small screens) with its header (title,
// "mark all read", "archive all read", settings, close), the connection line, the tabs and a body that
// shows the list or the settings. Escape closes it and gives focus back to the bell.
import { h, icon } from './herald-center-dom.js';

/**
 * parts: { uid, i18n, root, bell, tabs, list, settings, toaster, onOpen(), onClose(), onReconnect(),
 * onMarkAllRead(), onArchiveAllRead(), onViewChange(view) }
 */
export function createPanel(parts) {
  const { uid, i18n, root, bell, tabs, list, settings } = parts;
  const { t } = i18n;
  const titleEl = h('h2', { class: 'hnc-title', id: `${uid}-title` }, t('notifications'));
  const backBtn = h('button', { type: 'button', class: 'hnc-icon-btn hnc-back', 'aria-label': t('backToList'), hidden: true }, icon('back'));
  const markAllBtn = h('button', { type: 'button', class: 'hnc-text-btn hnc-mark-all' }, icon('checks'), h('span', {}, t('markAllRead')));
  const archiveAllBtn = h('button', { type: 'button', class: 'hnc-icon-btn hnc-archive-all', 'aria-label': t('archiveAllRead'), title: t('archiveAllRead') }, icon('archive'));
  const settingsBtn = h('button', { type: 'button', class: 'hnc-icon-btn hnc-settings-btn', 'aria-label': t('settingsLabel'), title: t('settings') }, icon('sliders'));
  const closeBtn = h('button', { type: 'button', class: 'hnc-icon-btn hnc-close', 'aria-label': t('close') }, icon('x'));

  const connDot = h('span', { class: 'hnc-dot' });
  const connText = h('span', { class: 'hnc-conn-text' });
  const retryBtn = h('button', { type: 'button', class: 'hnc-text-btn hnc-retry', hidden: true }, icon('refresh'), h('span', {}, t('retry')));
  const conn = h('div', { class: 'hnc-conn', role: 'status' }, connDot, connText, retryBtn);

  const body = h('div', { class: 'hnc-body' }, list.el, settings.el);
  const head = h('div', { class: 'hnc-head' },
    h('div', { class: 'hnc-head-title' }, backBtn, titleEl),
    h('div', { class: 'hnc-head-actions' }, markAllBtn, archiveAllBtn, settingsBtn, closeBtn));
  const el = h('div', {
    class: 'hnc-panel', id: `${uid}-panel`, role: 'dialog', 'aria-modal': 'false',
    'aria-labelledby': `${uid}-title`, tabindex: '-1', hidden: true, dir: i18n.dir, lang: i18n.locale,
  }, head, conn, tabs.el, body);
  const backdrop = h('div', { class: 'hnc-backdrop', hidden: true });
  root.append(bell.el, backdrop, el);
  // On small screens the panel is a full-width sheet (position: fixed). A fixed element inside an ancestor with a
  // transform, filter or backdrop-filter (a sticky, blurred header, say) would be trapped in that ancestor, so the
  // sheet lives in a layer directly under <body> while the screen is small.
  const layer = h('div', { class: 'hnc hnc-layer', dir: i18n.dir });
  document.body.append(layer);
  const sheetQuery = window.matchMedia('(max-width: 600px)');
  const inside = (node) => !!node && (root.contains(node) || layer.contains(node));
  let isOpen = false;
  let view = 'list';
  const cleanups = [];

  const STATUS = { connecting: 'statusConnecting', open: 'statusOpen', reconnecting: 'statusReconnecting', closed: 'statusOffline', 'circuit-open': 'statusOffline' };
  function renderStatus(s, detail) {
    connText.textContent = STATUS[s] ? t(STATUS[s]) : s;
    connDot.className = 'hnc-dot ' + (s === 'open' ? 'is-ok' : s === 'connecting' || s === 'reconnecting' ? 'is-wait' : 'is-off');
    conn.dataset.status = s;
    retryBtn.hidden = s !== 'circuit-open';
    const detailText = typeof detail === 'string' ? detail : detail?.message || detail?.reason || '';
    if (detailText) conn.title = String(detailText); else conn.removeAttribute('title');
    root.dataset.status = s;
  }

  /** markAll: whether there is anything to read; archiveAll: anything read to archive; archive: the archive is shown. */
  function renderActions({ canReadAll, canArchiveRead, archive }) {
    markAllBtn.disabled = !canReadAll;
    archiveAllBtn.disabled = !canArchiveRead;
    archiveAllBtn.hidden = view !== 'list' || archive;
  }

  function setView(next) {
    view = next;
    const inSettings = view === 'settings';
    settings.el.hidden = !inSettings;
    list.el.hidden = inSettings;
    tabs.el.hidden = inSettings;
    backBtn.hidden = !inSettings;
    markAllBtn.hidden = inSettings;
    archiveAllBtn.hidden = inSettings;
    settingsBtn.hidden = inSettings;
    titleEl.textContent = inSettings ? t('settings') : t('notifications');
    parts.onViewChange(view);
    if (inSettings) {
      settings.opened();
      backBtn.focus();
    } else {
      settingsBtn.focus();
      queueMicrotask(list.maybeLoadMore);
    }
  }

  function placePanel() {
    const home = sheetQuery.matches ? layer : root;
    // As a sheet over a dimmed page the panel is modal: say so, and keep Tab inside it.
    el.setAttribute('aria-modal', sheetQuery.matches ? 'true' : 'false');
    if (el.parentNode === home) return;
    const hadFocus = el.contains(document.activeElement);
    home.append(backdrop, el);
    if (hadFocus) el.focus({ preventScroll: true });
  }

  function open() {
    if (isOpen) return;
    isOpen = true;
    placePanel();
    el.hidden = false;
    backdrop.hidden = false;
    bell.setExpanded(true);
    root.classList.add('is-open');
    document.documentElement.classList.add('hnc-open');
    requestAnimationFrame(() => el.classList.add('is-visible'));
    el.focus({ preventScroll: true });
    parts.onOpen();
    queueMicrotask(list.maybeLoadMore);
  }

  function close({ restoreFocus = true } = {}) {
    if (!isOpen) return;
    isOpen = false;
    const hadFocus = el.contains(document.activeElement);
    el.classList.remove('is-visible');
    el.hidden = true;
    backdrop.hidden = true;
    bell.setExpanded(false);
    root.classList.remove('is-open');
    document.documentElement.classList.remove('hnc-open');
    if (view !== 'list') {
      view = 'list';
      settings.el.hidden = true;
      list.el.hidden = false;
      tabs.el.hidden = false;
      backBtn.hidden = true;
      markAllBtn.hidden = false;
      settingsBtn.hidden = false;
      titleEl.textContent = t('notifications');
      parts.onViewChange(view);
    }
    if (restoreFocus && (hadFocus || document.activeElement === document.body)) bell.el.focus();
    parts.onClose();
  }

  function listen(target, type, fn, o) {
    target.addEventListener(type, fn, o);
    cleanups.push(() => target.removeEventListener(type, fn, o));
  }

  listen(bell.el, 'click', () => (isOpen ? close() : open()));
  listen(closeBtn, 'click', () => close());
  listen(backdrop, 'click', () => close());
  listen(markAllBtn, 'click', parts.onMarkAllRead);
  listen(archiveAllBtn, 'click', parts.onArchiveAllRead);
  listen(settingsBtn, 'click', () => setView('settings'));
  listen(backBtn, 'click', () => setView('list'));
  listen(retryBtn, 'click', parts.onReconnect);
  listen(body, 'scroll', list.maybeLoadMore, { passive: true });
  listen(document, 'keydown', (ev) => {
    if (ev.key === 'Escape' && isOpen && !ev.defaultPrevented) {
      ev.preventDefault();
      close();
    }
  });
  listen(document, 'pointerdown', (ev) => {
    if (isOpen && !inside(ev.target) && !parts.toaster.contains(ev.target)) close({ restoreFocus: false });
  });
  const onFocusOut = (ev) => {
    const to = ev.relatedTarget;
    if (isOpen && to && !inside(to) && !parts.toaster.contains(to)) close({ restoreFocus: false });
  };
  listen(root, 'focusout', onFocusOut);
  listen(layer, 'focusout', onFocusOut);
  listen(sheetQuery, 'change', () => { if (isOpen) placePanel(); });
  listen(el, 'keydown', (ev) => {
    if (ev.key !== 'Tab' || !sheetQuery.matches) return;
    const focusables = [...el.querySelectorAll('button, a[href], input, select, textarea, [tabindex]:not([tabindex="-1"])')]
      .filter((n) => !n.disabled && n.getClientRects().length > 0);
    if (!focusables.length) return;
    const first = focusables[0];
    const last = focusables[focusables.length - 1];
    if (ev.shiftKey && (document.activeElement === first || document.activeElement === el)) { ev.preventDefault(); last.focus(); }
    else if (!ev.shiftKey && document.activeElement === last) { ev.preventDefault(); first.focus(); }
  });
  listen(window, 'resize', () => { if (isOpen) list.maybeLoadMore(); }, { passive: true });

  return {
    el,
    body,
    open,
    close,
    get isOpen() { return isOpen; },
    get view() { return view; },
    renderStatus,
    renderActions,
    destroy() {
      close({ restoreFocus: false });
      cleanups.forEach((fn) => fn());
      root.append(backdrop, el);
      layer.remove();
    },
  };
}
