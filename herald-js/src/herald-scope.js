// Who a Herald tab is for, and the name of the group of tabs that may share its connection.
//
// Tabs share one stream only when they are for the same user of the same hub with the same event
// filter: a tab must never receive another user's items through a leader tab (see README.md, Tabs).

/**
 * The `sub` claim (the user) of a subscriber JWT, read without checking the signature: the hub
 * checks it, and this only decides which tabs may share a stream. null when the token is not a JWT
 * or has no string `sub`.
 */
export function tokenSubject(token) {
  if (typeof token !== 'string') return null;
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
    const sub = claims && typeof claims === 'object' ? claims.sub : undefined;
    return typeof sub === 'string' && sub !== '' ? sub : null;
  } catch {
    return null;
  }
}

/**
 * The hub's base URL made absolute against the page, so that `''` and the page's own origin name
 * the same hub. Left as given where there is no page (Node).
 */
export function hubKey(url, location) {
  const base = location && typeof location.href === 'string' ? location.href : undefined;
  try {
    return new URL(url || '/', base).href.replace(/\/+$/, '');
  } catch {
    return url;
  }
}

/**
 * The name of a group of tabs: the channel name prefix, the hub, the user and the event filter
 * (in any order). The BroadcastChannel is `<name>:relay`, the Web Lock `<name>:leader`.
 */
export function groupName(prefix, hub, userId, events) {
  const parts = [prefix, hub, userId];
  if (events && events.length) parts.push([...events].sort().join(','));
  return parts.map((p) => encodeURIComponent(p)).join(':');
}
