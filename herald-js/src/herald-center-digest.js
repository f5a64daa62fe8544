// A digest's count on its item in the list: "×12" on screen, "12 notifications" for screen readers
// and as the tooltip. A digest (published with `digest: {key, windowSeconds}`) is one inbox item that
// stands for `count` notifications; each later one of its window raises the count through
// `notification.updated`, and the badge follows. An item that stands for one shows none.
import { h } from './herald-center-dom.js';

/** What the badge says for an item: { text, label }, or null when it stands for one notification. */
export function digestBadgeView(item, t) {
  const n = item.count;
  if (!Number.isSafeInteger(n) || n < 2) return null;
  return { text: t('digestBadge', { count: n }), label: t('digestLabel', { count: n }) };
}

/** The badge's element (hidden until the count passes 1); set(item) follows the item's count. */
export function createDigestBadge(t) {
  const shown = h('span', { 'aria-hidden': 'true' });
  // The visible "×12" says little when read out; the spoken label replaces it.
  const spoken = h('span', { class: 'sr-only hnc-sr' });
  const el = h('span', { class: 'hnc-digest', hidden: true }, shown, spoken);
  return {
    el,
    set(item) {
      const view = digestBadgeView(item, t);
      el.hidden = !view;
      shown.textContent = view ? view.text : '';
      spoken.textContent = view ? ` ${view.label} ` : '';
      if (view) el.title = view.label; else el.removeAttribute('title');
    },
  };
}
