// Test doubles: a fake hub behind an injectable fetch, an EventSource, a BroadcastChannel and Web
// Locks. No test runs in this file (node --test runs it as an empty module).

const encoder = new TextEncoder();

/** Lets every pending promise, microtask and stream read settle (setImmediate is never mocked). */
export async function flush(rounds = 20) {
  for (let i = 0; i < rounds; i += 1) await new Promise((resolve) => setImmediate(resolve));
}

/** An unsigned subscriber JWT for `sub` (herald.js reads the sub; only the hub checks signatures). */
export function jwt(sub, claims = {}) {
  const part = (o) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ sub, exp: 4102444800, ...claims })}.c2lnbmF0dXJl`;
}

export function connectedFrame(heartbeatMs = 1000, extra = {}) {
  const data = { connectionId: '1-abc', userId: 'alice', heartbeatMs, nodeId: 'node-t', ...extra };
  return `retry: 2000\n\nevent: connected\ndata: ${JSON.stringify(data)}\n\n`;
}

export function itemFrame(id, event = 'notification', data = {}) {
  return `id: ${id}\nevent: ${event}\ndata: ${JSON.stringify({ id, ...data })}\n\n`;
}

/** One request to the fake hub. The test decides what it answers. */
export class FakeCall {
  constructor(url, init = {}) {
    this.url = String(url);
    this.init = init;
    this.headers = new Headers(init.headers || {});
    this.aborted = false;
    this.controller = null;
    this.promise = new Promise((resolve, reject) => {
      this._resolve = resolve;
      this._reject = reject;
    });
    this.promise.catch(() => {});
    if (init.signal) {
      init.signal.addEventListener('abort', () => {
        this.aborted = true;
        const err = new DOMException('The operation was aborted.', 'AbortError');
        this._reject(err);
        if (this.controller) {
          try {
            this.controller.error(err);
          } catch {
            // already closed
          }
        }
      });
    }
  }

  get lastEventId() { return this.headers.get('last-event-id'); }
  get authorization() { return this.headers.get('authorization'); }

  /** Answers 200 with a stream body, pushing the given chunks. */
  open(...chunks) {
    const body = new ReadableStream({
      start: (c) => {
        this.controller = c;
      },
    });
    this._resolve(new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' } }));
    for (const c of chunks) this.push(c);
    return this;
  }

  push(text) {
    this.controller.enqueue(typeof text === 'string' ? encoder.encode(text) : text);
  }

  /** The server ends the response cleanly. */
  end() {
    this.controller.close();
  }

  /** The connection breaks in the middle of the body. */
  drop() {
    this.controller.error(new TypeError('terminated'));
  }

  /** The request fails before any response (network down). */
  fail() {
    this._reject(new TypeError('fetch failed'));
  }

  httpError(status, code, message = code, headers = {}) {
    this._resolve(new Response(JSON.stringify({ error: { code, message } }), {
      status, headers: { 'content-type': 'application/json', ...headers },
    }));
  }
}

/** A fake hub: `fetch` records calls; `plans` (FIFO) or `auto` decide each answer (default: open). */
export class FakeHub {
  constructor() {
    this.calls = [];
    this.plans = [];
    this.auto = (call) => call.open();
    this.fetch = (url, init) => {
      const call = new FakeCall(url, init);
      this.calls.push(call);
      const plan = this.plans.shift() || this.auto;
      if (plan) plan(call);
      return call.promise;
    };
  }

  get last() { return this.calls[this.calls.length - 1]; }
}

/** A fake EventSource: the test dispatches named events on the latest instance. */
export class FakeEventSource extends EventTarget {
  static instances = [];

  constructor(url) {
    super();
    this.url = url;
    this.readyState = 0;
    this.closed = false;
    FakeEventSource.instances.push(this);
  }

  close() {
    this.closed = true;
    this.readyState = 2;
  }

  emit(type, data, lastEventId = '') {
    const e = new Event(type);
    e.data = typeof data === 'string' ? data : JSON.stringify(data);
    e.lastEventId = lastEventId;
    this.dispatchEvent(e);
  }

  error() {
    this.dispatchEvent(new Event('error'));
  }
}

/** A BroadcastChannel class whose instances share a private world (messages via microtasks). */
export function makeBroadcastChannel() {
  const world = new Map();
  return class FakeBroadcastChannel {
    constructor(name) {
      this.name = name;
      this.onmessage = null;
      this.closed = false;
      this.isolated = false; // drops everything in and out, as if the tab froze
      if (!world.has(name)) world.set(name, new Set());
      world.get(name).add(this);
    }

    postMessage(data) {
      if (this.closed) throw new DOMException('closed', 'InvalidStateError');
      if (this.isolated) return;
      const copy = structuredClone(data);
      for (const other of world.get(this.name)) {
        if (other === this) continue;
        queueMicrotask(() => {
          if (!other.closed && !other.isolated && other.onmessage) other.onmessage({ data: copy });
        });
      }
    }

    close() {
      this.closed = true;
      world.get(this.name).delete(this);
    }
  };
}

/** Web Locks (exclusive mode only) with a FIFO queue per name and AbortSignal support. */
export class FakeLocks {
  constructor() {
    this.held = new Map();
    this.queues = new Map();
  }

  request(name, options, callback) {
    if (typeof options === 'function') {
      callback = options;
      options = {};
    }
    return new Promise((resolve, reject) => {
      const entry = { callback, resolve, reject };
      const signal = options && options.signal;
      if (signal) {
        if (signal.aborted) {
          reject(new DOMException('aborted', 'AbortError'));
          return;
        }
        signal.addEventListener('abort', () => {
          const q = this._queue(name);
          const i = q.indexOf(entry);
          if (i >= 0) {
            q.splice(i, 1);
            reject(new DOMException('aborted', 'AbortError'));
          }
        });
      }
      this._queue(name).push(entry);
      this._pump(name);
    });
  }

  _queue(name) {
    if (!this.queues.has(name)) this.queues.set(name, []);
    return this.queues.get(name);
  }

  _pump(name) {
    if (this.held.has(name)) return;
    const entry = this._queue(name).shift();
    if (!entry) return;
    this.held.set(name, entry);
    Promise.resolve()
      .then(() => entry.callback({ name, mode: 'exclusive' }))
      .then((v) => {
        this.held.delete(name);
        entry.resolve(v);
        this._pump(name);
      }, (err) => {
        this.held.delete(name);
        entry.reject(err);
        this._pump(name);
      });
  }
}
