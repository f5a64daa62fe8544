// The notification center's state and everything it asks the hub: the items of the view shown (the
// inbox, one category of it, or the archive), the counts, the preferences, and every change the user
// makes (optimistic, put back when the hub refuses). Views listen with on(event, fn); the store knows
// no DOM. Events: 'items' (the list changed), 'item' (one item's state changed: id), 'listState',
// 'counts', 'prefs', 'status', 'announce' (text), 'arrived' (a live notification: item), 'dismiss'
// (toast ids to take away, or null for all), 'reset'.

import { compareIds, errorMessage, isNotFound, normalize, safeCall } from './herald-center-util.js';
import { createCounts } from './herald-center-counts.js';
import { attachSync } from './herald-center-sync.js';

export { isNewer } from './herald-center-counts.js';

const BULK_MAX = 100;

export function createStore(herald, { pageSize, t }) {
  const api = herald.api;
  const listeners = new Map();
  const state = {
    items: [],
    byId: new Map(),
    view: { archived: false, category: null }, // the tab shown
    nextBefore: undefined, // undefined: first page not loaded yet; null: nothing older
    loading: false,
    loadingMore: false,
    loadError: null,
    moreError: null,
    gen: 0,
    counts: { unread: 0, unseen: 0, total: 0, categories: {} },
    countsKnown: false,
    countThrough: null, // the newest notification the counts cover (null: none yet)
    liveChanges: 0, // sync events and live notifications seen: counts fetched across one may predate it
    categories: new Set(), // every category met, for the tabs
    mutedTypes: [],
    mutedCategories: [],
    seenTypes: new Set(),
    prefsSaving: 0,
    prefsQueue: Promise.resolve(),
    prefsError: null,
    prefsSaved: false,
    status: typeof herald.status === 'string' ? herald.status : 'connecting',
    statusDetail: null,
    bulkMissing: false, // the hub has no bulk route yet (404): do it one by one
    connectedOnce: false,
    closed: false,
  };

  function on(event, fn) {
    if (!listeners.has(event)) listeners.set(event, new Set());
    listeners.get(event).add(fn);
    return () => listeners.get(event)?.delete(fn);
  }
  function emit(event, arg) {
    if (state.closed) return;
    for (const fn of [...(listeners.get(event) || [])]) safeCall(fn, arg);
  }
  const announce = (text) => emit('announce', text);
  const failed = (e) => announce(t('failed', { error: errorMessage(e, t('somethingWrong')) }));

  /* ---------- the view's items ---------- */

  const inView = (item) => (state.view.archived ? !!item.archivedAt
    : !item.archivedAt && (state.view.category === null || item.category === state.view.category));

  function sortItems() { state.items.sort((a, b) => compareIds(b.id, a.id)); }

  function remember(item) {
    if (item.type) state.seenTypes.add(item.type);
    if (item.category && !state.categories.has(item.category)) {
      state.categories.add(item.category);
      emit('counts', state.counts);
    }
  }

  function addItems(raws) {
    for (const raw of raws) {
      if (!raw || typeof raw.id !== 'string' || state.byId.has(raw.id)) continue;
      const item = raw.liveGen !== undefined ? raw : normalize(raw);
      remember(item);
      if (!inView(item)) continue;
      state.byId.set(item.id, item);
      state.items.push(item);
    }
    sortItems();
  }

  function dropItem(id) {
    if (!state.byId.has(id)) return false;
    state.byId.delete(id);
    state.items = state.items.filter((i) => i.id !== id);
    emit('items');
    return true;
  }

  const pageNext = (page) => (typeof page?.nextBefore === 'string' && page.nextBefore ? page.nextBefore : null);
  const listQuery = () => ({ limit: pageSize, ...(state.view.archived ? { archived: true } : {}),
    ...(state.view.category !== null && !state.view.archived ? { category: state.view.category } : {}) });

  async function loadFirst() {
    const gen = ++state.gen;
    state.loading = true;
    state.loadError = null;
    state.moreError = null;
    emit('listState');
    try {
      const page = await api.list(listQuery());
      if (gen !== state.gen || state.closed) return;
      // Keep live items that arrived while the page was on its way; drop the rest (a reset means we may be stale).
      const live = state.items.filter((i) => i.liveGen === gen);
      state.items = [];
      state.byId.clear();
      addItems(page?.items || []);
      addItems(live);
      state.nextBefore = pageNext(page);
      state.loading = false;
      emit('items');
      emit('loaded', gen);
    } catch (e) {
      if (gen !== state.gen || state.closed) return;
      state.loading = false;
      state.loadError = errorMessage(e, t('somethingWrong'));
      emit('listState');
    }
  }

  async function loadMore() {
    if (state.loading || state.loadingMore || typeof state.nextBefore !== 'string') return;
    const gen = state.gen;
    state.loadingMore = true;
    state.moreError = null;
    emit('listState');
    try {
      const page = await api.list({ ...listQuery(), before: state.nextBefore });
      if (gen !== state.gen || state.closed) return;
      addItems(page?.items || []);
      state.nextBefore = pageNext(page);
      state.loadingMore = false;
      emit('items');
      emit('loaded', gen);
    } catch (e) {
      if (gen !== state.gen || state.closed) return;
      state.loadingMore = false;
      state.moreError = errorMessage(e, t('somethingWrong'));
      emit('listState');
    }
  }

  /** Shows a tab: { archived: true } is the archive, { category } one category, {} everything. */
  function setView({ archived = false, category = null } = {}) {
    const next = { archived: !!archived, category: archived ? null : category ?? null };
    if (next.archived === state.view.archived && next.category === state.view.category && state.nextBefore !== undefined) return;
    state.view = next;
    state.items = [];
    state.byId.clear();
    state.nextBefore = undefined;
    emit('items');
    loadFirst();
  }

  const counts = createCounts({ api, state, emit });
  const setCounts = counts.set;
  const refreshCountsSoon = counts.refreshSoon;
  const catDelta = counts.delta;

  /* ---------- changes the user makes ---------- */

  function patch(item, fields) {
    const before = { read: item.read, readAt: item.readAt, seenAt: item.seenAt, archivedAt: item.archivedAt };
    Object.assign(item, fields);
    emit('item', item.id);
    return () => { Object.assign(item, before); emit('item', item.id); };
  }

  /** Optimistic: the item and the counts change now; a refusal puts them back (a 404: it is gone). */
  async function change(id, fields, call, countDelta, done) {
    const item = state.byId.get(id);
    const undo = item ? patch(item, fields) : () => {};
    const prev = state.counts;
    if (countDelta) setCounts(countDelta(prev));
    try {
      await call();
      if (done) announce(done);
      return true;
    } catch (e) {
      if (isNotFound(e)) { dropItem(id); refreshCountsSoon(); return false; }
      undo();
      setCounts(prev);
      failed(e);
      return false;
    }
  }

  const now = () => new Date().toISOString();
  function markRead(id) {
    const item = state.byId.get(id);
    if (item?.read) return Promise.resolve(true);
    emit('dismiss', [id]);
    const counted = item && !item.archivedAt;
    return change(id, { read: true, readAt: now(), seenAt: item?.seenAt || now() }, () => api.markRead(id),
      counted || !item ? catDelta(item, -1, item && !item.seenAt ? -1 : 0) : null);
  }

  function markUnread(id) {
    const item = state.byId.get(id);
    if (!item || !item.read) return Promise.resolve(true);
    return change(id, { read: false, readAt: null }, () => api.markUnread(id), item.archivedAt ? null : catDelta(item, 1, 0));
  }

  function archive(id) {
    const item = state.byId.get(id);
    if (!item || item.archivedAt) return Promise.resolve(true);
    emit('dismiss', [id]);
    const delta = catDelta(item, item.read ? 0 : -1, item.seenAt ? 0 : -1);
    return change(id, { archivedAt: now() }, () => api.archive(id), delta, t('archived')).then((ok) => {
      if (ok && !inView(item)) dropItem(id);
      return ok;
    });
  }

  function unarchive(id) {
    const item = state.byId.get(id);
    if (!item || !item.archivedAt) return Promise.resolve(true);
    const delta = catDelta(item, item.read ? 0 : 1, item.seenAt ? 0 : 1);
    return change(id, { archivedAt: null }, () => api.unarchive(id), delta, t('unarchived')).then((ok) => {
      if (ok && !inView(item)) dropItem(id);
      return ok;
    });
  }

  async function remove(id) {
    const item = state.byId.get(id);
    if (!item) return false;
    const index = state.items.indexOf(item);
    const prev = state.counts;
    dropItem(id);
    emit('dismiss', [id]);
    if (!item.archivedAt) setCounts(catDelta(item, item.read ? 0 : -1, item.seenAt ? 0 : -1)(prev));
    try {
      await api.remove(id);
      announce(t('deleted'));
      return true;
    } catch (e) {
      if (isNotFound(e)) return true; // already gone
      if (!state.byId.has(id)) {
        state.byId.set(id, item);
        state.items.splice(Math.min(index, state.items.length), 0, item);
        sortItems();
        emit('items');
      }
      setCounts(prev);
      failed(e);
      return false;
    }
  }

  /** A bulk change; without the bulk route (an older hub answers 404) `each` does it one by one. */
  async function bulk(body, each) {
    if (!state.bulkMissing) {
      try {
        return (await api.bulk(body))?.changed ?? 0;
      } catch (e) {
        // An older hub has no bulk route: 404, or 405 where the path looks like DELETE /v1/me/notifications/{id}.
        if (!isNotFound(e) && e?.status !== 405) throw e;
        state.bulkMissing = true;
      }
    }
    let changed = 0;
    for (const r of await Promise.allSettled(each())) if (r.status === 'fulfilled') changed++;
    return changed;
  }

  /** Marks the items shown seen (the badge clears; they stay unread). */
  async function markShownSeen() {
    const unseen = state.items.filter((i) => !i.seenAt && !i.archivedAt);
    if (unseen.length === 0) return;
    const at = now();
    for (const i of unseen) patch(i, { seenAt: at });
    setCounts(unseen.reduce((c, i) => catDelta(i, 0, -1)(c), state.counts));
    for (let k = 0; k < unseen.length; k += BULK_MAX) {
      const chunk = unseen.slice(k, k + BULK_MAX);
      try {
        await bulk({ action: 'seen', ids: chunk.map((i) => i.id) }, () => chunk.map((i) => api.markSeen(i.id)));
      } catch { refreshCountsSoon(); /* the next sync event or refetch sets the badge right */ }
    }
  }

  async function markAllRead() {
    const category = state.view.archived ? null : state.view.category;
    const before = state.items.filter((i) => !i.read);
    const prev = state.counts;
    const undos = before.map((i) => patch(i, { read: true, readAt: now(), seenAt: i.seenAt || now() }));
    emit('dismiss', null);
    // Reading counts as seeing. The archive is in no count; a category tab takes its own counts off the totals.
    if (!state.view.archived && category === null) {
      const categories = Object.fromEntries(Object.entries(prev.categories).map(([k, v]) => [k, { ...v, unread: 0, unseen: 0 }]));
      setCounts({ ...prev, unread: 0, unseen: 0, categories });
    } else if (!state.view.archived && prev.categories[category]) {
      const k = prev.categories[category];
      setCounts(catDelta({ category }, -k.unread, -k.unseen)(prev));
    }
    try {
      if (category === null && !state.view.archived) await api.markAllRead();
      else await bulk({ action: 'read', all: true, filter: { ...(category !== null ? { category } : {}), ...(state.view.archived ? { archived: true } : {}) } },
        () => before.map((i) => api.markRead(i.id)));
      announce(t('allMarkedRead'));
      refreshCountsSoon();
    } catch (e) {
      undos.forEach((u) => u());
      setCounts(prev);
      failed(e);
    }
  }

  async function archiveAllRead() {
    const category = state.view.category;
    const read = state.items.filter((i) => i.read && !i.archivedAt);
    for (const i of read) dropItem(i.id);
    try {
      await bulk({ action: 'archive', all: true, filter: { read: true, ...(category ? { category } : {}) } },
        () => read.map((i) => api.archive(i.id)));
      announce(t('allReadArchived'));
      refreshCountsSoon();
    } catch (e) {
      addItems(read);
      emit('items');
      failed(e);
    }
  }

  /** An action button: the hub records it (and reads the notification), then its url is followed by the caller. */
  async function act(id, actionId) {
    const item = state.byId.get(id);
    const undo = item ? patch(item, { actedAt: item.actedAt || now(), actionId: item.actionId || actionId, read: true, readAt: item.readAt || now(), seenAt: item.seenAt || now() }) : null;
    try {
      await api.act(id, actionId);
      return true;
    } catch (e) {
      if (isNotFound(e) || e?.status === 405) return false; // no action route on this hub, or no such action: the link still works
      undo?.();
      failed(e);
      return false;
    }
  }

  /* ---------- preferences ---------- */

  const strings = (list) => list.filter((x) => typeof x === 'string');

  async function loadPreferences() {
    try {
      const p = await api.getPreferences();
      const muted = Array.isArray(p) ? p : p?.mutedTypes;
      if (Array.isArray(muted)) state.mutedTypes = strings(muted);
      if (Array.isArray(p?.mutedCategories)) state.mutedCategories = strings(p.mutedCategories);
      emit('prefs');
    } catch { /* settings show what we know */ }
  }

  /** Mutes or unmutes a type (`field` 'mutedTypes') or a category ('mutedCategories'). */
  function toggleMuted(field, name, muted) {
    const prev = state[field];
    state[field] = muted ? [...new Set([...prev, name])] : prev.filter((x) => x !== name);
    state.prefsSaving++;
    state.prefsError = null;
    state.prefsSaved = false;
    emit('prefs');
    // Saves go one after the other, each sending the whole list as it stands then (PUT replaces the
    // lists it is given and keeps the other one).
    state.prefsQueue = state.prefsQueue.then(async () => {
      try {
        const r = await api.setPreferences({ [field]: state[field] });
        const stored = Array.isArray(r) && field === 'mutedTypes' ? r : r?.[field];
        if (Array.isArray(stored) && state.prefsSaving === 1) state[field] = strings(stored);
        state.prefsSaved = true;
      } catch (e) {
        state[field] = muted ? state[field].filter((x) => x !== name) : [...new Set([...state[field], name])];
        state.prefsError = errorMessage(e, t('somethingWrong'));
      }
      state.prefsSaving--;
      emit('prefs');
    });
  }

  const detach = attachSync({ herald, state, emit, counts, inView, remember, patch, dropItem, sortItems, loadFirst, loadPreferences });

  return {
    state,
    on,
    loadFirst,
    loadMore,
    setView,
    refreshCounts: counts.refresh,
    loadPreferences,
    toggleMute: (type, muted) => toggleMuted('mutedTypes', type, muted),
    toggleMuteCategory: (category, muted) => toggleMuted('mutedCategories', category, muted),
    markRead,
    markUnread,
    archive,
    unarchive,
    remove,
    markShownSeen,
    markAllRead,
    archiveAllRead,
    act,
    close() {
      state.closed = true;
      counts.close();
      detach();
      listeners.clear();
    },
  };
}
