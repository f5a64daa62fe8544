// One attempt at a stream: what the transports and the client know about it, and how to stop it.
// An attempt is stopped once (a stopped attempt's late callbacks are ignored by the client).

export class Attempt {
  constructor(session) {
    this.session = session;
    this.connected = false; // `connected` arrived
    this.retryMs = null; // the hub's last retry: field
    this.heartbeatMs = null; // from `connected`: the watchdog's period
    this.tokenUsed = undefined;
    this.eventSource = false; // EventSource hides heartbeats: no watchdog
    this.stopped = false;
    this.connectTimer = null;
    /** EventSource only: listens to one more event name (it cannot listen to "every" name). */
    this.listen = null;
    this._stops = [];
  }

  /** Runs `fn` when the attempt stops. */
  onStop(fn) {
    this._stops.push(fn);
  }

  stop() {
    if (this.stopped) return;
    this.stopped = true;
    for (const f of this._stops) {
      try {
        f();
      } catch {
        // a transport that is already closed
      }
    }
  }
}
