// The real hub the tests run against. NodeSdkTest (herald-server) starts one and sets these;
// by hand:
//   java -jar herald.jar --port 18590 --data-dir /tmp/hn --api-keys <key> --jwt-secret <32+ bytes> --publish-rate off
//   java -jar herald.jar --port 18591 --data-dir /tmp/hn2 --api-keys <key> --jwt-secret <same> --publish-rate 1/m
//   HERALD_URL=http://127.0.0.1:18590 HERALD_LIMITED_URL=http://127.0.0.1:18591 HERALD_API_KEY=<key> \
//     HERALD_JWT_SECRET=<same> node --test test/
import { randomUUID } from 'node:crypto';
import { Herald } from '../../src/index.js';

export const HUB = process.env.HERALD_URL;
export const KEY = process.env.HERALD_API_KEY;
export const SECRET = process.env.HERALD_JWT_SECRET;
/** A second hub whose publish rate is 1/m, for a real 429 with a long Retry-After. */
export const LIMITED = process.env.HERALD_LIMITED_URL;

export const needsHub = HUB && KEY ? false : 'set HERALD_URL and HERALD_API_KEY to run against a hub';
export const needsSecret = !needsHub && SECRET ? false : 'set HERALD_URL, HERALD_API_KEY and HERALD_JWT_SECRET';
export const needsLimited = !needsHub && LIMITED ? false : 'set HERALD_LIMITED_URL (a hub with --publish-rate 1/m)';

/** A user id no other test (or earlier run against the same hub) uses. */
export function uniqueUser(prefix) {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export function client(options = {}) {
  return new Herald({ url: HUB, apiKey: KEY, jwtSecret: SECRET, ...options });
}

/** The hub's raw reply to a request, for checks that must not go through the SDK. */
export async function raw(path, { token = KEY, method = 'GET' } = {}) {
  const res = await fetch(HUB + path, { method, headers: { Authorization: `Bearer ${token}` } });
  return { status: res.status, text: await res.text() };
}

/** Waits for a condition, never for a fixed time; generous for a loaded machine. */
export async function until(what, check, ms = 20_000) {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Broadcasts land in every inbox, so the broadcast test gives its notification this type (and a
 * one-second life) and the other tests leave it out when they count a user's inbox.
 */
export const BROADCAST_TYPE = 'test.broadcast';
export const own = (items) => items.filter((i) => i.type !== BROADCAST_TYPE);
