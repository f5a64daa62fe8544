// The system banner: an `urgent` notification whose data has `banner` shows across the top of the page
// until the user dismisses it, or for its duration. `data.banner` is `true` (the title and body), or
// { text?, durationMs?, tone? } (tone: info | success | warning | error, default warning). A dismissed
// banner stays dismissed in this tab's session (so a reload or a replay does not bring it back).
import { h, icon } from './herald-center-dom.js';
import { TONES, safeUrl } from './herald-center-util.js';

const DISMISSED_KEY = 'herald-nc:banners-dismissed';

function dismissedIds() {
  try { return JSON.parse(sessionStorage.getItem(DISMISSED_KEY) || '[]'); } catch { return []; }
}

/** The banner an item asks for ({ text, durationMs, tone, url }), or null. */
export function bannerOf(item) {
  if (!item || item.priority !== 'urgent' || !item.data || typeof item.data !== 'object') return null;
  const b = item.data.banner;
  if (b !== true && (!b || typeof b !== 'object')) return null;
  const o = b === true ? {} : b;
  const text = typeof o.text === 'string' && o.text ? o.text : [item.title, item.body].filter(Boolean).join(' — ');
  const durationMs = Number.isFinite(o.durationMs) && o.durationMs > 0 ? o.durationMs : 0;
  return { text, durationMs, tone: TONES.includes(o.tone) ? o.tone : 'warning', url: safeUrl(item.actionUrl) };
}

export function createBanner({ i18n, onOpen }) {
  const { t } = i18n;
  let current = null; // { id, el, timer }

  function show(item) {
    const b = bannerOf(item);
    if (!b || dismissedIds().includes(item.id)) return false;
    const created = Date.parse(item.createdAt);
    const left = b.durationMs > 0 && Number.isFinite(created) ? created + b.durationMs - Date.now() : Infinity;
    if (left <= 0) return false; // its time is over
    hide();
    const text = b.url
      ? h('a', { class: 'hnc-banner-text', href: b.url.href }, b.text)
      : h('span', { class: 'hnc-banner-text' }, b.text);
    if (b.url) text.addEventListener('click', () => onOpen?.(item));
    const close = h('button', { type: 'button', class: 'hnc-banner-close', 'aria-label': t('dismissBanner'), title: t('dismiss') }, icon('x'));
    const el = h('div', { class: `hnc-banner hnc-tone-${b.tone}`, role: 'region', 'aria-label': t('bannerLabel'), dir: i18n.dir, lang: i18n.locale, 'data-id': item.id },
      h('span', { class: 'hnc-banner-icon', 'aria-hidden': 'true' }, icon('megaphone')),
      h('p', { class: 'hnc-banner-body', role: 'alert' }, text), close);
    close.addEventListener('click', () => {
      try { sessionStorage.setItem(DISMISSED_KEY, JSON.stringify([...dismissedIds(), item.id].slice(-50))); } catch { /* no storage */ }
      hide();
    });
    document.body.prepend(el);
    current = { id: item.id, el, timer: Number.isFinite(left) ? setTimeout(hide, Math.min(left, 2 ** 31 - 1)) : null };
    document.documentElement.classList.add('hnc-has-banner');
    return true;
  }

  function hide() {
    if (!current) return;
    clearTimeout(current.timer);
    current.el.remove();
    current = null;
    document.documentElement.classList.remove('hnc-has-banner');
  }

  return {
    show,
    /** Takes the banner away when its notification went (deleted, retracted). */
    drop(id) { if (current && current.id === id) hide(); },
    get id() { return current?.id ?? null; },
    destroy: hide,
  };
}
