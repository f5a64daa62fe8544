// The tabs over the list: All, one per category (with its unread count from the hub), and the
// archive. A WAI-ARIA tablist: arrow keys, Home and End move and select; one tab is in the Tab order.
import { h } from './herald-center-dom.js';

export function createTabs({ uid, i18n, panelId, onSelect, categoryLabel }) {
  const { t } = i18n;
  const el = h('div', { class: 'hnc-tabs', role: 'tablist', 'aria-label': t('tabsLabel') });
  const tabs = new Map(); // key → button; keys: '*' (all), 'c:<name>', '@archive'
  let selected = '*';

  const keyOf = (view) => (view.archived ? '@archive' : view.category === null ? '*' : `c:${view.category}`);
  const viewOf = (key) => (key === '@archive' ? { archived: true } : key === '*' ? {} : { category: key.slice(2) });

  function tab(key, label) {
    let b = tabs.get(key);
    if (!b) {
      b = h('button', { type: 'button', role: 'tab', class: 'hnc-tab', id: `${uid}-tab-${tabs.size}`, 'aria-controls': panelId, 'data-key': key },
        h('span', { class: 'hnc-tab-label' }), h('span', { class: 'hnc-tab-count', hidden: true }));
      b.addEventListener('click', () => select(key, true));
      tabs.set(key, b);
    }
    b.querySelector('.hnc-tab-label').textContent = label;
    return b;
  }

  function setCount(b, n) {
    const count = b.querySelector('.hnc-tab-count');
    count.hidden = !(n > 0);
    count.textContent = n > 99 ? '99+' : i18n.number(n || 0);
    if (n > 0) count.setAttribute('aria-label', t('tabCount', { count: n })); else count.removeAttribute('aria-label');
  }

  /** Renders the tabs for `categories` (names) and `counts` (the hub's). */
  function render(categories, counts) {
    const names = [...categories].sort((a, b) => categoryLabel(a).localeCompare(categoryLabel(b)));
    const order = [tab('*', t('tabAll')), ...names.map((n) => tab(`c:${n}`, categoryLabel(n))), tab('@archive', t('tabArchive'))];
    setCount(order[0], counts.unread);
    names.forEach((n, i) => setCount(order[i + 1], counts.categories?.[n]?.unread ?? 0));
    setCount(order[order.length - 1], 0);
    let cursor = el.firstChild;
    for (const b of order) {
      if (b !== cursor) el.insertBefore(b, cursor); else cursor = cursor.nextSibling;
    }
    while (cursor) { const next = cursor.nextSibling; cursor.remove(); cursor = next; }
    if (!order.some((b) => b.dataset.key === selected)) selected = '*';
    mark();
    el.hidden = false;
  }

  function mark() {
    for (const [key, b] of tabs) {
      const on = key === selected;
      b.setAttribute('aria-selected', on ? 'true' : 'false');
      b.tabIndex = on ? 0 : -1;
      b.classList.toggle('is-selected', on);
    }
  }

  function select(key, focus) {
    selected = key;
    mark();
    if (focus) tabs.get(key)?.focus();
    onSelect(viewOf(key));
  }

  el.addEventListener('keydown', (ev) => {
    const list = [...el.querySelectorAll('[role="tab"]')];
    const i = list.indexOf(document.activeElement);
    if (i < 0) return;
    const rtl = i18n.dir === 'rtl';
    let next = null;
    if (ev.key === (rtl ? 'ArrowLeft' : 'ArrowRight')) next = (i + 1) % list.length;
    else if (ev.key === (rtl ? 'ArrowRight' : 'ArrowLeft')) next = (i - 1 + list.length) % list.length;
    else if (ev.key === 'Home') next = 0;
    else if (ev.key === 'End') next = list.length - 1;
    if (next === null) return;
    ev.preventDefault();
    select(list[next].dataset.key, true);
  });

  return {
    el,
    render,
    /** The id of the selected tab (the tabpanel is labelled by it). */
    get selectedId() { return tabs.get(selected)?.id ?? null; },
    syncTo(view) { selected = keyOf(view); mark(); },
  };
}
