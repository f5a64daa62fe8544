// User ids as the hub defines them (docs/api.md, "Text, user ids and numbers"). The hub checks
// every id it is sent; the SDK checks here only what it must know itself: ids it puts in a URL
// path, and ids it signs into a token without asking the hub.

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The hub's rule: 1..256 UTF-16 code units of well-formed text, no control characters, not . or .. */
export function requireValidUserId(userId, what = 'userId') {
  requireString(userId, what);
  if (userId.length > 256 || CONTROL.test(userId) || userId === '.' || userId === '..') {
    throw new TypeError(`${what} must be 1..256 characters without control characters, and not . or ..`);
  }
  if (LONE_SURROGATE.test(userId)) {
    throw new TypeError(`${what} is not well-formed text: it holds an unpaired UTF-16 surrogate`);
  }
  return userId;
}

/**
 * The id as one URL path segment. "." and ".." are refused rather than encoded: URL parsers read
 * %2E as a dot and would drop the segment, and the hub refuses them as ids anyway.
 */
export function pathSegment(userId, what = 'userId') {
  requireString(userId, what);
  if (userId === '.' || userId === '..') throw new TypeError(`${what} must not be . or ..`);
  if (LONE_SURROGATE.test(userId)) {
    throw new TypeError(`${what} is not well-formed text: it holds an unpaired UTF-16 surrogate`);
  }
  // Encodes "/", "?", "#" and "%" too, so the id stays one segment whatever it holds.
  return encodeURIComponent(userId);
}

function requireString(userId, what) {
  if (typeof userId !== 'string' || userId.length === 0) {
    throw new TypeError(`${what} must be a non-empty string`);
  }
}
