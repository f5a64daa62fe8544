// The notification center's counts: unread, unseen and total, in all and per category, as the hub has
// them (GET /v1/me/notifications/counts), plus the live notifications that came after them. Fenced by
// the newest notification so that a live or replayed one is counted exactly once.

const COUNTS_DEBOUNCE_MS = 250;

/** Whether item id `a` comes after `b` (ids are `<epoch>-<seq>`; null `b`: nothing counted yet). */
export function isNewer(a, b) {
  if (b === null || b === undefined) return true;
  const x = /^(.*)-0*(\d+)$/.exec(a);
  const y = /^(.*)-0*(\d+)$/.exec(b);
  if (!x || !y || x[1] !== y[1]) return true; // another database: nothing of it was counted
  return x[2].length !== y[2].length ? x[2].length > y[2].length : x[2] > y[2];
}

/** Store parts: { api, state, emit }. state.counts, state.countThrough, state.categories, state.liveChanges live in the store's state. */
export function createCounts({ api, state, emit }) {
  let countsTimer = null;
  const liveSince = new Map(); // live notifications not yet covered by a count: id → item
  const liveItems = () => [...liveSince.values()];

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

  function refreshCountsSoon() {
    if (countsTimer === null) countsTimer = setTimeout(refreshCounts, COUNTS_DEBOUNCE_MS);
  }

  /**
   * A sync event's counts: the whole `counts` when the hub sends it; else its totals at once, and the
   * counts fetched again (debounced) when it lacks the unseen count or there are category tabs to update.
   */
  function syncCounts(data) {
    state.liveChanges++;
    if (data?.counts && typeof data.counts === 'object') { setCounts(data.counts); return; }
    const both = Number.isFinite(data?.unreadCount) && Number.isFinite(data?.unseenCount);
    if (Number.isFinite(data?.unreadCount)) {
      setCounts({ ...state.counts, unread: data.unreadCount, unseen: both ? data.unseenCount : Math.min(state.counts.unseen, data.unreadCount) });
    }
    if (!both || state.categories.size > 0) refreshCountsSoon();
  }

  /** A change to the counts for one item: unread by du, unseen by ds, in all and in its category. */
  const delta = (item, du, ds) => (c) => {
    const cats = { ...c.categories };
    if (item?.category && cats[item.category]) {
      const k = cats[item.category];
      cats[item.category] = { ...k, unread: Math.max(0, k.unread + du), unseen: Math.max(0, k.unseen + ds) };
    }
    return { ...c, unread: Math.max(0, c.unread + du), unseen: Math.max(0, c.unseen + ds), categories: cats };
  };

  /** A live notification: counted when the counts do not have it yet (else a replay they cover). */
  function arrived(item) {
    if (!isNewer(item.id, state.countThrough)) return;
    liveSince.set(item.id, item);
    if (liveSince.size > 500) liveSince.delete(liveSince.keys().next().value);
    bump(item, 1);
  }

  return {
    set: setCounts,
    delta,
    refresh: refreshCounts,
    refreshSoon: refreshCountsSoon,
    sync: syncCounts,
    arrived,
    seen: (id) => liveSince.has(id),
    forget: (id) => liveSince.delete(id),
    clear() { liveSince.clear(); state.countThrough = null; },
    close() { clearTimeout(countsTimer); countsTimer = null; },
  };
}
