// Small helpers of the notification center: the URL rule, id order, option clamping, errors, storage.
// No DOM at import time (Node imports the center to check its exports).

export const PRIORITIES = Object.freeze(['low', 'normal', 'high', 'urgent']);
export const TONES = Object.freeze(['info', 'success', 'warning', 'error']);
const STORAGE_PREFIX = 'herald-nc:';
const ALERT_CLAIM_KEY = STORAGE_PREFIX + 'alerted';

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

const str = (v) => (typeof v === 'string' ? v : null);

/** A notification as the center holds it: missing fields are null, the priority is known, state is explicit. */
export function normalize(raw) {
  const readAt = str(raw.readAt);
  const read = raw.read === true || !!readAt;
  return {
    id: raw.id,
    type: typeof raw.type === 'string' ? raw.type : '',
    category: str(raw.category),
    tags: Array.isArray(raw.tags) ? raw.tags.filter((t) => typeof t === 'string') : [],
    actions: Array.isArray(raw.actions)
      ? raw.actions.filter((a) => a && typeof a.id === 'string' && typeof a.label === 'string')
        .map((a) => ({ id: a.id, label: a.label, url: str(a.url) }))
      : [],
    title: typeof raw.title === 'string' ? raw.title : String(raw.title ?? ''),
    body: str(raw.body),
    data: raw.data ?? null,
    actionUrl: str(raw.actionUrl),
    priority: PRIORITIES.includes(raw.priority) ? raw.priority : 'normal',
    createdAt: str(raw.createdAt),
    // A digest's: when its latest notification merged into it, and how many it stands for (1 otherwise).
    updatedAt: str(raw.updatedAt),
    count: Number.isSafeInteger(raw.count) && raw.count > 1 ? raw.count : 1,
    read,
    readAt,
    seenAt: str(raw.seenAt) ?? (read ? readAt : null),
    archivedAt: str(raw.archivedAt),
    actedAt: str(raw.actedAt),
    actionId: str(raw.actionId),
  };
}

/** Ids are "<epoch>-<seq>" with a decimal seq of up to 18 digits: compare the seq as a decimal string. */
export function compareIds(a, b) {
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

export function errorMessage(e, fallback = 'Something went wrong.') {
  if (!e) return fallback;
  const msg = e.error?.message || e.body?.error?.message || e.message || (typeof e === 'string' ? e : '');
  return msg ? String(msg) : fallback;
}

export function isNotFound(e) {
  return !!e && (e.status === 404 || e.code === 'not_found' || e.error?.code === 'not_found' || e.body?.error?.code === 'not_found');
}

export function clampInt(v, min, max, dflt) {
  const n = Number(v);
  return Number.isInteger(n) && n >= min && n <= max ? n : dflt;
}

export function safeCall(fn, ...args) {
  try { return fn(...args); } catch (e) { console.error(e); return undefined; }
}

export function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }

export function reducedMotion() {
  return window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;
}

export function readFlag(name, dflt) {
  try {
    const v = localStorage.getItem(STORAGE_PREFIX + name);
    return v === null ? dflt : v === '1';
  } catch { return dflt; }
}

export function writeFlag(name, on) {
  try { localStorage.setItem(STORAGE_PREFIX + name, on ? '1' : '0'); } catch { /* storage unavailable */ }
}

export function readText(name) {
  try { return localStorage.getItem(STORAGE_PREFIX + name); } catch { return null; }
}

export function writeText(name, value) {
  try { localStorage.setItem(STORAGE_PREFIX + name, value); } catch { /* storage unavailable */ }
}

/** Cross-tab "first one wins" for an id, so that only one tab beeps or shows a desktop notification. */
export function claim(id) {
  try {
    const seen = JSON.parse(localStorage.getItem(ALERT_CLAIM_KEY) || '[]');
    if (Array.isArray(seen) && seen.includes(id)) return false;
    const next = [...(Array.isArray(seen) ? seen : []), id].slice(-50);
    localStorage.setItem(ALERT_CLAIM_KEY, JSON.stringify(next));
    return true;
  } catch { return true; }
}
