// herald.js: the browser client of a Herald hub (docs/api.md is the wire contract).
//
// Plain ES modules with no dependencies and no build step. The hub serves this file at /herald.js:
//
//   import { Herald } from '/herald.js';
//   const herald = new Herald({ tokenProvider: () => fetch('/my-token').then((r) => r.text()) });
//   herald.onNotification((n, meta) => show(n));
//   herald.connect();
//
// It runs unmodified in modern browsers and imports in Node 20 (every browser global is guarded).
// See README.md for the options, the events and how tabs share one connection. This file is the
// facade: the connection's state machine, wired to the small modules next to it (the hub serves
// them next to /herald.js): the SSE parser, the backoff, the two transports, the tab leader, the
// token source and the REST helpers.

import { Attempt } from './herald-attempt.js';
import { Backoff, DEFAULT_RECONNECT } from './herald-backoff.js';
import { compareIds } from './herald-ids.js';
import { itemArguments } from './herald-items.js';
import { Listeners } from './herald-listeners.js';
import { watchPage, whenRestored } from './herald-page-events.js';
import { HeraldPush } from './herald-push.js';
import { createApi, HeraldError } from './herald-rest.js';
import { waitAfter } from './herald-retry-after.js';
import { groupName, hubKey, tokenSubject } from './herald-scope.js';
import { SseParser } from './herald-sse-parser.js';
import { attemptsAfter, errorAfter } from './herald-status.js';
import { randomTabId, relayable, TabLeader } from './herald-tab-leader.js';
import { TokenSource } from './herald-token-source.js';
import { canStreamFetch, streamWithFetch } from './herald-transport-fetch.js';
import { streamWithEventSource } from './herald-transport-eventsource.js';

export { Backoff, compareIds, HeraldError, SseParser };

function parseData(raw) {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** A seam: the option when given (null = none), else the global when it exists. */
function seam(option, global) {
  return option !== undefined ? option : global;
}

/**
 * A connection to a Herald hub. Statuses: 'connecting' | 'open' | 'reconnecting' | 'closed' |
 * 'circuit-open'. See README.md.
 */
export class Herald {
  constructor(options = {}) {
    const o = options;
    this._url = String(o.url ?? '').replace(/\/+$/, '');
    this._tokens = new TokenSource(o.token, o.tokenProvider);
    this._events = Array.isArray(o.events) && o.events.length ? o.events.slice() : undefined;
    this._reconnect = { ...DEFAULT_RECONNECT, ...(o.reconnect || {}) };
    this._heartbeatFactor = o.heartbeatFactor ?? 2.5;
    this._connectTimeoutMs = o.connectTimeoutMs ?? 30000;
    this._transport = o.transport ?? 'auto';
    if (!['auto', 'fetch', 'eventsource'].includes(this._transport)) {
      throw new TypeError(`transport must be 'auto', 'fetch' or 'eventsource', got '${this._transport}'`);
    }
    this._share = o.shareAcrossTabs ?? true;
    this._channelName = o.channelName ?? 'herald';
    // The user this tab is for: the userId option, else the token's sub (else it is unknown, and the
    // tab holds its own stream). Only tabs of one user (and hub, and filter) share a stream.
    this._userOpt = o.userId !== undefined && o.userId !== null && o.userId !== '' ? String(o.userId) : undefined;
    this._user = this._userOpt ?? tokenSubject(this._tokens.token);
    this._streamUser = null; // the userId of the last `connected`
    this._vetted = false; // a token was checked against the user (a tab joins its group only then)
    this._backoff = new Backoff({ ...this._reconnect, random: o.random ?? Math.random });

    // Seams for other environments and for tests; each defaults to the browser global, if any.
    // undefined means "the default", null means "none".
    this._fetchOpt = o.fetch;
    this._EventSource = seam(o.EventSource, typeof EventSource === 'function' ? EventSource : undefined);
    this._BroadcastChannel = seam(o.BroadcastChannel,
      typeof BroadcastChannel === 'function' ? BroadcastChannel : undefined);
    this._locks = seam(o.locks, typeof navigator !== 'undefined' && navigator && navigator.locks
      && typeof navigator.locks.request === 'function' ? navigator.locks : undefined);
    this._window = seam(o.window, typeof window !== 'undefined' ? window : undefined);
    this._document = seam(o.document, typeof document !== 'undefined' ? document : undefined);

    this._listeners = new Listeners(); // by event name; '*' = every event
    this._statusListeners = new Listeners(); // under 'status'
    this._status = 'closed';
    this._statusDetail = undefined;
    this._error = null;
    this._reconnectAttempts = 0;
    this._lastEvent = null;
    this._lastEventId = null;
    this._isLeader = !this._share;

    this._running = false;
    this._session = 0; // bumps on connect()/disconnect(): late callbacks of an old session are ignored
    this._conn = null; // the current stream Attempt
    this._failures = 0; // consecutive failed attempts (an attempt succeeds when `connected` arrives)
    this._authFailures = 0;
    this._retryTimer = null;
    this._watchdog = null;
    this._esFallback = false; // 'auto' found that fetch cannot stream
    this._notBefore = 0; // the hub's Retry-After: no stream attempt before this time (epoch ms)

    this._tabId = randomTabId();
    this._tabs = null; // the TabLeader of this tab's group, while it is in one
    this._unwatchPage = null;
    this._cancelResume = null;

    this.api = this._makeApi();
    const nav = typeof navigator !== 'undefined' && navigator ? navigator : undefined;
    this.push = new HeraldPush({
      api: this.api,
      serviceWorker: seam(o.serviceWorker, nav && nav.serviceWorker ? nav.serviceWorker : undefined) ?? undefined,
      Notification: seam(o.Notification, typeof Notification === 'function' ? Notification : undefined) ?? undefined,
      PushManager: seam(o.PushManager, typeof PushManager === 'function' ? PushManager : undefined) ?? undefined,
    });
  }

  /** Current status. */
  get status() { return this._status; }
  /** { id, event, data } of the last item received (not control events), or null. */
  get lastEvent() { return this._lastEvent; }
  /** The id to resume after, or null. */
  get lastEventId() { return this._lastEventId; }
  /** True in the tab that holds the connection (always, without tab sharing). */
  get isLeader() { return this._isLeader; }
  /** The user this tab is for (the userId option, the token's sub, or the stream's), or null. */
  get userId() { return this._user ?? this._streamUser; }
  /** The connection's last failure as a HeraldError (see herald-status.js), or null since it opened. */
  get lastError() { return this._error; }
  /** Reconnection attempts since the stream was last open (0 while open). */
  get reconnectAttempts() { return this._reconnectAttempts; }
  /** The BroadcastChannel of this tab's group, or null (the tests reach for it). */
  get _bc() { return this._tabs ? this._tabs.channel : null; }

  // ---- listeners ---------------------------------------------------------------------------

  /** Listens to an event ('notification', 'connected', 'reset', a custom name, or '*' for all). */
  on(name, handler) {
    const off = this._listeners.add(name, handler);
    if (this._conn && this._conn.listen && name !== '*') this._conn.listen(name);
    return off;
  }

  off(name, handler) {
    this._listeners.remove(name, handler);
  }

  onNotification(handler) {
    return this.on('notification', handler);
  }

  /** handler(status, detail) on every status change. Returns a function that removes it. */
  onStatus(handler) {
    return this._statusListeners.add('status', handler);
  }

  _emit(name, data, meta) {
    this._listeners.call(name, data, meta);
    this._listeners.call('*', data, meta);
  }

  /** A new status; `attempts` is the leader's reconnect count in a follower (else it is counted here). */
  _setStatus(status, detail, attempts) {
    this._status = status;
    this._statusDetail = detail;
    this._error = errorAfter(this._error, status, detail);
    this._reconnectAttempts = typeof attempts === 'number' ? attempts
      : attemptsAfter(this._reconnectAttempts, status, detail);
    if (this._isLeader) {
      this._post({ t: 'status', status, detail: relayable(detail), attempts: this._reconnectAttempts });
    }
    this._statusListeners.call('status', status, detail);
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  /** Starts (idempotent). */
  connect() {
    if (this._running) return;
    this._running = true;
    this._session += 1;
    this._resetAttempts();
    this._unwatchPage = watchPage(this._window, this._document, {
      // Back online: close an open circuit, or skip the rest of a backoff wait.
      online: () => {
        if (this._status === 'circuit-open' || (this._isLeader && this._retryTimer)) this._wake();
      },
      visible: () => {
        if (this._status === 'circuit-open') this._wake();
      },
      // The page goes away (closed, navigated, its iframe removed) or into the back/forward cache:
      // let go of the stream and the lead at once, so another tab takes over without waiting, and
      // a detached document never reconnects. A page restored from the cache connects again.
      pagehide: () => {
        if (!this._running) return;
        this._shutdown('pagehide');
        if (this._cancelResume) this._cancelResume(); // one wait for the page to come back, not two
        this._cancelResume = whenRestored(this._window, () => {
          this._cancelResume = null;
          this.connect();
        });
      },
    });
    this.push.listen(); // the service worker's clicks and renewed subscriptions need this tab's token
    this._setStatus('connecting');
    this._join();
  }

  _resetAttempts() {
    this._failures = 0;
    this._authFailures = 0;
    this._backoff.reset();
  }

  /**
   * Joins the group of tabs of this tab's user, or holds a stream of its own: without sharing, and
   * until its token has been checked against the user (the stream's first token tells the user,
   * or shows it is not the userId option's; then the tab joins its group instead of connecting).
   */
  _join() {
    if (this._canShare() && this._user !== null && this._vetted) {
      this._isLeader = false;
      this._startSharing();
    } else {
      this._isLeader = true;
      this._openStream();
    }
  }

  _canShare() {
    return !!(this._share && this._BroadcastChannel);
  }

  /**
   * A new token is for another user (a sign-out and sign-in in this tab): leave the old user's
   * group, forget the old user's position and last event, tell the handlers with a `reset`
   * (`user_changed`) so they load the new user's inbox, and join the new user's group.
   */
  _switchUser(user) {
    const previous = this._user;
    const running = this._running;
    if (running) {
      this._stopStream();
      this._stopSharing();
      this._session += 1;
      this._resetAttempts();
    }
    this._user = user;
    this._streamUser = null;
    this._lastEventId = null;
    this._lastEvent = null;
    if (running) {
      this._isLeader = false; // no status of the new user's group is relayed before it is joined
      this._setStatus('reconnecting', { reason: 'user_changed' });
    }
    this._emit('reset', { reason: 'user_changed', userId: user, previousUserId: previous },
      { id: null, event: 'reset' });
    if (running && this._running) this._join();
  }

  /**
   * Checks a token against the user this tab is for. A token for another user than the userId
   * option is refused (user_mismatch); without that option the tab follows its token's user.
   */
  _vetToken(token) {
    const sub = tokenSubject(token);
    if (this._userOpt !== undefined) {
      if (sub !== null && sub !== this._userOpt) {
        const err = new HeraldError(`the token is for another user than userId '${this._userOpt}'`, 0, 'user_mismatch');
        this._shutdown('user_mismatch', { code: err.code, message: err.message });
        throw err;
      }
    } else if (sub !== null) {
      if (this._user === null) this._user = sub;
      else if (sub !== this._user) this._switchUser(sub);
    }
    this._vetted = true;
    return token;
  }

  /** Reconnects now: closes an open circuit and resets the attempt count. */
  reconnect() {
    if (!this._running) {
      this.connect();
      return;
    }
    if (!this._isLeader) {
      this._post({ t: 'cmd', cmd: 'reconnect' });
      return;
    }
    this._stopStream();
    this._resetAttempts();
    this._setStatus('reconnecting', { reason: 'manual' });
    this._openStream();
  }

  /** Closes; status 'closed'; no more reconnects (until connect() is called again). */
  disconnect() {
    if (this._cancelResume) this._cancelResume();
    this._cancelResume = null;
    this._shutdown('disconnect');
  }

  _shutdown(reason, detail) {
    if (!this._running) return;
    this._stopStream();
    this.push.unlisten();
    this._running = false;
    this._session += 1;
    if (this._unwatchPage) this._unwatchPage();
    this._unwatchPage = null;
    this._stopSharing();
    this._setStatus('closed', { reason, ...detail });
    this._isLeader = !this._share;
  }

  _wake() {
    if (!this._running) return;
    this.reconnect(); // a follower forwards it to the leader
  }

  // ---- stream ------------------------------------------------------------------------------

  _fetchFn() {
    if (this._fetchOpt !== undefined) return this._fetchOpt;
    return typeof fetch === 'function' ? fetch : undefined;
  }

  _useEventSource() {
    if (this._transport === 'eventsource') return true;
    if (this._transport === 'fetch') return false;
    if (this._esFallback) return true;
    return !canStreamFetch(this._fetchFn()) && typeof this._EventSource === 'function';
  }

  _streamUrl(token, forEventSource) {
    const q = [];
    if (this._events) q.push(`events=${this._events.map(encodeURIComponent).join(',')}`);
    if (forEventSource) {
      if (token) q.push(`token=${encodeURIComponent(token)}`);
      if (this._lastEventId) q.push(`lastEventId=${encodeURIComponent(this._lastEventId)}`);
    }
    return `${this._url}/v1/stream${q.length ? `?${q.join('&')}` : ''}`;
  }

  /** Stops the current attempt (if any) and every timer of the stream. */
  _stopStream() {
    clearTimeout(this._retryTimer);
    this._retryTimer = null;
    clearTimeout(this._watchdog);
    this._watchdog = null;
    const conn = this._conn;
    this._conn = null;
    if (conn) conn.stop();
  }

  _openStream() {
    this._stopStream();
    const wait = this._notBefore - Date.now();
    if (wait > 0) {
      // The hub said when to come back (Retry-After): no attempt before then, whatever woke us.
      this._retryLater(wait);
      return;
    }
    const conn = new Attempt(this._session);
    this._conn = conn;
    // A dead network can leave a request hanging before any byte arrives.
    if (this._connectTimeoutMs > 0) {
      const t = setTimeout(() => {
        if (this._live(conn) && !conn.connected) this._lost(conn, { clean: false, reason: 'connect_timeout' });
      }, this._connectTimeoutMs);
      conn.onStop(() => clearTimeout(t));
      conn.connectTimer = t;
    }
    this._obtainToken().then((token) => {
      if (!this._live(conn)) return;
      if (this._canShare() && !this._tabs && this._user !== null) {
        // The token told (or confirmed) which user this tab is for: join that user's tabs instead.
        this._stopStream();
        this._join();
        return;
      }
      conn.tokenUsed = token;
      if (this._useEventSource()) this._runEventSource(conn, token);
      else this._runFetch(conn, token);
    }, (err) => {
      if (!this._live(conn)) return; // a token for another user than userId: shut down already
      this._failed(conn, { reason: 'token_provider_failed', error: err });
    });
  }

  /** Opens a stream after `delay`, if this session still runs and this tab still leads. */
  _retryLater(delay) {
    const session = this._session;
    this._retryTimer = setTimeout(() => {
      this._retryTimer = null;
      if (this._running && this._isLeader && this._session === session) this._openStream();
    }, delay);
  }

  _live(conn) {
    return this._running && this._isLeader && this._conn === conn && !conn.stopped
      && conn.session === this._session;
  }

  _runFetch(conn, token) {
    const fetchFn = this._fetchFn();
    if (typeof fetchFn !== 'function') {
      this._fatal(conn, { reason: 'no_transport', message: 'fetch is not available' });
      return;
    }
    const request = { fetchFn, url: this._streamUrl(token, false), token, lastEventId: this._lastEventId };
    streamWithFetch(conn, request, {
      live: () => this._live(conn),
      failed: (detail) => this._failed(conn, detail),
      httpError: (status, body, retryMs) => this._httpError(conn, status, body, retryMs),
      cannotStream: () => {
        if (this._transport === 'auto' && typeof this._EventSource === 'function') {
          this._esFallback = true; // this browser cannot stream a fetch body
          conn.stop();
          this._conn = null;
          this._openStream();
        } else {
          this._fatal(conn, { reason: 'no_transport', message: 'fetch cannot stream the response body' });
        }
      },
      activity: () => this._activity(conn),
      event: (ev) => this._frame(ev, conn),
      anchor: (id) => this._anchor(id),
      retry: (ms) => {
        conn.retryMs = ms;
      },
      lost: (detail) => this._lost(conn, detail),
    });
  }

  _runEventSource(conn, token) {
    if (typeof this._EventSource !== 'function') {
      this._fatal(conn, { reason: 'no_transport', message: 'EventSource is not available' });
      return;
    }
    const names = [...(this._events || []), ...this._listeners.names().filter((n) => n !== '*')];
    streamWithEventSource(conn, { EventSource: this._EventSource, url: this._streamUrl(token, true), names }, {
      live: () => this._live(conn),
      failed: (detail) => this._failed(conn, detail),
      event: (ev) => this._frame(ev, conn),
      error: () => {
        // EventSource hides the HTTP status: a failure before `connected` may be an expired token.
        if (!conn.connected && this._tokens.refreshable) this._tokens.invalidate(conn.tokenUsed);
        this._lost(conn, { clean: false, reason: 'network' });
      },
    });
  }

  /** Any byte from the server: the connection is alive. */
  _activity(conn) {
    if (!conn.heartbeatMs || conn.eventSource) return;
    clearTimeout(this._watchdog);
    const ms = Math.round(this._heartbeatFactor * conn.heartbeatMs);
    this._watchdog = setTimeout(() => {
      this._watchdog = null;
      if (this._live(conn)) this._lost(conn, { clean: false, reason: 'heartbeat_timeout', silentMs: ms });
    }, ms);
  }

  /** A frame with data, from the stream (leader) or relayed by the leader (follower). */
  _frame(ev, conn) {
    const name = ev.event;
    const relayed = !conn;
    if (name === 'connected') {
      this._connected(ev, conn);
      return;
    }
    if (name === 'reset') {
      // The reset's id is the new position, even if it is "older" (unknown_position) or of
      // another epoch: it replaces the old one.
      if (ev.hasId) this._lastEventId = ev.id || null;
      if (!relayed) this._post({ t: 'frame', ev });
      this._emit('reset', parseData(ev.data), { id: ev.hasId ? ev.id : null, event: 'reset' });
      return;
    }
    if (name === 'token_expired') {
      if (!relayed) this._post({ t: 'frame', ev });
      this._emit('token_expired', parseData(ev.data), { id: null, event: 'token_expired' });
      if (!relayed && this._live(conn)) {
        if (this._tokens.refreshable) {
          this._tokens.invalidate(conn.tokenUsed);
          this._stopStream();
          this._setStatus('reconnecting', { reason: 'token_expired' });
          this._openStream();
        } else {
          this._fatal(conn, { reason: 'token_expired', code: 'token_expired' });
        }
      }
      return;
    }
    // An item.
    const id = ev.hasId && ev.id !== '' ? ev.id : null;
    if (id !== null) {
      const cmp = this._lastEventId === null ? null : compareIds(id, this._lastEventId);
      if (cmp !== null && cmp <= 0) return; // seen already: never deliver twice
      this._lastEventId = id;
    } else if (ev.hasId) {
      this._lastEventId = null; // an empty id: line resets the position
    }
    const { data, meta } = itemArguments(name, id, parseData(ev.data));
    this._lastEvent = { id, event: name, data };
    if (!relayed) this._post({ t: 'frame', ev });
    this._emit(name, data, meta);
  }

  /** The `connected` frame: the attempt succeeded (leader), or the leader's did (follower). */
  _connected(ev, conn) {
    const relayed = !conn;
    const data = parseData(ev.data);
    const streamUser = data && typeof data.userId === 'string' ? data.userId : null;
    if (streamUser !== null && this._user !== null && streamUser !== this._user) {
      // The hub says this stream is another user's: deliver none of it, relay none of it.
      if (!relayed) {
        this._fatal(conn, {
          reason: 'user_mismatch', code: 'user_mismatch',
          message: `the stream is for user '${streamUser}', this tab is for '${this._user}'`,
        });
      }
      return;
    }
    if (!relayed) {
      this._streamUser = streamUser;
      conn.connected = true;
      clearTimeout(conn.connectTimer);
      this._resetAttempts();
      const hb = data && Number(data.heartbeatMs);
      if (hb > 0) conn.heartbeatMs = hb;
      this._activity(conn);
      this._setStatus('open', data);
      this._post({ t: 'frame', ev });
    }
    this._emit('connected', data, { id: null, event: 'connected' });
  }

  /** An id-only frame: moves the position, delivers nothing. */
  _anchor(id) {
    this._lastEventId = id === '' ? null : id;
    if (this._isLeader) this._post({ t: 'anchor', id });
  }

  /** The connection ended (or was found dead) after the request was accepted. */
  _lost(conn, detail) {
    if (!conn.connected) {
      this._failed(conn, detail);
      return;
    }
    this._stopStream();
    const useRetry = detail.clean && conn.retryMs !== null && this._backoff.attempts === 0;
    const delay = useRetry ? this._backoff.next(conn.retryMs) : this._backoff.next();
    this._schedule(delay, detail);
  }

  /** An attempt failed before `connected`: count it, then back off or open the circuit. */
  _failed(conn, detail, delayOverride) {
    this._stopStream();
    this._failures += 1;
    const max = this._reconnect.maxAttempts;
    if (max > 0 && this._failures >= max) {
      this._setStatus('circuit-open', { ...detail, attempts: this._failures });
      return;
    }
    const delay = delayOverride ?? this._backoff.next();
    this._schedule(delay, detail);
  }

  _schedule(delay, detail) {
    this._setStatus('reconnecting', { ...detail, attempt: this._failures + 1, delayMs: delay });
    this._retryLater(delay);
  }

  _fatal(conn, detail) {
    this._stopStream();
    this._setStatus('closed', detail);
  }

  _httpError(conn, status, body, retryMs) {
    const detail = { reason: 'http', status, code: body.code, message: body.message };
    if (retryMs !== null) {
      // 429 or 503: the hub said how long to stay away; the backoff still grows underneath.
      this._notBefore = Date.now() + retryMs;
      const delay = waitAfter(retryMs, this._backoff.next(), this._backoff.jitter, this._backoff.random);
      this._failed(conn, { ...detail, retryAfterMs: retryMs }, delay);
      return;
    }
    if (status === 401 && (body.code === 'token_expired' || body.code === 'invalid_token')
        && this._tokens.refreshable) {
      this._tokens.invalidate(conn.tokenUsed);
      this._authFailures += 1;
      // The first refusal of a token is normal (it expired): retry at once with a new one.
      this._failed(conn, detail, this._authFailures === 1 ? 0 : undefined);
      return;
    }
    if (status === 429 || status === 408 || status >= 500) {
      this._failed(conn, detail);
      return;
    }
    this._fatal(conn, detail);
  }

  // ---- tokens and REST ---------------------------------------------------------------------

  /** The token to use, checked against the user this tab is for (see _vetToken). */
  _obtainToken() {
    return this._tokens.current().then((t) => this._vetToken(t));
  }

  _makeApi() {
    return createApi({
      url: this._url,
      fetchFn: () => this._fetchFn(),
      obtainToken: () => this._obtainToken(),
      invalidateToken: (t) => this._tokens.invalidate(t),
      refreshable: this._tokens.refreshable,
      // A REST call waits out a Retry-After up to the longest reconnect delay; beyond, it fails.
      maxWaitMs: this._reconnect.maxMs,
      jitter: this._backoff.jitter,
      random: this._backoff.random,
    });
  }

  // ---- tab sharing -------------------------------------------------------------------------

  _post(msg) {
    if (this._tabs) this._tabs.post(msg);
  }

  _startSharing() {
    const group = groupName(this._channelName, hubKey(this._url, this._window && this._window.location),
      this._user, this._events);
    this._tabs = new TabLeader({
      BroadcastChannel: this._BroadcastChannel, locks: this._locks, tabId: this._tabId, user: this._user,
    }, {
      lead: () => this._becomeLeader(),
      stepDown: () => {
        this._stopStream();
        this._isLeader = false;
      },
      message: (m) => this._onRelayed(m),
    });
    this._tabs.start(group);
  }

  /** Leaves the group (a heartbeat-elected leader resigns first). */
  _stopSharing() {
    if (this._tabs) this._tabs.stop();
    this._tabs = null;
  }

  _stateMessage() {
    return {
      t: 'state', status: this._status, detail: relayable(this._statusDetail), attempts: this._reconnectAttempts,
      lastEventId: this._lastEventId, lastEvent: this._lastEvent,
    };
  }

  _becomeLeader() {
    if (!this._running) return;
    this._isLeader = true;
    this._resetAttempts();
    if (this._status === 'open') this._setStatus('reconnecting', { reason: 'leader_changed' });
    else this._setStatus(this._status === 'reconnecting' ? 'reconnecting' : 'connecting');
    this._post(this._stateMessage());
    this._openStream();
  }

  /** What the TabLeader hands over: to the leader hello and cmd, to a follower the rest. */
  _onRelayed(m) {
    switch (m.t) {
      case 'hello':
        this._post(this._stateMessage());
        break;
      case 'cmd':
        if (m.cmd === 'reconnect') this.reconnect();
        break;
      case 'state':
        if (m.lastEventId && (this._lastEventId === null
            || compareIds(m.lastEventId, this._lastEventId) !== -1)) {
          this._lastEventId = m.lastEventId;
        }
        if (!this._lastEvent && m.lastEvent) this._lastEvent = m.lastEvent;
        this._setStatus(m.status, m.detail, m.attempts);
        break;
      case 'status':
        this._setStatus(m.status, m.detail, m.attempts);
        break;
      case 'frame':
        this._frame(m.ev, null);
        break;
      case 'anchor':
        this._lastEventId = m.id === '' ? null : m.id;
        break;
      default:
        break;
    }
  }
}

export default Herald;
