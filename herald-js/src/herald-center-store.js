// The notification center's state and everything it asks the hub: the items of the view shown (the
// inbox, one category of it, or the archive), the counts, the preferences, and every change the user
// makes (optimistic, put back when the hub refuses). Views listen with on(event, fn); the store knows
// no DOM. Events: 'items' (the list changed), 'item' (one item's state changed: id), 'listState',
// 'counts', 'prefs', 'status', 'announce' (text), 'arrived' (a live notification: item), 'dismiss'
// (toast ids to take away, or null for all), 'reset'.

import { compareIds, errorMessage, isNotFound, normalize, safeCall } from './herald-center-util.js';

const BULK_MAX = 100;
const COUNTS_DEBOUNCE_MS = 250;

/** Whether item id `a` comes after `b` (ids are `<epoch>-<seq>`; null `b`: nothing counted yet). */
export function isNewer(a, b) {
  if (b === null || b === undefined) return true;
  const x = /^(.*)-0*(\d+)$/.exec(a);
  const y = /^(.*)-0*(\d+)$/.exec(b);
  if (!x || !y || x[1] !== y[1]) return true; // another database: nothing of it was counted
  return x[2].length !== y[2].length ? x[2].length > y[2].length : x[2] > y[2];
}

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
  let countsTimer = null;

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

  /* ---------- counts ---------- */

  function setCounts(next, through) {
    const c = {
      unread: Math.max(0, Math.trunc(Number(next.unread) || 0)),
      unseen: Math.max(0, Math.trunc(Number(next.unseen) || 0)),
      total: Math.max(0, Math.trunc(Number(next.total) || 0)),
      categories: next.categories && typeof next.categories === 'object' ? next.categories : state.counts.categories,
    };
    for (const name of Object.keys(c.categories)) state.categories.add(name);
    if (through !== undefined) state.countThrough = through;
    state.countsKnown = true;
    state.counts = c;
    emit('counts', c);
  }

  function bump(item, by) {
    const c = state.counts;
    const cats = { ...c.categories };
    const unread = !item.read ? by : 0;
    const unseen = !item.seenAt ? by : 0;
    if (item.category) {
      const k = cats[item.category] || { unread: 0, unseen: 0, total: 0 };
      cats[item.category] = { unread: Math.max(0, k.unread + unread), unseen: Math.max(0, k.unseen + unseen), total: Math.max(0, k.total + by) };
    }
    setCounts({ unread: c.unread + unread, unseen: c.unseen + unseen, total: c.total + by, categories: cats });
  }

  /**
   * The hub's counts as of its newest notification (so a live notification is counted once: not
   * again when the counts already had it, and not lost when it came while they were on their way).
   * The newest id is asked before and after the counts; when they differ, or a change arrived
   * meanwhile, it asks again.
   */
  async function refreshCounts() {
    clearTimeout(countsTimer);
    countsTimer = null;
    for (let tries = 0; tries < 3 && !state.closed; tries++) {
      const changes = state.liveChanges;
      try {
        const before = await api.list({ limit: 1 });
        const counts = await api.counts();
        const after = await api.list({ limit: 1 });
        const through = after?.items?.[0]?.id ?? null;
        if ((before?.items?.[0]?.id ?? null) !== through || state.liveChanges !== changes) continue;
        if (state.closed) return;
        const liveAfter = liveItems().filter((i) => isNewer(i.id, through));
        setCounts(counts, through);
        liveSince.clear();
        for (const i of liveAfter) { liveSince.set(i.id, i); bump(i, 1); }
        return;
      } catch { return; /* the badge keeps its value; the next sync event corrects it */ }
    }
  }
  const liveSince = new Map(); // live notifications not yet covered by a count: id → item
  const liveItems = () => [...liveSince.values()];

  function refreshCountsSoon() {
    if (countsTimer === null) countsTimer = setTimeout(refreshCounts, COUNTS_DEBOUNCE_MS);
  }

  /** A sync event's counts: the whole `counts` when the hub sends it, else the totals now and the categories refetched. */
  function syncCounts(data) {
    state.liveChanges++;
    if (data?.counts && typeof data.counts === 'object') { setCounts(data.counts); return; }
    if (Number.isFinite(data?.unreadCount)) {
      setCounts({ ...state.counts, unread: data.unreadCount, unseen: Number.isFinite(data.unseenCount) ? data.unseenCount : Math.min(state.counts.unseen, data.unreadCount) });
    }
    refreshCountsSoon();
  }

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
  const catDelta = (item, du, ds) => (c) => {
    const cats = { ...c.categories };
    if (item?.category && cats[item.category]) {
      const k = cats[item.category];
      cats[item.category] = { ...k, unread: Math.max(0, k.unread + du), unseen: Math.max(0, k.unseen + ds) };
    }
    return { ...c, unread: Math.max(0, c.unread + du), unseen: Math.max(0, c.unseen + ds), categories: cats };
  };

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
    if (category === null) setCounts({ ...prev, unread: 0, unseen: 0 });
    try {
      if (category === null && !state.view.archived) await api.markAllRead();
      else await bulk({ action: 'read', all: true, filter: { category, ...(state.view.archived ? { archived: true } : {}) } },
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

  async function loadPreferences() {
    try {
      const p = await api.getPreferences();
      const muted = Array.isArray(p) ? p : p?.mutedTypes;
      if (Array.isArray(muted)) state.mutedTypes = muted.filter((x) => typeof x === 'string');
      emit('prefs');
    } catch { /* settings show what we know */ }
  }

  function toggleMute(type, muted) {
    const prev = state.mutedTypes;
    state.mutedTypes = muted ? [...new Set([...prev, type])] : prev.filter((x) => x !== type);
    state.prefsSaving++;
    state.prefsError = null;
    state.prefsSaved = false;
    emit('prefs');
    // Saves go one after the other, each sending the whole list as it stands then (PUT replaces the list).
    state.prefsQueue = state.prefsQueue.then(async () => {
      try {
        const r = await api.setPreferences({ mutedTypes: state.mutedTypes });
        const stored = Array.isArray(r) ? r : r?.mutedTypes;
        if (Array.isArray(stored) && state.prefsSaving === 1) state.mutedTypes = stored.filter((x) => typeof x === 'string');
        state.prefsSaved = true;
      } catch (e) {
        state.mutedTypes = muted ? state.mutedTypes.filter((x) => x !== type) : [...new Set([...state.mutedTypes, type])];
        state.prefsError = errorMessage(e, t('somethingWrong'));
      }
      state.prefsSaving--;
      emit('prefs');
    });
  }

  /* ---------- live events ---------- */

  function onNotification(data) {
    if (!data || typeof data.id !== 'string') return;
    if (state.byId.has(data.id) || liveSince.has(data.id)) return; // replayed after a reconnect, or already on a page
    const item = normalize({ ...data, read: false, readAt: null, seenAt: null, archivedAt: null });
    item.liveGen = state.gen;
    state.liveChanges++;
    remember(item);
    if (isNewer(item.id, state.countThrough)) { // else a replay the counts have
      liveSince.set(item.id, item);
      if (liveSince.size > 500) liveSince.delete(liveSince.keys().next().value);
      bump(item, 1);
    }
    if (inView(item)) {
      state.byId.set(item.id, item);
      state.items.push(item);
      sortItems();
      emit('items');
    }
    emit('arrived', item);
  }

  function itemState(id, fields) {
    const i = state.byId.get(id);
    if (!i) return null;
    patch(i, fields);
    if (!inView(i)) dropItem(id);
    return i;
  }

  function onRead(data) {
    if (!data) return;
    if (data.all) {
      for (const i of state.items) if (!i.read) patch(i, { read: true, readAt: data.readAt || i.readAt, seenAt: i.seenAt || data.readAt || null });
      emit('dismiss', null);
    } else if (typeof data.notificationId === 'string') {
      const i = state.byId.get(data.notificationId);
      if (i && !i.read) patch(i, { read: true, readAt: data.readAt || null, seenAt: i.seenAt || data.readAt || null });
      emit('dismiss', [data.notificationId]);
    }
    syncCounts(data);
  }

  /** notification.seen / .unread / .archived / .unarchived / .acted: the item's state as the hub has it now. */
  function onState(data) {
    if (!data) return;
    const id = typeof data.notificationId === 'string' ? data.notificationId : data.id;
    const fields = {};
    for (const k of ['seenAt', 'readAt', 'archivedAt', 'actedAt', 'actionId']) if (k in data) fields[k] = data[k] ?? null;
    if ('readAt' in fields) fields.read = !!fields.readAt;
    const known = state.byId.has(id);
    itemState(id, fields);
    if (!known && data.archivedAt === null && state.view.archived === false && 'archivedAt' in data) {
      refreshListSoon(); // unarchived elsewhere: it belongs in this list again
    }
    if (fields.read || fields.archivedAt) emit('dismiss', [id]);
    syncCounts(data);
  }

  function onBulk(data) {
    if (!data) return;
    const ids = Array.isArray(data.ids) ? data.ids : null;
    const at = data.createdAt || now();
    const targets = ids ? ids.map((id) => state.byId.get(id)).filter(Boolean)
      : state.items.filter((i) => bulkFilterMatches(data, i));
    for (const i of targets) {
      switch (data.action) {
        case 'seen': patch(i, { seenAt: i.seenAt || at }); break;
        case 'read': patch(i, { read: true, readAt: i.readAt || at, seenAt: i.seenAt || at }); break;
        case 'unread': patch(i, { read: false, readAt: null }); break;
        case 'archive': patch(i, { archivedAt: i.archivedAt || at }); break;
        case 'unarchive': patch(i, { archivedAt: null }); break;
        case 'delete': dropItem(i.id); break;
        default: break;
      }
      if (state.byId.has(i.id) && !inView(i)) dropItem(i.id);
    }
    if (['read', 'archive', 'delete'].includes(data.action)) emit('dismiss', targets.map((i) => i.id));
    if (data.action === 'unarchive' && !state.view.archived) refreshListSoon();
    syncCounts(data);
  }

  function bulkFilterMatches(data, item) {
    const f = data.filter || {};
    const archived = typeof f.archived === 'boolean' ? f.archived : data.action === 'unarchive';
    if (!!item.archivedAt !== archived) return false;
    if (typeof f.category === 'string' && item.category !== f.category) return false;
    if (typeof f.read === 'boolean' && item.read !== f.read) return false;
    return true;
  }

  function onDeleted(data) {
    if (!data) return;
    const id = data.retracted ? data.id : data.notificationId;
    if (typeof id === 'string') {
      dropItem(id);
      liveSince.delete(id);
      emit('dismiss', [id]);
    }
    if (data.retracted) { state.liveChanges++; refreshCountsSoon(); } // a retraction carries no counts
    else syncCounts(data);
  }

  /** The publisher edited it: the new version replaces the old in place, the user's state kept. */
  function onUpdated(data) {
    if (!data || typeof data.id !== 'string') return;
    const old = state.byId.get(data.id);
    if (!old) {
      remember(normalize(data));
      return;
    }
    const next = normalize({ ...data, read: old.read, readAt: old.readAt, seenAt: old.seenAt, archivedAt: old.archivedAt, actedAt: old.actedAt, actionId: old.actionId });
    if (old.category !== next.category) refreshCountsSoon();
    Object.assign(old, next);
    if (!inView(old)) dropItem(old.id);
    emit('updated', old);
    emit('item', old.id);
  }

  function onPreferences(data) {
    if (!data) return;
    if (Array.isArray(data.mutedTypes)) state.mutedTypes = data.mutedTypes.filter((x) => typeof x === 'string');
    syncCounts(data);
    if (state.prefsSaving === 0) emit('prefs');
  }

  let listTimer = null;
  function refreshListSoon() {
    if (listTimer === null) listTimer = setTimeout(() => { listTimer = null; loadFirst(); }, COUNTS_DEBOUNCE_MS);
  }

  function onConnected() {
    // A reconnect that resumed by Last-Event-ID gets a replay; the counts are cheap to re-check anyway.
    if (state.connectedOnce) refreshCounts();
    state.connectedOnce = true;
  }

  function onReset(data) {
    if (data?.reason === 'user_changed') {
      // Another user signed in in this tab: nothing of the previous user's stays on screen.
      emit('dismiss', null);
      state.items = [];
      state.byId.clear();
      state.seenTypes.clear();
      state.categories.clear();
      liveSince.clear();
      state.nextBefore = undefined;
      state.countThrough = null;
      state.mutedTypes = [];
      setCounts({ unread: 0, unseen: 0, total: 0, categories: {} });
      emit('items');
      emit('reset');
      loadPreferences();
    }
    loadFirst();
    refreshCounts();
  }

  const offs = [
    herald.onNotification((data) => onNotification(data)),
    herald.on('notification.read', onRead),
    herald.on('notification.deleted', onDeleted),
    herald.on('notification.seen', onState),
    herald.on('notification.unread', onState),
    herald.on('notification.archived', onState),
    herald.on('notification.unarchived', onState),
    herald.on('notification.acted', onState),
    herald.on('notifications.bulk', onBulk),
    herald.on('notification.updated', onUpdated),
    herald.on('preferences.updated', onPreferences),
    herald.on('reset', onReset),
    herald.on('connected', onConnected),
    herald.onStatus((status, detail) => {
      state.status = status;
      state.statusDetail = detail ?? null;
      emit('status');
    }),
  ];

  return {
    state,
    on,
    loadFirst,
    loadMore,
    setView,
    refreshCounts,
    loadPreferences,
    toggleMute,
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
      clearTimeout(countsTimer);
      clearTimeout(listTimer);
      offs.forEach((off) => typeof off === 'function' && safeCall(off));
      listeners.clear();
    },
  };
}
