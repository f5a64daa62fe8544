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
// See README.md for the options, the events and how tabs share one connection. The small modules it
// imports sit next to it (the hub serves them next to /herald.js).

import { groupName, hubKey, tokenSubject } from './herald-scope.js';
import { asksToWait, retryAfterMs, waitAfter } from './herald-retry-after.js';
import { createApi, HeraldError, readErrorBody } from './herald-rest.js';

export { HeraldError };

const DEFAULT_RECONNECT = Object.freeze({ baseMs: 1000, maxMs: 30000, maxAttempts: 10, jitter: 0.5 });

/** Events of the stream that are not items: they carry no id of their own (reset carries the new position). */
const CONTROL_EVENTS = new Set(['connected', 'reset', 'token_expired']);

/** Event names a native EventSource always listens to (it cannot listen to "every" name). */
const KNOWN_EVENTS = ['message', 'connected', 'reset', 'token_expired', 'notification',
  'notification.read', 'notification.deleted', 'preferences.updated'];

// Tab election over BroadcastChannel, used only when Web Locks are missing.
const BC_HEARTBEAT_MS = 1000; // the leader says it is alive this often
const BC_LEADER_TIMEOUT_MS = 3000; // a follower that hears nothing for this long claims the lead
const BC_JOIN_WAIT_MS = 300; // a new tab waits this long for a leader to answer its hello
const BC_CLAIM_MS = 250; // a claim stands if nobody with a smaller tab id objects within this time

// ---------------------------------------------------------------------------------------------
// SseParser
// ---------------------------------------------------------------------------------------------

/**
 * An incremental Server-Sent Events parser following the WHATWG algorithm
 * (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation).
 *
 * Feed it strings or Uint8Array chunks (UTF-8, split anywhere, even inside a character or a CRLF):
 *
 *   const p = new SseParser({
 *     onEvent(ev) {},    // { id, hasId, event, data }: id is the last event id (as EventSource's
 *                        // lastEventId), hasId tells whether this frame had an id: line
 *     onId(id) {},       // a frame with an id: line but no data (an anchor): no event, new id
 *     onRetry(ms) {},    // a valid retry: field
 *     onComment(text) {},// a line starting with ':' (heartbeats); text after the colon
 *   });
 *   p.feed(chunk);
 */
export class SseParser {
  constructor(handlers = {}) {
    this.onEvent = handlers.onEvent;
    this.onId = handlers.onId;
    this.onRetry = handlers.onRetry;
    this.onComment = handlers.onComment;
    /** The last event ID buffer: survives dispatches, as in EventSource. */
    this.lastEventId = handlers.lastEventId ?? '';
    this._pending = ''; // text after the last line break
    this._data = '';
    this._event = '';
    this._idInFrame = false;
    this._afterCR = false; // the previous chunk ended with CR: a LF starting the next one belongs to it
    this._started = false; // the first character (a possible BOM) has been seen
    this._decoder = null;
  }

  /** Feeds a chunk: a string, or bytes (Uint8Array / ArrayBuffer) decoded as UTF-8. */
  feed(chunk) {
    let text;
    if (typeof chunk === 'string') {
      text = chunk;
    } else {
      if (!this._decoder) this._decoder = new TextDecoder('utf-8', { ignoreBOM: true });
      text = this._decoder.decode(chunk, { stream: true });
    }
    if (text.length === 0) return;
    if (!this._started) {
      this._started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    if (this._afterCR) {
      if (text.length === 0) return;
      this._afterCR = false;
      if (text.charCodeAt(0) === 10) text = text.slice(1);
    }
    const buf = this._pending + text;
    const eol = /\r\n|\r|\n/g;
    let start = 0;
    let m;
    while ((m = eol.exec(buf)) !== null) {
      const line = buf.slice(start, m.index);
      start = m.index + m[0].length;
      if (m[0] === '\r' && start === buf.length) this._afterCR = true;
      this._line(line);
    }
    this._pending = buf.slice(start);
  }

  _line(line) {
    if (line === '') {
      this._dispatch();
      return;
    }
    if (line.charCodeAt(0) === 58 /* : */) {
      if (this.onComment) this.onComment(line.slice(1));
      return;
    }
    const colon = line.indexOf(':');
    let field = line;
    let value = '';
    if (colon !== -1) {
      field = line.slice(0, colon);
      value = line.slice(colon + 1);
      if (value.charCodeAt(0) === 32) value = value.slice(1);
    }
    switch (field) {
      case 'event':
        this._event = value;
        break;
      case 'data':
        this._data += value + '\n';
        break;
      case 'id':
        if (value.indexOf('\0') === -1) {
          this.lastEventId = value;
          this._idInFrame = true;
        }
        break;
      case 'retry':
        if (/^[0-9]+$/.test(value) && this.onRetry) this.onRetry(parseInt(value, 10));
        break;
      default:
        break; // unknown fields are ignored
    }
  }

  _dispatch() {
    const hasId = this._idInFrame;
    this._idInFrame = false;
    if (this._data === '') {
      this._event = '';
      if (hasId && this.onId) this.onId(this.lastEventId);
      return;
    }
    const data = this._data.endsWith('\n') ? this._data.slice(0, -1) : this._data;
    const ev = { id: this.lastEventId, hasId, event: this._event || 'message', data };
    this._data = '';
    this._event = '';
    if (this.onEvent) this.onEvent(ev);
  }
}

// ---------------------------------------------------------------------------------------------
// Backoff
// ---------------------------------------------------------------------------------------------

/**
 * Exponential backoff with jitter. The delay before attempt n (1-based) is
 * min(maxMs, baseMs * 2^(n-1)) * (1 - jitter * random()).
 */
export class Backoff {
  constructor({ baseMs = DEFAULT_RECONNECT.baseMs, maxMs = DEFAULT_RECONNECT.maxMs,
    jitter = DEFAULT_RECONNECT.jitter, random = Math.random } = {}) {
    this.baseMs = baseMs;
    this.maxMs = maxMs;
    this.jitter = Math.min(1, Math.max(0, jitter));
    this.random = random;
    /** Delays handed out since the last reset(). */
    this.attempts = 0;
  }

  /** The delay for attempt n (1-based); baseMs may be overridden (for the server's retry:). */
  delay(n, baseMs = this.baseMs) {
    const exp = Math.max(0, n - 1);
    const raw = Math.min(this.maxMs, baseMs * Math.pow(2, Math.min(exp, 52)));
    return Math.round(raw * (1 - this.jitter * this.random()));
  }

  /** Counts one more attempt and returns its delay. */
  next(baseMs) {
    this.attempts += 1;
    return this.delay(this.attempts, baseMs);
  }

  reset() {
    this.attempts = 0;
  }
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** Splits an id `<epoch>-<seq>`; null if it has not that form. */
function splitId(id) {
  if (typeof id !== 'string') return null;
  const dash = id.lastIndexOf('-');
  if (dash <= 0) return null;
  const seq = id.slice(dash + 1).replace(/^0+(?=\d)/, '');
  if (!/^[0-9]+$/.test(seq)) return null;
  return { epoch: id.slice(0, dash), seq };
}

/** -1/0/1 when a and b are ids of one epoch (seq compared as a number of any size); null otherwise. */
export function compareIds(a, b) {
  const x = splitId(a);
  const y = splitId(b);
  if (!x || !y || x.epoch !== y.epoch) return null;
  if (x.seq.length !== y.seq.length) return x.seq.length < y.seq.length ? -1 : 1;
  return x.seq === y.seq ? 0 : (x.seq < y.seq ? -1 : 1);
}

function parseData(raw) {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

function report(err) {
  if (typeof reportError === 'function') reportError(err); // browsers: reaches window.onerror
  else if (typeof console !== 'undefined') console.error(err);
}

/** A status detail other tabs can receive: errors become their message. */
function relayable(detail) {
  if (!detail || detail.error === undefined) return detail;
  const e = detail.error;
  return { ...detail, error: e && e.message ? `${e.name || 'Error'}: ${e.message}` : String(e) };
}

function randomTabId() {
  const rnd = (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function')
    ? crypto.randomUUID() : Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  return `${Date.now().toString(36)}-${rnd}`;
}

// ---------------------------------------------------------------------------------------------
// Herald
// ---------------------------------------------------------------------------------------------

/**
 * A connection to a Herald hub. Statuses: 'connecting' | 'open' | 'reconnecting' | 'closed' |
 * 'circuit-open'. See README.md.
 */
export class Herald {
  constructor(options = {}) {
    const o = options;
    this._url = String(o.url ?? '').replace(/\/+$/, '');
    this._token = o.token || undefined;
    this._tokenProvider = typeof o.tokenProvider === 'function' ? o.tokenProvider : undefined;
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
    this._user = this._userOpt ?? tokenSubject(this._token);
    this._streamUser = null; // the userId of the last `connected`
    this._vetted = false; // a token was checked against the user (a tab joins its group only then)
    this._backoff = new Backoff({ ...this._reconnect, random: o.random ?? Math.random });

    // Seams for other environments and for tests; each defaults to the browser global, if any.
    // undefined means "the default", null means "none".
    this._fetchOpt = o.fetch;
    this._EventSource = o.EventSource !== undefined ? o.EventSource
      : (typeof EventSource === 'function' ? EventSource : undefined);
    this._BroadcastChannel = o.BroadcastChannel !== undefined ? o.BroadcastChannel
      : (typeof BroadcastChannel === 'function' ? BroadcastChannel : undefined);
    this._locks = o.locks !== undefined ? o.locks
      : (typeof navigator !== 'undefined' && navigator && navigator.locks
        && typeof navigator.locks.request === 'function' ? navigator.locks : undefined);
    this._window = o.window !== undefined ? o.window : (typeof window !== 'undefined' ? window : undefined);
    this._document = o.document !== undefined ? o.document
      : (typeof document !== 'undefined' ? document : undefined);

    this._listeners = new Map(); // name -> Set(handler); '*' = every event
    this._statusListeners = new Set();
    this._status = 'closed';
    this._statusDetail = undefined;
    this._lastEvent = null;
    this._lastEventId = null;
    this._isLeader = !this._share;

    this._running = false;
    this._session = 0; // bumps on connect()/disconnect(): late callbacks of an old session are ignored
    this._conn = null; // the current stream attempt
    this._failures = 0; // consecutive failed attempts (an attempt succeeds when `connected` arrives)
    this._authFailures = 0;
    this._retryTimer = null;
    this._watchdog = null;
    this._tokenPromise = null;
    this._esFallback = false; // 'auto' found that fetch cannot stream
    this._notBefore = 0; // the hub's Retry-After: no stream attempt before this time (epoch ms)

    // tab sharing
    this._tabId = randomTabId();
    this._bc = null;
    this._election = null; // 'locks' | 'bc' | null
    this._releaseLock = null;
    this._lockAbort = null;
    this._bcTimers = { watch: null, claim: null, beat: null };
    this._claiming = false;

    this._resumeOnShow = false;
    this._onPageShow = (e) => {
      if (this._window && typeof this._window.removeEventListener === 'function') {
        this._window.removeEventListener('pageshow', this._onPageShow);
      }
      if (this._resumeOnShow && e && e.persisted) {
        this._resumeOnShow = false;
        this.connect();
      }
    };

    this.api = this._makeApi();
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

  // ---- listeners ---------------------------------------------------------------------------

  /** Listens to an event ('notification', 'connected', 'reset', a custom name, or '*' for all). */
  on(name, handler) {
    if (typeof handler !== 'function') throw new TypeError('handler must be a function');
    let set = this._listeners.get(name);
    if (!set) this._listeners.set(name, (set = new Set()));
    set.add(handler);
    if (this._conn && this._conn.listen && name !== '*') this._conn.listen(name);
    return () => this.off(name, handler);
  }

  off(name, handler) {
    const set = this._listeners.get(name);
    if (set) {
      set.delete(handler);
      if (set.size === 0) this._listeners.delete(name);
    }
  }

  onNotification(handler) {
    return this.on('notification', handler);
  }

  /** handler(status, detail) on every status change. Returns a function that removes it. */
  onStatus(handler) {
    if (typeof handler !== 'function') throw new TypeError('handler must be a function');
    this._statusListeners.add(handler);
    return () => this._statusListeners.delete(handler);
  }

  _emit(name, data, meta) {
    for (const key of [name, '*']) {
      const set = this._listeners.get(key);
      if (!set) continue;
      for (const h of [...set]) {
        try {
          h(data, meta);
        } catch (err) {
          report(err);
        }
      }
    }
  }

  _setStatus(status, detail) {
    this._status = status;
    this._statusDetail = detail;
    if (this._isLeader) this._post({ t: 'status', status, detail: relayable(detail) });
    for (const h of [...this._statusListeners]) {
      try {
        h(status, detail);
      } catch (err) {
        report(err);
      }
    }
  }

  // ---- lifecycle ---------------------------------------------------------------------------

  /** Starts (idempotent). */
  connect() {
    if (this._running) return;
    this._running = true;
    this._session += 1;
    this._failures = 0;
    this._authFailures = 0;
    this._backoff.reset();
    this._addGlobalListeners();
    this._setStatus('connecting');
    this._join();
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
      const wasBcLeader = this._isLeader && this._election === 'bc';
      this._stopStream();
      if (wasBcLeader) this._post({ t: 'resign' });
      this._stopSharing();
      this._session += 1;
      this._failures = 0;
      this._authFailures = 0;
      this._backoff.reset();
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
    this._failures = 0;
    this._authFailures = 0;
    this._backoff.reset();
    this._setStatus('reconnecting', { reason: 'manual' });
    this._openStream();
  }

  /** Closes; status 'closed'; no more reconnects (until connect() is called again). */
  disconnect() {
    this._resumeOnShow = false;
    if (this._window && typeof this._window.removeEventListener === 'function') {
      this._window.removeEventListener('pageshow', this._onPageShow);
    }
    this._shutdown('disconnect');
  }

  _shutdown(reason, detail) {
    if (!this._running) return;
    const wasBcLeader = this._isLeader && this._election === 'bc';
    this._stopStream();
    this._running = false;
    this._session += 1;
    this._removeGlobalListeners();
    if (wasBcLeader) this._post({ t: 'resign' });
    this._stopSharing();
    this._setStatus('closed', { reason, ...detail });
    this._isLeader = !this._share;
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
    const canStream = typeof this._fetchFn() === 'function' && typeof ReadableStream !== 'undefined'
      && typeof TextDecoder !== 'undefined';
    return !canStream && typeof this._EventSource === 'function';
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
      const session = this._session;
      this._retryTimer = setTimeout(() => {
        this._retryTimer = null;
        if (this._running && this._isLeader && this._session === session) this._openStream();
      }, wait);
      return;
    }
    const conn = {
      session: this._session,
      connected: false,
      retryMs: null,
      heartbeatMs: null,
      tokenUsed: undefined,
      eventSource: false,
      stopped: false,
      stopFns: [],
      stop() {
        if (this.stopped) return;
        this.stopped = true;
        for (const f of this.stopFns) {
          try {
            f();
          } catch {
            // ignore
          }
        }
      },
      listen: null,
    };
    this._conn = conn;
    // A dead network can leave a request hanging before any byte arrives.
    if (this._connectTimeoutMs > 0) {
      const t = setTimeout(() => {
        if (this._live(conn) && !conn.connected) this._lost(conn, { clean: false, reason: 'connect_timeout' });
      }, this._connectTimeoutMs);
      conn.stopFns.push(() => clearTimeout(t));
      conn.connectTimer = t;
    }
    this._obtainToken().then((token) => {
      if (!this._live(conn)) return;
      if (this._canShare() && !this._bc && this._user !== null) {
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

  _live(conn) {
    return this._running && this._isLeader && this._conn === conn && !conn.stopped
      && conn.session === this._session;
  }

  async _runFetch(conn, token) {
    const fetchFn = this._fetchFn();
    if (typeof fetchFn !== 'function') {
      this._fatal(conn, { reason: 'no_transport', message: 'fetch is not available' });
      return;
    }
    const headers = { Accept: 'text/event-stream' };
    if (token) headers.Authorization = `Bearer ${token}`;
    if (this._lastEventId) headers['Last-Event-ID'] = this._lastEventId;
    const ac = typeof AbortController === 'function' ? new AbortController() : null;
    let reader = null;
    conn.stopFns.push(() => {
      if (ac) ac.abort();
      if (reader) reader.cancel().catch(() => {});
    });
    let res;
    try {
      res = await fetchFn(this._streamUrl(token, false), {
        method: 'GET', headers, signal: ac ? ac.signal : undefined,
      });
    } catch (err) {
      if (this._live(conn)) this._failed(conn, { reason: 'network', error: err });
      return;
    }
    if (!this._live(conn)) {
      if (res && res.body && typeof res.body.cancel === 'function') res.body.cancel().catch(() => {});
      return;
    }
    if (!res.ok) {
      const retryMs = asksToWait(res.status) ? retryAfterMs(res) : null;
      const body = await readErrorBody(res);
      if (this._live(conn)) this._httpError(conn, res.status, body, retryMs);
      return;
    }
    if (!res.body || typeof res.body.getReader !== 'function') {
      if (this._transport === 'auto' && typeof this._EventSource === 'function') {
        this._esFallback = true; // this browser cannot stream a fetch body
        conn.stop();
        this._conn = null;
        this._openStream();
      } else {
        this._fatal(conn, { reason: 'no_transport', message: 'fetch cannot stream the response body' });
      }
      return;
    }
    reader = res.body.getReader();
    const parser = this._parserFor(conn);
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (!this._live(conn)) return;
        if (done) break;
        this._activity(conn);
        parser.feed(value);
        if (!this._live(conn)) return;
      }
    } catch (err) {
      if (this._live(conn)) this._lost(conn, { clean: false, reason: 'network', error: err });
      return;
    }
    this._lost(conn, { clean: true, reason: 'server_closed' });
  }

  _parserFor(conn) {
    return new SseParser({
      onEvent: (ev) => {
        if (this._live(conn)) this._frame(ev, conn);
      },
      onId: (id) => {
        if (this._live(conn)) this._anchor(id);
      },
      onRetry: (ms) => {
        conn.retryMs = ms;
      },
      onComment: () => {}, // activity is counted per chunk, before parsing
    });
  }

  _runEventSource(conn, token) {
    const ES = this._EventSource;
    if (typeof ES !== 'function') {
      this._fatal(conn, { reason: 'no_transport', message: 'EventSource is not available' });
      return;
    }
    conn.eventSource = true;
    let es;
    try {
      es = new ES(this._streamUrl(token, true));
    } catch (err) {
      this._failed(conn, { reason: 'network', error: err });
      return;
    }
    conn.stopFns.push(() => es.close());
    const onMessage = (e) => {
      if (!this._live(conn)) return;
      const id = typeof e.lastEventId === 'string' ? e.lastEventId : '';
      this._frame({ id, hasId: id !== '', event: e.type, data: e.data }, conn);
    };
    const names = new Set();
    conn.listen = (name) => {
      if (names.has(name)) return;
      names.add(name);
      es.addEventListener(name, onMessage);
    };
    for (const n of KNOWN_EVENTS) conn.listen(n);
    for (const n of this._events || []) conn.listen(n);
    for (const n of this._listeners.keys()) if (n !== '*') conn.listen(n);
    es.addEventListener('error', () => {
      if (!this._live(conn)) return;
      // EventSource hides the HTTP status: a failure before `connected` may be an expired token.
      if (!conn.connected && this._tokenProvider) this._invalidateToken(conn.tokenUsed);
      this._lost(conn, { clean: false, reason: 'network' });
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
        this._failures = 0;
        this._authFailures = 0;
        this._backoff.reset();
        const hb = data && Number(data.heartbeatMs);
        if (hb > 0) conn.heartbeatMs = hb;
        this._activity(conn);
        this._setStatus('open', data);
        this._post({ t: 'frame', ev });
      }
      this._emit('connected', data, { id: null, event: 'connected' });
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
        if (this._tokenProvider) {
          this._invalidateToken(conn.tokenUsed);
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
    const data = parseData(ev.data);
    this._lastEvent = { id, event: name, data };
    if (!relayed) this._post({ t: 'frame', ev });
    this._emit(name, data, { id, event: name });
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
    const session = this._session;
    this._retryTimer = setTimeout(() => {
      this._retryTimer = null;
      if (this._running && this._isLeader && this._session === session) this._openStream();
    }, delay);
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
        && this._tokenProvider) {
      this._invalidateToken(conn.tokenUsed);
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

  // ---- tokens ------------------------------------------------------------------------------

  /** The token to use, checked against the user this tab is for (see _vetToken). */
  _obtainToken() {
    return this._currentToken().then((t) => this._vetToken(t));
  }

  _currentToken() {
    if (this._token) return Promise.resolve(this._token);
    if (!this._tokenProvider) return Promise.resolve(undefined);
    if (!this._tokenPromise) {
      const p = Promise.resolve()
        .then(() => this._tokenProvider())
        .then((t) => {
          if (!t || typeof t !== 'string') throw new Error('tokenProvider returned no token');
          if (this._tokenPromise === p) this._token = t;
          return t;
        })
        .finally(() => {
          if (this._tokenPromise === p) this._tokenPromise = null;
        });
      this._tokenPromise = p;
    }
    return this._tokenPromise;
  }

  /** Forgets the token if it is still the one that was refused (so the provider is asked again). */
  _invalidateToken(used) {
    if (this._tokenProvider && this._token === used) this._token = undefined;
  }

  // ---- REST --------------------------------------------------------------------------------

  _makeApi() {
    return createApi({
      url: this._url,
      fetchFn: () => this._fetchFn(),
      obtainToken: () => this._obtainToken(),
      invalidateToken: (t) => this._invalidateToken(t),
      refreshable: !!this._tokenProvider,
      // A REST call waits out a Retry-After up to the longest reconnect delay; beyond, it fails.
      maxWaitMs: this._reconnect.maxMs,
      jitter: this._backoff.jitter,
      random: this._backoff.random,
    });
  }

  // ---- window events -----------------------------------------------------------------------

  _addGlobalListeners() {
    const win = this._window;
    const doc = this._document;
    this._onOnline = () => {
      // Back online: close an open circuit, or skip the rest of a backoff wait.
      if (this._status === 'circuit-open' || (this._isLeader && this._retryTimer)) this._wake();
    };
    this._onVisibility = () => {
      if (doc && doc.visibilityState === 'visible' && this._status === 'circuit-open') this._wake();
    };
    // The page goes away (closed, navigated, its iframe removed) or into the back/forward cache:
    // let go of the stream and the lead at once, so another tab takes over without waiting, and a
    // detached document never reconnects. A page restored from the cache connects again.
    this._onPageHide = () => {
      if (!this._running) return;
      this._shutdown('pagehide');
      if (win && typeof win.addEventListener === 'function') {
        this._resumeOnShow = true;
        win.addEventListener('pageshow', this._onPageShow);
      }
    };
    if (win && typeof win.addEventListener === 'function') {
      win.addEventListener('online', this._onOnline);
      win.addEventListener('pagehide', this._onPageHide);
    }
    if (doc && typeof doc.addEventListener === 'function') {
      doc.addEventListener('visibilitychange', this._onVisibility);
    }
  }

  _removeGlobalListeners() {
    const win = this._window;
    const doc = this._document;
    if (win && typeof win.removeEventListener === 'function') {
      win.removeEventListener('online', this._onOnline);
      win.removeEventListener('pagehide', this._onPageHide);
    }
    if (doc && typeof doc.removeEventListener === 'function') {
      doc.removeEventListener('visibilitychange', this._onVisibility);
    }
  }

  _wake() {
    if (!this._running) return;
    this.reconnect(); // a follower forwards it to the leader
  }

  // ---- tab sharing -------------------------------------------------------------------------

  _post(msg) {
    if (!this._bc) return;
    try {
      // Every message names its user: a tab drops whatever is not for its own user.
      this._bc.postMessage({ ...msg, from: this._tabId, user: this._user });
    } catch (err) {
      report(err);
    }
  }

  _startSharing() {
    const session = this._session;
    const group = groupName(this._channelName, hubKey(this._url, this._window && this._window.location),
      this._user, this._events);
    this._bc = new this._BroadcastChannel(`${group}:relay`);
    this._bc.onmessage = (e) => {
      if (this._session === session) this._onBus(e.data);
    };
    this._post({ t: 'hello' });
    if (this._locks && typeof this._locks.request === 'function') {
      this._election = 'locks';
      const ac = typeof AbortController === 'function' ? new AbortController() : null;
      this._lockAbort = ac;
      const opts = ac ? { signal: ac.signal } : {};
      Promise.resolve()
        .then(() => this._locks.request(`${group}:leader`, opts, () => {
          if (!this._running || this._session !== session) return undefined; // let go at once
          return new Promise((resolve) => {
            this._releaseLock = resolve;
            this._becomeLeader();
          });
        }))
        .catch(() => {}); // aborted by disconnect()
    } else {
      this._election = 'bc';
      this._watchLeader(BC_JOIN_WAIT_MS);
    }
  }

  _stopSharing() {
    for (const k of Object.keys(this._bcTimers)) {
      clearTimeout(this._bcTimers[k]);
      clearInterval(this._bcTimers[k]);
      this._bcTimers[k] = null;
    }
    this._claiming = false;
    if (this._lockAbort) this._lockAbort.abort();
    this._lockAbort = null;
    if (this._releaseLock) this._releaseLock();
    this._releaseLock = null;
    if (this._bc) {
      this._bc.onmessage = null;
      try {
        this._bc.close();
      } catch {
        // ignore
      }
    }
    this._bc = null;
    this._election = null;
  }

  _stateMessage() {
    return {
      t: 'state', status: this._status, detail: relayable(this._statusDetail),
      lastEventId: this._lastEventId, lastEvent: this._lastEvent,
    };
  }

  _becomeLeader() {
    if (!this._running || this._isLeader) return;
    this._isLeader = true;
    this._lockAbort = null;
    if (this._election === 'bc') {
      clearTimeout(this._bcTimers.watch);
      this._bcTimers.watch = null;
      this._bcTimers.beat = setInterval(() => this._post({ t: 'hb' }), BC_HEARTBEAT_MS);
    }
    this._failures = 0;
    this._authFailures = 0;
    this._backoff.reset();
    if (this._status === 'open') this._setStatus('reconnecting', { reason: 'leader_changed' });
    else this._setStatus(this._status === 'reconnecting' ? 'reconnecting' : 'connecting');
    this._post(this._stateMessage());
    this._openStream();
  }

  /** BroadcastChannel election only: another leader with a smaller id exists. */
  _stepDown() {
    this._stopStream();
    this._isLeader = false;
    clearInterval(this._bcTimers.beat);
    this._bcTimers.beat = null;
    this._watchLeader(BC_LEADER_TIMEOUT_MS);
  }

  _watchLeader(ms) {
    clearTimeout(this._bcTimers.watch);
    this._bcTimers.watch = setTimeout(() => {
      this._bcTimers.watch = null;
      this._claim();
    }, ms);
  }

  _claim() {
    if (!this._running || this._isLeader || this._claiming) return;
    this._claiming = true;
    this._post({ t: 'claim' });
    this._bcTimers.claim = setTimeout(() => {
      this._bcTimers.claim = null;
      if (!this._claiming) return;
      this._claiming = false;
      this._becomeLeader();
    }, BC_CLAIM_MS);
  }

  /** A message from another tab that shows a leader is alive (BroadcastChannel election). */
  _leaderAlive() {
    if (this._election !== 'bc' || this._isLeader) return;
    this._claiming = false;
    clearTimeout(this._bcTimers.claim);
    this._bcTimers.claim = null;
    this._watchLeader(BC_LEADER_TIMEOUT_MS);
  }

  _onBus(m) {
    if (!this._running || !m || m.from === this._tabId) return;
    if (m.user !== this._user) return; // another user's tab (or an older herald.js): never theirs
    const leader = this._isLeader;
    switch (m.t) {
      case 'hello':
        if (leader) this._post(this._stateMessage());
        break;
      case 'state':
        if (leader) {
          if (this._election === 'bc') this._splitBrain(m);
          break;
        }
        this._leaderAlive();
        if (m.lastEventId && (this._lastEventId === null
            || compareIds(m.lastEventId, this._lastEventId) !== -1)) {
          this._lastEventId = m.lastEventId;
        }
        if (!this._lastEvent && m.lastEvent) this._lastEvent = m.lastEvent;
        this._setStatus(m.status, m.detail);
        break;
      case 'status':
        if (leader) break;
        this._leaderAlive();
        this._setStatus(m.status, m.detail);
        break;
      case 'frame':
        if (leader) break;
        this._leaderAlive();
        this._frame(m.ev, null);
        break;
      case 'anchor':
        if (leader) break;
        this._leaderAlive();
        this._lastEventId = m.id === '' ? null : m.id;
        break;
      case 'cmd':
        if (leader && m.cmd === 'reconnect') this.reconnect();
        break;
      case 'hb':
        if (leader) this._splitBrain(m);
        else this._leaderAlive();
        break;
      case 'claim':
        if (this._election !== 'bc') break;
        if (leader) this._post({ t: 'hb' }); // there is a leader: the claim fails
        else if (this._claiming && m.from < this._tabId) this._leaderAlive(); // the smaller id wins
        break;
      case 'resign':
        if (this._election === 'bc' && !leader) {
          clearTimeout(this._bcTimers.watch);
          this._bcTimers.watch = null;
          this._claim();
        }
        break;
      default:
        break;
    }
  }

  /** Two leaders (BroadcastChannel election): the one with the smaller tab id stays. */
  _splitBrain(m) {
    if (this._election !== 'bc') return;
    if (m.from < this._tabId) {
      this._stepDown();
      if (m.t === 'state') this._onBus(m); // follow the leader that stays
    } else {
      this._post({ t: 'hb' });
    }
  }
}

export default Herald;
