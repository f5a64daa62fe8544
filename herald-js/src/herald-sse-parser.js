// The Server-Sent Events wire format, parsed incrementally: the one place that knows the framing.
// Used by the fetch transport; EventSource parses for itself.

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
