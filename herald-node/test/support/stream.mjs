// A real SSE stream read with fetch, as a backend or a test client would: the frames as they come.
import { HUB, until } from './hub.mjs';

/**
 * Opens GET /v1/stream with `token` and resolves once the hub has sent `connected` and the anchor,
 * so that anything published after this resolves is on the stream.
 */
export async function openStream(token) {
  const controller = new AbortController();
  const res = await fetch(`${HUB}/v1/stream`, {
    headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' }, signal: controller.signal,
  });
  if (res.status !== 200) throw new Error(`stream: HTTP ${res.status} ${await res.text()}`);
  const frames = [];
  const reading = read(res.body, frames).catch(() => {}); // ends with an abort on close
  const stream = {
    frames,
    /** Frames with data, as { id, event, data } with data parsed. */
    items: () => frames.filter((f) => f.data !== undefined && f.event !== 'connected'),
    waitFor: (what, match) => until(what, () => stream.items().find(match)),
    async close() {
      controller.abort();
      await reading;
    },
  };
  await until('connected and the anchor', () => frames.some((f) => f.event === 'connected')
    && frames.some((f) => f.id !== undefined && f.data === undefined));
  return stream;
}

async function read(body, frames) {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (frame) frames.push(frame);
    }
  }
}

function parse(text) {
  const frame = {};
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue; // comments (heartbeats) and blank lines
    const field = line.slice(0, colon);
    const value = line.slice(colon + 1).replace(/^ /, '');
    if (field === 'data') frame.data = JSON.parse(value);
    else if (field === 'id' || field === 'event') frame[field] = value;
  }
  return Object.keys(frame).length ? frame : undefined;
}
