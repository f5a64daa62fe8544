// The EventSource transport, for browsers whose fetch cannot stream. The browser's EventSource
// takes the token in the URL and hides heartbeats, retry:, anchors and HTTP statuses; the client,
// not the browser, reconnects (an error closes it and the client opens a new one).

import { HUB_ITEMS } from './herald-items.js';

/** Event names an EventSource always listens to (it cannot listen to "every" name). */
export const KNOWN_EVENTS = Object.freeze(['message', 'connected', 'reset', 'token_expired', ...HUB_ITEMS]);

/**
 * Runs one attempt with `new EventSource(url)`, listening to KNOWN_EVENTS and `names`; later names
 * are added with attempt.listen(name). Callbacks of `on`, called only while on.live() holds
 * (except failed, which comes at once):
 *   failed(detail)   the constructor threw
 *   event(ev)        a frame: { id, hasId, event, data }
 *   error()          the EventSource reported an error (it says nothing more)
 */
export function streamWithEventSource(attempt, { EventSource: ES, url, names }, on) {
  attempt.eventSource = true;
  let es;
  try {
    es = new ES(url);
  } catch (err) {
    on.failed({ reason: 'network', error: err });
    return;
  }
  attempt.onStop(() => es.close());
  const onMessage = (e) => {
    if (!on.live()) return;
    const id = typeof e.lastEventId === 'string' ? e.lastEventId : '';
    on.event({ id, hasId: id !== '', event: e.type, data: e.data });
  };
  const listening = new Set();
  attempt.listen = (name) => {
    if (listening.has(name)) return;
    listening.add(name);
    es.addEventListener(name, onMessage);
  };
  for (const n of KNOWN_EVENTS) attempt.listen(n);
  for (const n of names) attempt.listen(n);
  es.addEventListener('error', () => {
    if (on.live()) on.error();
  });
}
