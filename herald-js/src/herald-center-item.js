// One notification in the list: its headline, body and meta, the unread dot, its action buttons, a
// quick "mark as read" and a menu (read/unread, archive/move to inbox, delete). buildItem makes the
// element once; updateItem follows the item's state (and rebuilds the content after a publisher edit).
// A digest shows how many notifications it stands for, updated live as later ones merge into it.
import { h, icon } from './herald-center-dom.js';
import { createDigestBadge } from './herald-center-digest.js';
import { safeCall, safeUrl } from './herald-center-util.js';
import { createMenu } from './herald-center-menu.js';

/**
 * ctx: { i18n, presentation, renderItem, linkTarget(url), activate(id), press(id, action), store }.
 * Returns { el, update(item), destroy() }.
 */
export function buildItem(item, ctx) {
  const { t } = ctx.i18n;
  const li = h('li', { class: 'hnc-item', 'data-id': item.id });
  const dot = h('span', { class: 'hnc-item-dot', 'aria-hidden': 'true' });
  const readBtn = h('button', { type: 'button', class: 'hnc-icon-btn hnc-read-btn' }, icon('check'));
  const menu = createMenu({
    label: t('moreActions', { title: item.title || t('untitled') }),
    items: () => {
      const out = [];
      out.push(item.read
        ? { label: t('markUnread'), icon: 'mail', run: () => ctx.store.markUnread(item.id) }
        : { label: t('markRead'), icon: 'check', run: () => ctx.store.markRead(item.id) });
      out.push(item.archivedAt
        ? { label: t('unarchive'), icon: 'inbox', run: () => ctx.store.unarchive(item.id) }
        : { label: t('archive'), icon: 'archive', run: () => ctx.store.archive(item.id) });
      out.push({ label: t('delete'), icon: 'trash', danger: true, run: () => ctx.store.remove(item.id) });
      return out;
    },
  });
  const side = h('div', { class: 'hnc-item-actions' }, readBtn, menu.el);
  let main = null;
  let buttons = null;
  let version = null;
  // What the content shows; a change rebuilds it. The count is in it for an app's renderItem.
  const contentKey = () => JSON.stringify([item.title, item.body, item.actionUrl, item.priority, item.type, item.category, item.actions, item.data, item.count]);
  // A digest's time is its latest notification's (its place in the list stays the first one's).
  const shownAt = () => item.updatedAt || item.createdAt;
  let digest = null; // the count badge of the default content (an app's renderItem shows its own)

  function content() {
    const url = safeUrl(item.actionUrl);
    const next = url
      ? h('a', { class: 'hnc-item-main', href: url.href, ...(ctx.linkTarget(url) === '_blank' ? { target: '_blank', rel: 'noopener noreferrer' } : {}) })
      : h('button', { type: 'button', class: 'hnc-item-main' });
    const custom = ctx.renderItem ? safeCall(ctx.renderItem, { ...item }, { t, relativeTime: ctx.i18n.relativeTime }) : null;
    digest = null;
    if (typeof Node !== 'undefined' && custom instanceof Node) next.append(custom);
    else {
      const typeIcon = ctx.presentation.iconOf(item, 'hnc-type-icon');
      const title = h('span', { class: 'hnc-item-title' }, typeIcon, ctx.presentation.headline(item, t('untitled')));
      next.append(title);
      if (item.body) next.append(h('span', { class: 'hnc-item-body' }, item.body));
      digest = createDigestBadge(t);
      const meta = h('span', { class: 'hnc-item-meta' }, digest.el);
      if (item.priority === 'high' || item.priority === 'urgent') meta.append(h('span', { class: `hnc-prio hnc-prio-${item.priority}` }, t(item.priority)));
      if (item.type) meta.append(h('span', { class: 'hnc-type' }, item.type));
      meta.append(h('time', { class: 'hnc-time', datetime: shownAt() || '' }));
      if (url) meta.append(h('span', { class: 'hnc-link-hint', 'aria-hidden': 'true' }, icon('external')));
      next.append(meta);
    }
    next.append(h('span', { class: 'sr-only hnc-sr hnc-unread-sr' }, t('unreadSuffix')));
    next.addEventListener('click', (ev) => {
      if (ev.button !== 0 || ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey) { ctx.store.markRead(item.id); return; }
      ev.preventDefault();
      ctx.activate(item.id);
    });
    next.addEventListener('auxclick', () => ctx.store.markRead(item.id));

    const nextButtons = item.actions.length
      ? h('div', { class: 'hnc-item-buttons' }, ...item.actions.map((a) => {
        const b = h('button', { type: 'button', class: 'hnc-action-btn', 'data-action': a.id }, a.label);
        b.addEventListener('click', () => ctx.press(item.id, a));
        return b;
      }))
      : null;
    const hadFocus = main && main.contains(document.activeElement);
    if (main) main.replaceWith(next); else li.append(dot, next);
    if (buttons) buttons.remove();
    if (nextButtons) next.after(nextButtons);
    if (!side.parentNode) li.append(side);
    main = next;
    buttons = nextButtons;
    if (hadFocus) main.focus();
    const p = ctx.presentation.of(item);
    li.className = `hnc-item hnc-p-${item.priority}${p.tone ? ` hnc-tone-${p.tone}` : ''}`;
    if (item.type) li.dataset.type = item.type;
    if (item.category) li.dataset.category = item.category; else delete li.dataset.category;
    version = contentKey();
  }

  readBtn.addEventListener('click', () => {
    ctx.store.markRead(item.id);
    main.focus();
  });

  function update(next = item) {
    item = next;
    if (contentKey() !== version) content();
    li.classList.toggle('is-unread', !item.read);
    li.classList.toggle('is-unseen', !item.seenAt);
    li.classList.toggle('is-archived', !!item.archivedAt);
    li.classList.toggle('is-acted', !!item.actedAt);
    readBtn.hidden = !!item.read;
    const label = t('markReadFor', { title: item.title || t('untitled') });
    readBtn.setAttribute('aria-label', label);
    readBtn.title = t('markRead');
    main.querySelector('.hnc-unread-sr').hidden = !!item.read;
    if (digest) digest.set(item);
    const time = main.querySelector('time.hnc-time');
    if (time) {
      time.dateTime = shownAt() || '';
      time.textContent = ctx.i18n.relativeTime(shownAt());
      time.title = ctx.i18n.absoluteTime(shownAt());
    }
    for (const b of buttons ? buttons.querySelectorAll('.hnc-action-btn') : []) {
      b.classList.toggle('is-chosen', item.actionId === b.dataset.action);
    }
  }

  content();
  update(item);
  return {
    el: li,
    update,
    focus() { main.focus(); },
    refreshTime() {
      const time = main.querySelector('time.hnc-time');
      if (time) time.textContent = ctx.i18n.relativeTime(shownAt());
    },
    destroy() { menu.destroy(); },
  };
}
