// The list view: the items of the tab shown (keyed, so an element survives re-renders), the loading,
// empty and error states, paging as the list scrolls, and arrow-key movement between items.
import { h, icon } from './herald-center-dom.js';
import { reducedMotion } from './herald-center-util.js';
import { buildItem } from './herald-center-item.js';

/** ctx: { uid, i18n, store, itemContext, scroller() (the scrolling box), isOpen() }. */
export function createList({ uid, i18n, store, itemContext, scroller, isOpen }) {
  const { t } = i18n;
  const { state } = store;
  const views = new Map(); // id → item view
  let shownView = null; // the tab the list shows ("archived|category")
  const list = h('ul', { class: 'hnc-list', 'aria-labelledby': `${uid}-title` });
  const skeleton = h('div', { class: 'hnc-skeleton', 'aria-hidden': 'true' },
    ...[0, 1, 2, 3].map(() => h('div', { class: 'hnc-skel-row' },
      h('span', { class: 'hnc-skel-dot' }), h('span', { class: 'hnc-skel-lines' }, h('span', {}), h('span', {}), h('span', {})))));
  const loadingBox = h('div', { class: 'hnc-loading', hidden: true }, skeleton, h('p', { class: 'sr-only hnc-sr' }, t('loading')));
  const emptyTitle = h('p', { class: 'hnc-empty-title' });
  const emptyText = h('p', { class: 'hnc-empty-text' });
  const emptyBox = h('div', { class: 'hnc-empty', hidden: true }, h('span', { class: 'hnc-empty-icon' }, icon('inbox')), emptyTitle, emptyText);
  const errorText = h('p', { class: 'hnc-error-text' });
  const errorRetry = h('button', { type: 'button', class: 'hnc-text-btn' }, icon('refresh'), h('span', {}, t('tryAgain')));
  const errorBox = h('div', { class: 'hnc-error', role: 'alert', hidden: true }, errorText, errorRetry);
  const moreText = h('span', {});
  const moreRetry = h('button', { type: 'button', class: 'hnc-text-btn', hidden: true }, t('tryAgain'));
  const sentinel = h('div', { class: 'hnc-more', hidden: true }, h('span', { class: 'hnc-spinner', 'aria-hidden': 'true' }), moreText, moreRetry);
  const endMark = h('p', { class: 'hnc-end', hidden: true }, t('end'));
  const el = h('div', { class: 'hnc-list-view', role: 'tabpanel', id: `${uid}-tabpanel` }, loadingBox, errorBox, emptyBox, list, sentinel, endMark);

  errorRetry.addEventListener('click', () => store.loadFirst());
  moreRetry.addEventListener('click', () => { state.moreError = null; store.loadMore(); });

  function renderState() {
    const firstLoad = state.nextBefore === undefined;
    loadingBox.hidden = !(state.loading && state.items.length === 0);
    list.setAttribute('aria-busy', state.loading || state.loadingMore ? 'true' : 'false');
    errorBox.hidden = !(state.loadError && state.items.length === 0);
    if (state.loadError) errorText.textContent = t('loadError', { error: state.loadError });
    emptyBox.hidden = !(!state.loading && !state.loadError && !firstLoad && state.items.length === 0);
    emptyTitle.textContent = state.view.archived ? t('archiveEmptyTitle') : t('emptyTitle');
    emptyText.textContent = state.view.archived ? t('archiveEmptyText') : t('emptyText');
    const hasMore = typeof state.nextBefore === 'string' && state.items.length > 0;
    sentinel.hidden = !hasMore;
    sentinel.classList.toggle('is-error', !!state.moreError);
    moreText.textContent = state.moreError ? t('moreError', { error: state.moreError }) : t('loadingMore');
    moreRetry.hidden = !state.moreError;
    endMark.hidden = !(state.nextBefore === null && state.items.length > 4);
  }

  function render() {
    // The focused item may be leaving (deleted, archived, read elsewhere in the unread view): focus its neighbour then.
    const focusedLi = document.activeElement?.closest?.('.hnc-item');
    const focusedId = focusedLi && list.contains(focusedLi) ? focusedLi.dataset.id : null;
    const focusedIndex = focusedId ? [...list.children].filter((c) => !c.classList.contains('is-leaving')).indexOf(focusedLi) : -1;
    // Another tab (or a reset) replaces the list at once; only an item leaving the list shown slides out.
    const viewKey = `${state.view.archived}|${state.view.category}`;
    const sameView = viewKey === shownView && state.nextBefore !== undefined;
    shownView = viewKey;
    let cursor = list.firstChild;
    for (const item of state.items) {
      let view = views.get(item.id);
      if (!view) {
        view = buildItem(item, itemContext);
        views.set(item.id, view);
      } else view.update(item);
      if (view.el !== cursor) list.insertBefore(view.el, cursor);
      else cursor = cursor.nextSibling;
    }
    for (const [id, view] of views) {
      if (state.byId.has(id)) continue;
      views.delete(id);
      view.destroy();
      const gone = view.el;
      if (gone === cursor) cursor = cursor.nextSibling;
      if (reducedMotion() || !isOpen() || !sameView) gone.remove();
      else {
        gone.classList.add('is-leaving');
        setTimeout(() => gone.remove(), 200);
      }
    }
    while (cursor) {
      const next = cursor.nextSibling;
      if (!cursor.classList.contains('is-leaving')) cursor.remove();
      cursor = next;
    }
    renderState();
    if (focusedId && !state.byId.has(focusedId)) {
      const next = state.items[Math.min(focusedIndex, state.items.length - 1)];
      if (next && views.get(next.id)) views.get(next.id).focus();
      else el.closest('[role="dialog"]')?.focus();
    }
    queueMicrotask(maybeLoadMore);
  }

  function maybeLoadMore() {
    if (!isOpen() || el.hidden || sentinel.hidden || state.moreError) return;
    const box = scroller().getBoundingClientRect();
    const s = sentinel.getBoundingClientRect();
    if (s.top - box.bottom < 160) store.loadMore();
  }

  list.addEventListener('keydown', (ev) => {
    if (ev.key !== 'ArrowDown' && ev.key !== 'ArrowUp' && ev.key !== 'Home' && ev.key !== 'End') return;
    if (ev.target.closest('[role="menu"]')) return;
    const mains = [...list.querySelectorAll('.hnc-item:not(.is-leaving) .hnc-item-main')];
    if (!mains.length) return;
    const cur = mains.findIndex((m) => m.closest('li').contains(document.activeElement));
    let next = ev.key === 'Home' ? 0 : ev.key === 'End' ? mains.length - 1 : cur + (ev.key === 'ArrowDown' ? 1 : -1);
    next = Math.max(0, Math.min(mains.length - 1, next));
    ev.preventDefault();
    mains[next].focus();
    mains[next].scrollIntoView({ block: 'nearest' });
  });

  return {
    el,
    render,
    renderState,
    maybeLoadMore,
    updateItem(id) { const item = state.byId.get(id); if (item) views.get(id)?.update(item); },
    flash(id) {
      const view = views.get(id);
      if (!view || reducedMotion()) return;
      view.el.classList.add('is-new');
      setTimeout(() => view.el.classList.remove('is-new'), 1200);
    },
    refreshTimes() { for (const view of views.values()) view.refreshTime(); },
    destroy() { for (const view of views.values()) view.destroy(); views.clear(); },
  };
}
