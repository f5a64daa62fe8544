// A real local HTTP server standing in for the hub where a test needs replies the hub gives only
// under conditions a test cannot make on demand (a 503, a dropped connection, a hang), or exact
// timing. It records every request it gets.
import { createServer } from 'node:http';

/**
 * `answer(n, request)` gives the reply to the n-th request (0-based): `{ status, headers, body }`
 * (body an object sent as JSON, or a string), `'hang'` (never answer) or `'drop'` (close the
 * connection without a reply).
 */
export async function startDouble(answer) {
  const requests = [];
  const sockets = new Set();
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const request = { at: performance.now(), method: req.method, url: req.url, headers: req.headers, text,
        json: text ? JSON.parse(text) : undefined };
      requests.push(request);
      const reply = answer(requests.length - 1, request);
      if (reply === 'hang') return;
      if (reply === 'drop') {
        req.socket.destroy();
        return;
      }
      const body = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
      res.writeHead(reply.status, { 'Content-Type': 'application/json', ...reply.headers });
      res.end(body);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

export const accepted = (id = 'e-1') => ({ status: 202, body: { id, recipients: 1 } });
export const hubError = (status, code, headers = {}) =>
  ({ status, headers, body: { error: { code, message: `${code} from the double` } } });
