// The fetch transport: a streaming fetch with Authorization and Last-Event-ID headers (the token
// stays out of URLs), parsed by SseParser. It sees HTTP statuses, every heartbeat and retry:.

import { asksToWait, retryAfterMs } from './herald-retry-after.js';
import { readErrorBody } from './herald-rest.js';
import { SseParser } from './herald-sse-parser.js';

/**
 * Whether this environment can stream a fetch body (otherwise 'auto' takes EventSource).
 */
export function canStreamFetch(fetchFn) {
  return typeof fetchFn === 'function' && typeof ReadableStream !== 'undefined'
    && typeof TextDecoder !== 'undefined';
}

/**
 * Runs one attempt: request { fetchFn, url, token, lastEventId }. Every callback of `on` is called
 * only while on.live() holds:
 *   failed(detail)             no response (network error)
 *   httpError(status, body, retryMs)   a non-2xx answer: { code, message } and its Retry-After (429/503)
 *   cannotStream()             a 2xx answer whose body cannot be read as a stream
 *   activity()                 bytes arrived (before they are parsed)
 *   event(ev) / anchor(id) / retry(ms)   what the parser found
 *   lost(detail)               the body ended ({ clean: true }) or broke ({ clean: false })
 */
export async function streamWithFetch(attempt, { fetchFn, url, token, lastEventId }, on) {
  const headers = { Accept: 'text/event-stream' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (lastEventId) headers['Last-Event-ID'] = lastEventId;
  const ac = typeof AbortController === 'function' ? new AbortController() : null;
  let reader = null;
  attempt.onStop(() => {
    if (ac) ac.abort();
    if (reader) reader.cancel().catch(() => {});
  });
  let res;
  try {
    res = await fetchFn(url, { method: 'GET', headers, signal: ac ? ac.signal : undefined });
  } catch (err) {
    if (on.live()) on.failed({ reason: 'network', error: err });
    return;
  }
  if (!on.live()) {
    if (res && res.body && typeof res.body.cancel === 'function') res.body.cancel().catch(() => {});
    return;
  }
  if (!res.ok) {
    const retryMs = asksToWait(res.status) ? retryAfterMs(res) : null;
    const body = await readErrorBody(res);
    if (on.live()) on.httpError(res.status, body, retryMs);
    return;
  }
  if (!res.body || typeof res.body.getReader !== 'function') {
    on.cannotStream();
    return;
  }
  reader = res.body.getReader();
  const parser = new SseParser({
    onEvent: (ev) => {
      if (on.live()) on.event(ev);
    },
    onId: (id) => {
      if (on.live()) on.anchor(id);
    },
    onRetry: (ms) => on.retry(ms),
    onComment: () => {}, // activity is counted per chunk, before parsing
  });
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (!on.live()) return;
      if (done) break;
      on.activity();
      parser.feed(value);
      if (!on.live()) return;
    }
  } catch (err) {
    if (on.live()) on.lost({ clean: false, reason: 'network', error: err });
    return;
  }
  on.lost({ clean: true, reason: 'server_closed' });
}
