// herald-sw.js: the service worker of Herald's Web Push (docs/api.md, "Web Push, browser side").
//
// The hub serves it at /herald-sw.js (its scope is then the whole origin); an app that serves its own
// pages elsewhere copies it from @herald/client and serves it from its origin's root, or gives the
// scope it needs with a Service-Worker-Allowed header. herald.push.enable() registers it.
//
// A classic script (not a module) so that every browser with Web Push can run it. It holds no
// credentials: it never calls the hub. What needs the user's token (marking a notification read,
// registering a renewed subscription) is asked of an open page of the app by postMessage, and the
// page's herald.js does it (decisions-push-browser.md).
//
// Messages to pages: { type: 'herald.push.click', id, notification } after a click, and
// { type: 'herald.push.subscriptionchange', oldEndpoint } after the browser renewed the subscription.
// From pages: { type: 'herald.push.ready' } when a page's Herald starts listening.
/* global self */
'use strict';

(function heraldServiceWorker(sw) {
  const DEFAULT_TITLE = 'New notification';

  /** The push payload ({ id, title, body, actionUrl, type, category }), or {} when it is not JSON. */
  function readPayload(data) {
    if (!data) return {};
    try {
      const value = data.json();
      return value && typeof value === 'object' && !Array.isArray(value) ? value : {};
    } catch {
      // Not JSON: show it as the body rather than nothing (a push must show a notification).
      try {
        return { body: data.text() };
      } catch {
        return {};
      }
    }
  }

  function text(value) {
    return typeof value === 'string' && value.length > 0 ? value : undefined;
  }

  /** The origin this worker serves: its scope's. */
  function origin() {
    return new URL(sw.registration.scope).origin;
  }

  /**
   * Where a click may go: a same-origin path or an absolute http(s) URL, as a URL; null for anything
   * else (javascript:, data:, protocol-relative //host, control characters), so a payload can never
   * run script or open an odd scheme.
   */
  function safeTarget(raw) {
    if (typeof raw !== 'string' || raw.length === 0 || raw.length > 2048) return null;
    if (/[\s\u0000-\u001f\u007f\\]/.test(raw)) return null;
    try {
      if (raw.startsWith('/') && !raw.startsWith('//')) {
        const u = new URL(raw, origin());
        return u.origin === origin() ? u : null;
      }
      if (/^https?:\/\//i.test(raw)) return new URL(raw);
    } catch {
      // not a URL
    }
    return null;
  }

  /** showNotification's arguments for a payload: the id as tag, so a repeated push replaces it. */
  function notificationFor(payload) {
    const options = { data: payload };
    const body = text(payload.body);
    if (body !== undefined) options.body = body;
    if (text(payload.id) !== undefined) options.tag = payload.id;
    const icon = text(payload.icon) && safeTarget(payload.icon);
    if (icon) options.icon = icon.href;
    return [text(payload.title) || DEFAULT_TITLE, options];
  }

  function onPush(event) {
    const [title, options] = notificationFor(readPayload(event.data));
    event.waitUntil(sw.registration.showNotification(title, options));
  }

  /** Tells one page of the app; it marks the notification read with its token. */
  function tell(client, message) {
    if (client && typeof client.postMessage === 'function') client.postMessage(message);
  }

  // A page that openWindow just opened may start its Herald later than the message arrives (after
  // fetching a token, say). It says { type: 'herald.push.ready' } when it listens; the click is
  // told again then. The click's waitUntil keeps this worker alive meanwhile, up to READY_WAIT_MS.
  const READY_WAIT_MS = 30000;
  const waitingForReady = new Map(); // client id -> { message, done }

  function tellWhenReady(client, message) {
    tell(client, message); // in case it listens already (the page ignores a click it has handled)
    if (!client.id) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        waitingForReady.delete(client.id);
        resolve();
      }, READY_WAIT_MS);
      waitingForReady.set(client.id, { message, done: () => { clearTimeout(timer); resolve(); } });
    });
  }

  function onMessage(event) {
    const data = event.data;
    if (!data || data.type !== 'herald.push.ready' || !event.source) return;
    const waiting = waitingForReady.get(event.source.id);
    if (!waiting) return;
    waitingForReady.delete(event.source.id);
    tell(event.source, waiting.message);
    waiting.done();
  }

  async function openFor(payload) {
    const target = safeTarget(payload.actionUrl);
    const own = origin();
    const windows = (await sw.clients.matchAll({ type: 'window', includeUncontrolled: true }))
      .filter((c) => new URL(c.url).origin === own);
    const message = { type: 'herald.push.click', id: text(payload.id) ?? null, notification: payload };
    // A tab already showing the target, else (without a target) any tab of the app: focus it.
    const showing = target ? windows.find((c) => c.url === target.href) : windows[0];
    if (showing) {
      const focused = typeof showing.focus === 'function' ? await showing.focus() : showing;
      tell(focused || showing, message);
      return;
    }
    const opened = await sw.clients.openWindow(target ? target.href : sw.registration.scope);
    // A cross-origin target gives no client back: an open tab of the app marks it read instead.
    if (opened && new URL(opened.url).origin === own) await tellWhenReady(opened, message);
    else tell(windows[0], message);
  }

  function onNotificationClick(event) {
    event.notification.close();
    const payload = event.notification.data && typeof event.notification.data === 'object'
      ? event.notification.data : {};
    event.waitUntil(openFor(payload));
  }

  /** The browser renewed (or dropped) the subscription: subscribe again, and have a page register it. */
  async function resubscribe(event) {
    const old = event.oldSubscription || null;
    let renewed = event.newSubscription || null;
    if (!renewed && old && old.options) {
      try {
        renewed = await sw.registration.pushManager.subscribe(old.options);
      } catch {
        renewed = null; // permission gone: nothing to register; the hub drops the old one on its 410
      }
    }
    if (!renewed) return;
    const windows = await sw.clients.matchAll({ type: 'window', includeUncontrolled: true });
    // With no page open, the renewed subscription is registered when the user turns push on again.
    const message = { type: 'herald.push.subscriptionchange', oldEndpoint: old ? old.endpoint : null };
    for (const c of windows) tell(c, message);
  }

  function onSubscriptionChange(event) {
    event.waitUntil(resubscribe(event));
  }

  // Take over at once: a new version of this file replaces the old one without waiting for every tab.
  sw.addEventListener('install', () => sw.skipWaiting());
  sw.addEventListener('activate', (event) => event.waitUntil(sw.clients.claim()));
  sw.addEventListener('push', onPush);
  sw.addEventListener('notificationclick', onNotificationClick);
  sw.addEventListener('pushsubscriptionchange', onSubscriptionChange);
  sw.addEventListener('message', onMessage);
}(self));
