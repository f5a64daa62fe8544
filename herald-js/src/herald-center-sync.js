// The notification center's live events: new notifications and every sync event of the user's inbox
// (read, seen, unread, archived, unarchived, acted, bulk, deleted or retracted, edited, preferences),
// the reconnections and resets. Each one changes the store's items and counts as the hub says.

import { normalize } from './herald-center-util.js';

const LIST_DEBOUNCE_MS = 250;

/** core: { herald, state, emit, counts, inView, remember, patch, dropItem, sortItems, loadFirst, loadPreferences }. Returns close(). */
export function attachSync(core) {
  const { herald, state, emit, counts, inView, remember, patch, dropItem, sortItems, loadFirst, loadPreferences } = core;
  const now = () => new Date().toISOString();
  const syncCounts = counts.sync;
  const refreshCountsSoon = counts.refreshSoon;
  const refreshCounts = counts.refresh;
  const setCounts = counts.set;

  function onNotification(data) {
    if (!data || typeof data.id !== 'string') return;
    if (state.byId.has(data.id) || counts.seen(data.id)) return; // replayed after a reconnect, or already on a page
    const item = normalize({ ...data, read: false, readAt: null, seenAt: null, archivedAt: null });
    item.liveGen = state.gen;
    state.liveChanges++;
    remember(item);
    counts.arrived(item);
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
    // A retraction names the notification in both `id` and `notificationId` (older hubs: `id` only).
    const id = typeof data.notificationId === 'string' ? data.notificationId : data.retracted ? data.id : null;
    if (typeof id === 'string') {
      dropItem(id);
      counts.forget(id);
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
    if (Array.isArray(data.mutedCategories)) state.mutedCategories = data.mutedCategories.filter((x) => typeof x === 'string');
    syncCounts(data);
    if (state.prefsSaving === 0) emit('prefs');
  }

  let listTimer = null;
  function refreshListSoon() {
    if (listTimer === null) listTimer = setTimeout(() => { listTimer = null; loadFirst(); }, LIST_DEBOUNCE_MS);
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
      counts.clear();
      state.nextBefore = undefined;
      state.mutedTypes = [];
      state.mutedCategories = [];
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

  return () => {
    clearTimeout(listTimer);
    offs.forEach((off) => typeof off === 'function' && off());
  };
}
