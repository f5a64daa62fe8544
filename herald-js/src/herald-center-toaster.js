// Toasts: a live notification pops up in a corner (role="status", or "alert" for high and urgent),
// pauses while hovered or focused, and goes after autoDismissMs; at most `max` on screen.
import { h, icon } from './herald-center-dom.js';
import { reducedMotion, safeCall, safeUrl } from './herald-center-util.js';

/** ctx: { i18n, presentation, renderToast }. */
export function createToaster({ position, autoDismissMs, max }, ctx) {
  const { t } = ctx.i18n;
  const container = h('section', { class: `hnc-toasts hnc-toasts-${position}`, 'aria-label': t('toastsLabel'), dir: ctx.i18n.dir, lang: ctx.i18n.locale });
  document.body.append(container);
  const toasts = []; // { id, el, timer, remaining, startedAt, paused, item }

  function show(item, { onActivate }) {
    dismiss(item.id, true);
    const prio = item.priority;
    const strong = prio === 'high' || prio === 'urgent';
    const tone = ctx.presentation.of(item).tone;
    const el = h('div', {
      class: `hnc-toast hnc-p-${prio}${tone ? ` hnc-tone-${tone}` : ''}`,
      role: strong ? 'alert' : 'status',
      'aria-live': strong ? 'assertive' : 'polite',
      'aria-atomic': 'true',
      'data-id': item.id,
    });
    if (item.type) el.dataset.type = item.type;
    const url = safeUrl(item.actionUrl);
    const time = h('time', { class: 'hnc-time', datetime: item.createdAt || '' }, ctx.i18n.relativeTime(item.createdAt));
    const meta = h('span', { class: 'hnc-toast-meta' });
    if (strong) meta.append(h('span', { class: `hnc-prio hnc-prio-${prio}` }, t(prio)));
    if (item.type) meta.append(h('span', { class: 'hnc-type' }, item.type));
    meta.append(time);
    const custom = ctx.renderToast ? safeCall(ctx.renderToast, { ...item }, { t, relativeTime: ctx.i18n.relativeTime }) : null;
    const typeIcon = ctx.presentation.iconOf(item, 'hnc-toast-icon');
    const text = typeof Node !== 'undefined' && custom instanceof Node
      ? h('span', { class: 'hnc-toast-text' }, custom)
      : h('span', { class: 'hnc-toast-text' },
        h('span', { class: 'hnc-toast-title' }, ctx.presentation.headline(item, t('untitled'))),
        item.body ? h('span', { class: 'hnc-toast-body' }, item.body) : null,
        meta);
    const main = h('button', { type: 'button', class: 'hnc-toast-main' },
      typeIcon || h('span', { class: 'hnc-toast-icon', 'aria-hidden': 'true' }, icon(strong ? 'alert' : 'bell')),
      text,
      h('span', { class: 'sr-only hnc-sr' }, url ? t('toastOpen') : t('toastRead')));
    const closeBtn = h('button', { type: 'button', class: 'hnc-toast-close', 'aria-label': t('dismissToast'), title: t('dismiss') }, icon('x'));
    const progress = h('span', { class: 'hnc-toast-progress', 'aria-hidden': 'true' });
    el.append(main, closeBtn);
    if (autoDismissMs > 0) {
      progress.style.animationDuration = `${autoDismissMs}ms`;
      el.append(progress);
    }
    const entry = { id: item.id, el, timer: null, remaining: autoDismissMs, startedAt: 0, paused: false, hover: false, focus: false, item };
    toasts.push(entry);
    container.append(el);
    requestAnimationFrame(() => el.classList.add('is-in'));

    main.addEventListener('click', () => {
      onActivate();
      dismiss(item.id);
    });
    closeBtn.addEventListener('click', () => dismiss(item.id));
    el.addEventListener('mouseenter', () => { entry.hover = true; pause(entry); });
    el.addEventListener('mouseleave', () => { entry.hover = false; if (!entry.focus) resume(entry); });
    el.addEventListener('focusin', () => { entry.focus = true; pause(entry); });
    el.addEventListener('focusout', (ev) => { if (!el.contains(ev.relatedTarget)) { entry.focus = false; if (!entry.hover) resume(entry); } });
    el.addEventListener('keydown', (ev) => { if (ev.key === 'Escape') { ev.stopPropagation(); dismiss(item.id); } });

    resume(entry);
    while (toasts.length > max) dismiss(toasts[0].id);
  }

  function pause(entry) {
    if (entry.paused || autoDismissMs <= 0) return;
    entry.paused = true;
    clearTimeout(entry.timer);
    entry.remaining -= Date.now() - entry.startedAt;
    entry.el.classList.add('is-paused');
  }

  function resume(entry) {
    if (autoDismissMs <= 0) return;
    entry.paused = false;
    entry.el.classList.remove('is-paused');
    entry.startedAt = Date.now();
    clearTimeout(entry.timer);
    entry.timer = setTimeout(() => dismiss(entry.id), Math.max(0, entry.remaining));
  }

  function dismiss(id, instant = false) {
    const i = toasts.findIndex((x) => x.id === id);
    if (i < 0) return;
    const [entry] = toasts.splice(i, 1);
    clearTimeout(entry.timer);
    const hadFocus = entry.el.contains(document.activeElement);
    if (instant || reducedMotion()) entry.el.remove();
    else {
      entry.el.classList.remove('is-in');
      entry.el.classList.add('is-leaving');
      setTimeout(() => entry.el.remove(), 220);
    }
    if (hadFocus) {
      const next = toasts[toasts.length - 1];
      if (next) next.el.querySelector('.hnc-toast-main').focus();
    }
  }

  return {
    show,
    dismiss,
    dismissAll() { [...toasts].forEach((x) => dismiss(x.id)); },
    contains: (node) => container.contains(node),
    refreshTimes() {
      for (const x of toasts) {
        const time = x.el.querySelector('time');
        if (time) time.textContent = ctx.i18n.relativeTime(x.item.createdAt);
      }
    },
    destroy() {
      toasts.forEach((x) => clearTimeout(x.timer));
      toasts.length = 0;
      container.remove();
    },
  };
}
