// Web Push in the page (`herald.push`): registers herald-sw.js, subscribes with the hub's VAPID key
// and registers the subscription with the hub; and does for the service worker what needs the user's
// token (the worker holds none): marks a clicked notification read, registers a renewed subscription.
// docs/api.md ("Web Push, browser side") is the contract.

import { HeraldError } from './herald-rest.js';

/** The worker the hub serves, at its origin's root so that it may control every page. */
export const DEFAULT_SERVICE_WORKER_URL = '/herald-sw.js';

/** The base64url public key as the bytes PushManager.subscribe takes. */
export function keyBytes(base64url) {
  const b64 = base64url.replace(/-/g, '+').replace(/_/g, '/');
  const raw = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(raw, (c) => c.charCodeAt(0));
}

function sameBytes(a, b) {
  if (!a || !b) return false;
  const x = new Uint8Array(a);
  const y = new Uint8Array(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

const unsupported = () => new HeraldError('this browser does not support Web Push (service workers, the Push API and notifications are needed)', 0, 'push_unsupported');
const denied = () => new HeraldError('notifications are not allowed for this site', 0, 'push_denied');

/** A 404 from a push route: the hub has no Web Push (an older hub, or push turned off). */
function hubless(err) {
  if (err instanceof HeraldError && err.status === 404) {
    return new HeraldError('this hub does not offer Web Push', 404, 'push_unavailable');
  }
  return err;
}

/**
 * `env`: api (the REST helpers), serviceWorker (navigator.serviceWorker), Notification, PushManager
 * (each may be undefined: then the browser has no Web Push).
 */
export class HeraldPush {
  constructor(env) {
    this._env = env;
    this._scriptUrl = DEFAULT_SERVICE_WORKER_URL;
    this._scope = undefined;
    this._onMessage = (event) => this._message(event && event.data);
    this._clicked = new Set(); // the ids of clicks handled, the last 100
  }

  /** True when this browser can do Web Push at all. */
  get supported() {
    const { serviceWorker, Notification, PushManager } = this._env;
    return !!(serviceWorker && typeof serviceWorker.register === 'function' && Notification && PushManager);
  }

  /** 'unsupported' | 'denied' | 'disabled' | 'enabled' (enabled: this browser's subscription is the user's on the hub). */
  async status() {
    if (!this.supported) return 'unsupported';
    const permission = this._env.Notification.permission;
    if (permission === 'denied') return 'denied';
    const sub = await this._subscription();
    if (!sub || permission !== 'granted') return 'disabled';
    let listed;
    try {
      listed = await this._env.api.pushSubscriptions();
    } catch (err) {
      if (err instanceof HeraldError && err.status === 404) return 'unsupported';
      throw err;
    }
    return listed.items.some((s) => s.endpoint === sub.endpoint) ? 'enabled' : 'disabled';
  }

  /**
   * Registers the worker, asks for permission (call it from a click: browsers ask only then),
   * subscribes with the hub's key and registers the subscription. Resolves to 'enabled'; rejects
   * with a HeraldError: push_unsupported, push_denied, or push_unavailable (the hub answered 404).
   */
  async enable({ serviceWorkerUrl, scope } = {}) {
    if (!this.supported) throw unsupported();
    if (serviceWorkerUrl !== undefined) this._scriptUrl = serviceWorkerUrl;
    if (scope !== undefined) this._scope = scope;
    const { Notification, serviceWorker, api } = this._env;
    if (Notification.permission === 'denied') throw denied();
    // The hub first: a hub without push fails before the user is asked anything.
    let publicKey;
    try {
      publicKey = keyBytes((await api.pushPublicKey()).publicKey);
    } catch (err) {
      throw hubless(err);
    }
    let permission = Notification.permission;
    if (permission !== 'granted') permission = await Notification.requestPermission();
    if (permission !== 'granted') throw denied();
    const registration = await serviceWorker.register(this._scriptUrl, this._scope ? { scope: this._scope } : undefined);
    await activated(registration);
    let sub = await registration.pushManager.getSubscription();
    if (sub && !sameBytes(sub.options && sub.options.applicationServerKey, publicKey)) {
      await sub.unsubscribe(); // made with another key (the hub's keys changed): useless now
      sub = null;
    }
    if (!sub) sub = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: publicKey });
    try {
      await api.addPushSubscription(sub.toJSON());
    } catch (err) {
      throw hubless(err);
    }
    return 'enabled';
  }

  /** Unsubscribes this browser and removes the subscription from the hub. Resolves to the new status. */
  async disable() {
    if (!this.supported) return 'unsupported';
    const sub = await this._subscription();
    if (sub) {
      const { endpoint } = sub;
      // The browser first: once unsubscribed nothing arrives, even if the hub cannot be told now
      // (it then drops the subscription at the push service's 404/410).
      await sub.unsubscribe();
      try {
        await this._env.api.removePushSubscription(endpoint);
      } catch (err) {
        if (!(err instanceof HeraldError && err.status === 404)) throw err;
      }
    }
    return this._env.Notification.permission === 'denied' ? 'denied' : 'disabled';
  }

  /** Listens to the worker's messages (Herald.connect calls it). */
  listen() {
    const sw = this._env.serviceWorker;
    if (!sw || typeof sw.addEventListener !== 'function' || this._listening) return;
    this._listening = true;
    sw.addEventListener('message', this._onMessage);
    // Messages the worker sent before this page listened (a page opened by a click) wait until then.
    if (typeof sw.startMessages === 'function') sw.startMessages();
    // A page the worker opened for a click may listen only now: the worker tells it again on this.
    if (sw.controller && typeof sw.controller.postMessage === 'function') sw.controller.postMessage({ type: 'herald.push.ready' });
  }

  unlisten() {
    const sw = this._env.serviceWorker;
    if (!this._listening) return;
    this._listening = false;
    sw.removeEventListener('message', this._onMessage);
  }

  async _registration() {
    return this._env.serviceWorker.getRegistration(this._scope);
  }

  async _subscription() {
    const registration = await this._registration();
    return registration && registration.pushManager ? registration.pushManager.getSubscription() : null;
  }

  /** What the worker asks for. Failures are dropped: there is nobody to tell, and both are retried later (sync, or the next click). */
  _message(data) {
    if (!data || typeof data !== 'object') return undefined;
    const { api } = this._env;
    if (data.type === 'herald.push.click' && typeof data.id === 'string' && data.id) {
      if (this._clicked.has(data.id)) return undefined; // told twice (the worker's ready handshake)
      this._clicked.add(data.id);
      if (this._clicked.size > 100) this._clicked.delete(this._clicked.values().next().value);
      return api.markRead(data.id).catch(() => undefined);
    }
    if (data.type === 'herald.push.subscriptionchange') {
      return (async () => {
        const sub = await this._subscription();
        if (sub) await api.addPushSubscription(sub.toJSON());
        if (typeof data.oldEndpoint === 'string' && data.oldEndpoint && (!sub || sub.endpoint !== data.oldEndpoint)) {
          await api.removePushSubscription(data.oldEndpoint);
        }
      })().catch(() => undefined);
    }
    return undefined;
  }
}

/** Resolves once the registration has an active worker (PushManager.subscribe needs one). */
function activated(registration) {
  if (registration.active) return Promise.resolve(registration);
  const worker = registration.installing || registration.waiting;
  if (!worker) return Promise.resolve(registration);
  return new Promise((resolve, reject) => {
    const check = () => {
      if (worker.state === 'activated') {
        worker.removeEventListener('statechange', check);
        resolve(registration);
      } else if (worker.state === 'redundant') {
        worker.removeEventListener('statechange', check);
        reject(new HeraldError('the service worker failed to install', 0, 'push_unsupported'));
      }
    };
    worker.addEventListener('statechange', check);
    check();
  });
}
