import { createHmac } from 'node:crypto';
import { requireValidUserId } from './user-id.js';

// Subscriber tokens signed here, without a request to the hub: HS256 with the hub's
// HERALD_JWT_SECRET, the claims the hub's own POST /v1/tokens puts in (sub, iat, exp).

export const DEFAULT_TTL_SECONDS = 3600;
export const MAX_TTL_SECONDS = 2592000; // 30 days, the hub's bound for POST /v1/tokens
const MIN_SECRET_BYTES = 32; // the hub refuses shorter secrets (HERALD_JWT_SECRET)

/** The secret as bytes (the hub takes HERALD_JWT_SECRET as UTF-8), checked once at construction. */
export function secretBytes(secret) {
  const bytes = typeof secret === 'string' ? Buffer.from(secret, 'utf8')
    : secret instanceof Uint8Array ? Buffer.from(secret) : undefined;
  if (bytes === undefined) throw new TypeError('jwtSecret must be a string or a Uint8Array');
  // Never echo the secret: this message may be logged.
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new RangeError(`jwtSecret must be at least ${MIN_SECRET_BYTES} bytes, like the hub's HERALD_JWT_SECRET`);
  }
  return bytes;
}

export function ttlSeconds(value) {
  if (value === undefined || value === null) return DEFAULT_TTL_SECONDS;
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_TTL_SECONDS) {
    throw new RangeError(`ttlSeconds must be a whole number 1..${MAX_TTL_SECONDS}, got ${value}`);
  }
  return value;
}

/** `{ token, userId, expiresAt }`, the shape `POST /v1/tokens` answers with. */
export function signToken(secret, userId, options = {}, nowMs = Date.now()) {
  requireValidUserId(userId);
  const ttl = ttlSeconds(options.ttlSeconds);
  const iat = Math.floor(nowMs / 1000);
  const exp = iat + ttl;
  const head = b64(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const claims = b64(JSON.stringify({ sub: userId, iat, exp }));
  const signature = createHmac('sha256', secret).update(`${head}.${claims}`).digest('base64url');
  // The hub writes expiresAt without fractions of a second, as here.
  return { token: `${head}.${claims}.${signature}`, userId, expiresAt: new Date(exp * 1000).toISOString().replace('.000Z', 'Z') };
}

function b64(json) {
  return Buffer.from(json, 'utf8').toString('base64url');
}
