// The notification center's DOM-free parts: its store (state, counts, changes, sync events) against a
// fake Herald whose api records calls, and its messages (languages, overrides, direction, Intl times).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createStore, isNewer } from '../src/herald-center-store.js';
import { createI18n, MESSAGES } from '../src/herald-center-i18n.js';
import { bannerOf } from '../src/herald-center-banner.js';
import { createPresentation } from '../src/herald-center-types.js';
import { normalize } from '../src/herald-center-util.js';
import { digestBadgeView } from '../src/herald-center-digest.js';

const t = createI18n({ locale: 'en' }).t;

/** A Herald with handlers by name and an api whose answers the test sets (`answers[name]`: value or function). */
function fakeHerald(answers = {}) {
  const handlers = new Map();
  const calls = [];
  const api = new Proxy({}, {
    get: (_, name) => async (...args) => {
      calls.push([name, ...args]);
      const a = answers[name];
      const v = typeof a === 'function' ? a(...args) : a;
      if (v instanceof Error) throw v;
      return v;
    },
  });
  const on = (name, fn) => { handlers.set(name, fn); return () => handlers.delete(name); };
  return {
    api, calls, status: 'open',
    on, onNotification: (fn) => on('notification', fn), onStatus: (fn) => on('@status', fn),
    emit: (name, data) => handlers.get(name)?.(data),
  };
}
const httpError = (status, code) => Object.assign(new Error(`HTTP ${status}`), { status, code });
const item = (id, extra = {}) => ({ id, type: 'comment', title: id, createdAt: '2026-01-01T00:00:00.000Z', read: false, readAt: null, seenAt: null, archivedAt: null, ...extra });
const settle = () => new Promise((r) => setTimeout(r, 0));

test('isNewer compares the sequence of ids of one database; another database counts as newer', () => {
  assert.equal(isNewer('ep-10', 'ep-9'), true);
  assert.equal(isNewer('ep-9', 'ep-10'), false);
  assert.equal(isNewer('ep-9', 'ep-9'), false);
  assert.equal(isNewer('other-1', 'ep-9'), true);
  assert.equal(isNewer('ep-1', null), true);
});

test('counts are taken only when the newest id is the same before and after them; a live notification after them is added', async () => {
  let newest = 'ep-2';
  const herald = fakeHerald({
    list: () => ({ items: [item(newest)], unreadCount: 2, nextBefore: null }),
    counts: () => { const c = { unread: 2, unseen: 2, total: 2, categories: { social: { unread: 1, unseen: 1, total: 1 } } }; newest = 'ep-3'; return c; },
  });
  const store = createStore(herald, { pageSize: 20, t });
  await store.refreshCounts();
  // The first try saw ep-2 then ep-3 (a publish between): it asked again and took the second answer.
  assert.equal(herald.calls.filter((c) => c[0] === 'counts').length, 2);
  assert.equal(store.state.counts.unseen, 2);
  assert.equal(store.state.countThrough, 'ep-3');
  // A replay of ep-3 (covered) changes nothing; ep-4 (after the counts) adds one, in its category too.
  herald.emit('notification', { ...item('ep-3'), category: 'social' });
  herald.emit('notification', { ...item('ep-4'), category: 'social' });
  assert.equal(store.state.counts.unseen, 3);
  assert.equal(store.state.counts.unread, 3);
  assert.equal(store.state.counts.categories.social.unread, 2);
  store.close();
});

test('a sync event\'s counts are taken as they are; without them the totals are set and the counts fetched again', async () => {
  const herald = fakeHerald({ list: { items: [], unreadCount: 0, nextBefore: null }, counts: { unread: 1, unseen: 0, total: 4, categories: { a: { unread: 1, unseen: 0, total: 1 } } } });
  const store = createStore(herald, { pageSize: 20, t });
  herald.emit('notifications.bulk', { action: 'seen', ids: ['ep-1'], all: false, filter: null, changed: 1, unreadCount: 5, unseenCount: 3,
    counts: { unread: 5, unseen: 3, total: 9, categories: { a: { unread: 5, unseen: 3, total: 9 } } } });
  assert.deepEqual(store.state.counts.categories.a, { unread: 5, unseen: 3, total: 9 });
  assert.equal(herald.calls.filter((c) => c[0] === 'counts').length, 0);
  herald.emit('notification.seen', { id: 'ep-9', notificationId: 'ep-1', seenAt: 'x', readAt: null, archivedAt: null, unreadCount: 4, unseenCount: 2 });
  assert.equal(store.state.counts.unread, 4);
  assert.equal(store.state.counts.unseen, 2);
  await new Promise((r) => setTimeout(r, 300)); // the debounced refetch
  assert.equal(herald.calls.filter((c) => c[0] === 'counts').length, 1);
  store.close();
});

test('opening marks the shown items seen by one bulk call; a hub without the bulk route (405) gets one call each', async () => {
  const page = { items: [item('ep-3'), item('ep-2', { seenAt: '2026-01-01T00:00:01.000Z' }), item('ep-1')], unreadCount: 3, nextBefore: null };
  const herald = fakeHerald({ list: page, bulk: { changed: 2 } });
  const store = createStore(herald, { pageSize: 20, t });
  await store.loadFirst();
  await store.markShownSeen();
  assert.deepEqual(herald.calls.filter((c) => c[0] === 'bulk'), [['bulk', { action: 'seen', ids: ['ep-3', 'ep-1'] }]]);
  assert.ok(store.state.items.every((i) => i.seenAt), 'seen');
  assert.ok(store.state.items.every((i) => !i.read), 'still unread');

  const old = fakeHerald({ list: page, bulk: httpError(405, 'method_not_allowed') });
  const s2 = createStore(old, { pageSize: 20, t });
  await s2.loadFirst();
  await s2.markShownSeen();
  assert.deepEqual(old.calls.filter((c) => c[0] === 'markSeen').map((c) => c[1]).sort(), ['ep-1', 'ep-3']);
  store.close();
  s2.close();
});

test('a refused change is put back and announced; a 404 drops the item', async () => {
  const herald = fakeHerald({ list: { items: [item('ep-2'), item('ep-1')], unreadCount: 2, nextBefore: null },
    archive: httpError(500, 'internal'), markRead: httpError(404, 'not_found') });
  const store = createStore(herald, { pageSize: 20, t });
  const said = [];
  store.on('announce', (x) => said.push(x));
  await store.loadFirst();
  assert.equal(await store.archive('ep-2'), false);
  assert.equal(store.state.byId.get('ep-2').archivedAt, null);
  assert.match(said.at(-1), /^Couldn’t do that: HTTP 500/);
  await store.markRead('ep-1');
  assert.equal(store.state.byId.has('ep-1'), false);
  store.close();
});

test('an edit replaces the item in place with the user\'s state kept; a retraction removes it', async () => {
  const herald = fakeHerald({ list: { items: [item('ep-2', { read: true, readAt: '2026-01-01T00:00:02.000Z', seenAt: '2026-01-01T00:00:02.000Z' })], unreadCount: 0, nextBefore: null },
    counts: { unread: 0, unseen: 0, total: 0, categories: {} } });
  const store = createStore(herald, { pageSize: 20, t });
  await store.loadFirst();
  const before = store.state.byId.get('ep-2');
  herald.emit('notification.updated', { id: 'ep-2', type: 'comment', title: 'edited', body: 'new body', createdAt: '2026-01-01T00:00:00.000Z',
    actions: [{ id: 'ok', label: 'OK', url: null }] });
  const after = store.state.byId.get('ep-2');
  assert.equal(after, before, 'the same item, changed in place');
  assert.equal(after.title, 'edited');
  assert.equal(after.read, true);
  assert.equal(after.actions[0].label, 'OK');
  assert.equal(store.state.items.length, 1);
  herald.emit('notification.deleted', { id: 'ep-2', retracted: true });
  assert.equal(store.state.items.length, 0);
  store.close();
});

test('a digest: its count arrives with it, and a later one of its window raises it in place, live, without a new arrival', async () => {
  const herald = fakeHerald({ list: { items: [], unreadCount: 0, nextBefore: null }, counts: { unread: 0, unseen: 0, total: 0, categories: {} } });
  const store = createStore(herald, { pageSize: 20, t });
  await store.loadFirst();
  const arrived = [];
  const changed = [];
  store.on('arrived', (x) => arrived.push(x.id));
  store.on('item', (id) => changed.push(id));
  const digest = { key: 'comments:post-42', windowSeconds: 60 };
  herald.emit('notification', { ...item('ep-5'), title: 'Bob commented', digest, count: 1 });
  const first = store.state.byId.get('ep-5');
  assert.equal(first.count, 1);
  assert.equal(first.updatedAt, null);
  assert.equal(digestBadgeView(first, t), null, 'one notification: no badge');
  herald.emit('notification.updated', { ...item('ep-5'), title: '12 new comments', digest, count: 12, updatedAt: '2026-01-01T00:05:00.000Z' });
  const after = store.state.byId.get('ep-5');
  assert.equal(after, first, 'the same item, changed in place');
  assert.deepEqual([after.count, after.title, after.updatedAt], [12, '12 new comments', '2026-01-01T00:05:00.000Z']);
  assert.deepEqual(digestBadgeView(after, t), { text: '×12', label: '12 notifications' });
  assert.deepEqual(arrived, ['ep-5'], 'the merge is no new arrival (no toast)');
  assert.deepEqual(changed, ['ep-5'], 'the list is told to update that item');
  assert.equal(store.state.items.length, 1);
  store.close();
});

test('a digest\'s badge: only past 1, in each language with its number format, and an app\'s own words', () => {
  const n = (count) => normalize({ id: 'ep-1', type: 'comment', title: 'x', count });
  for (const count of [undefined, null, 0, 1, -3, 2.5, '12', 2 ** 60]) assert.equal(digestBadgeView(n(count), t), null, String(count));
  assert.equal(n('12').count, 1, 'a count that is not a whole number counts as 1');
  assert.deepEqual(digestBadgeView(n(1234), t), { text: '×1,234', label: '1,234 notifications' });
  const de = createI18n({ locale: 'de' });
  assert.deepEqual(digestBadgeView(n(1234), de.t), { text: '×1.234', label: '1.234 Benachrichtigungen' });
  const ar = createI18n({ locale: 'ar' });
  assert.deepEqual(digestBadgeView(n(12), ar.t), { text: `×${ar.number(12)}`, label: `عدد الإشعارات: ${ar.number(12)}` });
  const own = createI18n({ locale: 'en', messages: { digestBadge: '{count} new' } });
  assert.equal(digestBadgeView(n(3), own.t).text, '3 new');
});

test('a bulk sync event for "all read in a category" applies to the loaded items of that category', async () => {
  const herald = fakeHerald({ list: { items: [item('ep-3', { category: 'a' }), item('ep-2', { category: 'b' }), item('ep-1', { category: 'a' })], unreadCount: 3, nextBefore: null } });
  const store = createStore(herald, { pageSize: 20, t });
  await store.loadFirst();
  herald.emit('notifications.bulk', { action: 'read', ids: null, all: true, filter: { category: 'a' }, changed: 2, unreadCount: 1, unseenCount: 1 });
  assert.deepEqual(store.state.items.map((i) => [i.id, i.read]), [['ep-3', true], ['ep-2', false], ['ep-1', true]]);
  herald.emit('notifications.bulk', { action: 'archive', ids: ['ep-2'], all: false, filter: null, changed: 1, unreadCount: 0, unseenCount: 0 });
  assert.deepEqual(store.state.items.map((i) => i.id), ['ep-3', 'ep-1'], 'archived ones leave the inbox view');
  await settle();
  store.close();
});

test('mark all read: the All tab uses read-all; a category tab the bulk route with its filter, and only its counts drop', async () => {
  const items = [item('ep-3', { category: 'a' }), item('ep-2', { category: 'b' }), item('ep-1', { category: 'a' })];
  const herald = fakeHerald({ list: (q) => ({ items: q.category ? items.filter((i) => i.category === q.category) : items, unreadCount: 3, nextBefore: null }),
    bulk: { changed: 2 }, counts: { unread: 3, unseen: 3, total: 3, categories: { a: { unread: 2, unseen: 2, total: 2 }, b: { unread: 1, unseen: 1, total: 1 } } } });
  const store = createStore(herald, { pageSize: 20, t });
  await store.refreshCounts();
  store.setView({ category: 'a' });
  await settle();
  assert.deepEqual(store.state.items.map((i) => i.id), ['ep-3', 'ep-1']);
  await store.markAllRead();
  assert.deepEqual(herald.calls.filter((c) => c[0] === 'bulk'), [['bulk', { action: 'read', all: true, filter: { category: 'a' } }]]);
  assert.deepEqual([store.state.counts.unread, store.state.counts.unseen, store.state.counts.categories.a.unread, store.state.counts.categories.b.unread], [1, 1, 0, 1]);
  store.setView({});
  await settle();
  await store.markAllRead();
  assert.equal(herald.calls.filter((c) => c[0] === 'markAllRead').length, 1);
  assert.equal(store.state.counts.unread, 0);
  assert.equal(store.state.counts.categories.b.unread, 0);
  store.close();
});

test('muting a category sends only mutedCategories (the hub keeps mutedTypes); a refusal puts it back', async () => {
  let refuse = false;
  const herald = fakeHerald({ getPreferences: { mutedTypes: ['promo'], mutedCategories: [] },
    setPreferences: (body) => (refuse ? httpError(503, 'unavailable') : { mutedTypes: ['promo'], mutedCategories: body.mutedCategories }) });
  const store = createStore(herald, { pageSize: 20, t });
  await store.loadPreferences();
  store.toggleMuteCategory('social', true);
  await store.state.prefsQueue;
  assert.deepEqual(herald.calls.filter((c) => c[0] === 'setPreferences'), [['setPreferences', { mutedCategories: ['social'] }]]);
  assert.deepEqual([store.state.mutedTypes, store.state.mutedCategories], [['promo'], ['social']]);
  refuse = true;
  store.toggleMuteCategory('billing', true);
  await store.state.prefsQueue;
  assert.deepEqual(store.state.mutedCategories, ['social']);
  assert.match(store.state.prefsError, /503/);
  herald.emit('preferences.updated', { id: 'ep-9', mutedTypes: [], mutedCategories: ['news'], unreadCount: 0 });
  assert.deepEqual([store.state.mutedTypes, store.state.mutedCategories], [[], ['news']]);
  store.close();
});

test('messages: the shipped languages have every English key; overrides flat or per language; RTL; Intl relative times', () => {
  for (const lang of Object.keys(MESSAGES)) assert.deepEqual(Object.keys(MESSAGES[lang]).sort(), Object.keys(MESSAGES.en).sort(), lang);
  const ar = createI18n({ locale: 'ar' });
  assert.equal(ar.dir, 'rtl');
  assert.equal(ar.t('notifications'), 'الإشعارات');
  assert.equal(createI18n({ locale: 'he-IL' }).dir, 'rtl');
  assert.equal(createI18n({ locale: 'de-AT' }).t('markAllRead'), 'Alle als gelesen markieren');
  assert.equal(createI18n({ locale: 'de', messages: { markAllRead: 'Alles gelesen' } }).t('markAllRead'), 'Alles gelesen');
  const fr = createI18n({ locale: 'fr', messages: { fr: { notifications: 'Notifications (fr)' }, de: { notifications: 'x' } } });
  assert.equal(fr.t('notifications'), 'Notifications (fr)');
  assert.equal(fr.t('markAllRead'), 'Mark all read', 'a key left out falls back to English');
  assert.equal(fr.dir, 'ltr');
  const en = createI18n({ locale: 'en' });
  assert.equal(en.t('bellNew', { count: 3 }), 'Notifications, 3 new');
  const now = Date.parse('2026-01-10T12:00:00.000Z');
  assert.equal(en.relativeTime('2026-01-10T11:59:50.000Z', now), 'just now');
  assert.equal(en.relativeTime('2026-01-10T11:55:00.000Z', now), '5 minutes ago');
  assert.equal(en.relativeTime('2026-01-10T09:00:00.000Z', now), '3 hours ago');
  assert.equal(en.relativeTime('2026-01-09T12:00:00.000Z', now), 'yesterday');
  assert.equal(createI18n({ locale: 'de' }).relativeTime('2026-01-10T11:55:00.000Z', now), 'vor 5 Minuten');
  assert.equal(en.relativeTime('not a date', now), '');
});

test('bannerOf: only an urgent notification with data.banner; text, duration and tone from it, with defaults', () => {
  const n = (extra) => normalize({ id: 'ep-1', type: 'maintenance', title: 'Maintenance', body: 'Tonight', priority: 'urgent', ...extra });
  assert.equal(bannerOf(n({ data: null })), null);
  assert.equal(bannerOf(n({ data: { banner: true }, priority: 'high' })), null, 'urgent only');
  assert.equal(bannerOf(n({ data: { banner: 'yes' } })), null, 'true or an object');
  assert.deepEqual(bannerOf(n({ data: { banner: true } })), { text: 'Maintenance — Tonight', durationMs: 0, tone: 'warning', url: null });
  assert.deepEqual(bannerOf(n({ data: { banner: { text: 'Down 22:00', durationMs: 60000, tone: 'error' } } })),
    { text: 'Down 22:00', durationMs: 60000, tone: 'error', url: null });
  assert.equal(bannerOf(n({ data: { banner: { tone: 'purple', durationMs: -5 } } })).tone, 'warning');
  assert.equal(bannerOf(n({ data: { banner: { durationMs: -5 } } })).durationMs, 0);
});

test('per-type presentation: icon, a known tone only, render for the headline, the title otherwise', () => {
  const p = createPresentation({ xp: { icon: '⭐', tone: 'success', render: (x) => `+${x.data.amount} XP` }, odd: { tone: 'purple', render: () => { throw new Error('app bug'); } } });
  const xp = normalize({ id: 'ep-1', type: 'xp', title: 'XP gained', data: { amount: 50 } });
  assert.deepEqual({ icon: p.of(xp).icon, tone: p.of(xp).tone }, { icon: '⭐', tone: 'success' });
  assert.equal(p.headline(xp, '(untitled)'), '+50 XP');
  const odd = normalize({ id: 'ep-2', type: 'odd', title: 'Odd one' });
  assert.equal(p.of(odd).tone, null, 'an unknown tone is ignored');
  const logged = console.error;
  console.error = () => {};
  try { assert.equal(p.headline(odd, '(untitled)'), 'Odd one', 'a render that throws falls back to the title'); } finally { console.error = logged; }
  assert.deepEqual(p.of(normalize({ id: 'ep-3', type: 'toString', title: 'x' })), {}, 'only the app\'s own keys');
});

test('the push switch shows each status of herald.push, and why it cannot be turned on', async () => {
  const { pushSwitchView } = await import('../src/herald-center-push.js');
  const { t } = createI18n({ locale: 'en' });
  assert.deepEqual(pushSwitchView(null, null, t), { checked: false, disabled: true, note: '' }, 'unknown yet');
  assert.deepEqual(pushSwitchView('enabled', null, t), { checked: true, disabled: false, note: '' });
  assert.deepEqual(pushSwitchView('disabled', null, t), { checked: false, disabled: false, note: '' });
  assert.deepEqual(pushSwitchView('unsupported', null, t), { checked: false, disabled: true, note: MESSAGES.en.pushUnsupported });
  assert.deepEqual(pushSwitchView('denied', null, t), { checked: false, disabled: true, note: MESSAGES.en.pushBlocked });
  assert.equal(pushSwitchView('disabled', { code: 'push_denied' }, t).note, MESSAGES.en.pushBlocked);
  assert.deepEqual(pushSwitchView('disabled', { code: 'push_unavailable', status: 404 }, t),
    { checked: false, disabled: true, note: MESSAGES.en.pushUnavailable }, 'a hub without push: nothing to switch');
  assert.equal(pushSwitchView('disabled', new Error('offline'), t).note, 'Couldn’t change push notifications: offline');
  const de = createI18n({ locale: 'de' }).t;
  assert.equal(pushSwitchView('unsupported', null, de).note, MESSAGES.de.pushUnsupported);
});
