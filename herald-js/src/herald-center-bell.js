// The bell: a button with the unseen count as its badge (opening the panel marks what it shows seen).
import { h, icon } from './herald-center-dom.js';

export function createBell({ uid, t }) {
  const badge = h('span', { class: 'hnc-badge', 'aria-hidden': 'true', hidden: true });
  const el = h('button', {
    type: 'button', class: 'hnc-bell', 'aria-haspopup': 'dialog', 'aria-expanded': 'false',
    'aria-controls': `${uid}-panel`, 'aria-label': t('bellNone'),
  }, icon('bell'), badge);
  let shown = -1;

  /** Shows `unseen` on the badge; returns whether it changed. */
  function setCount(unseen) {
    const n = Math.max(0, Number.isFinite(unseen) ? Math.trunc(unseen) : 0);
    if (n === shown) return false;
    shown = n;
    badge.textContent = n > 99 ? '99+' : String(n);
    badge.hidden = n === 0;
    el.setAttribute('aria-label', n === 0 ? t('bellNone') : t('bellNew', { count: n }));
    el.classList.toggle('has-unread', n > 0);
    badge.classList.remove('hnc-bump');
    void badge.offsetWidth; // restart the bump animation
    badge.classList.add('hnc-bump');
    return true;
  }

  return {
    el,
    setCount,
    setExpanded(open) { el.setAttribute('aria-expanded', open ? 'true' : 'false'); },
  };
}
