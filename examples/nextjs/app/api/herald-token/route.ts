// GET /api/herald-token: a short-lived subscriber token for the signed-in user. The browser's Herald
// calls it (tokenProvider) before it connects and again whenever the hub says the token expired.
//
// With an identity provider and a hub configured with its JWKS (HERALD_JWT_JWKS_URL), this route
// can hand out the provider's own access token instead (next-auth's session token, Clerk's
// getToken(), Auth0's getAccessToken()): the hub verifies it against the provider's keys and takes
// the user from its `sub` (or HERALD_JWT_USER_CLAIM). See the README.
import { HeraldError } from '@herald/node';
import { heraldServer } from '@/lib/herald';
import { currentUser } from '@/lib/session';

const TOKEN_TTL_SECONDS = 15 * 60;

export async function GET(): Promise<Response> {
  const user = await currentUser();
  if (user === null) {
    return Response.json({ error: 'not signed in' }, { status: 401, headers: { 'Cache-Control': 'no-store' } });
  }
  const herald = heraldServer();
  try {
    // Signed here when the app has the hub's secret; otherwise the hub mints it (POST /v1/tokens).
    const minted = process.env.HERALD_JWT_SECRET
      ? await herald.mintTokenLocally(user, { ttlSeconds: TOKEN_TTL_SECONDS })
      : await herald.mintToken(user, { ttlSeconds: TOKEN_TTL_SECONDS });
    return Response.json(minted, { headers: { 'Cache-Control': 'no-store' } });
  } catch (e) {
    // The hub's stable code is safe to pass on; its message and our stack stay in the server log.
    const code = e instanceof HeraldError ? e.code : 'internal';
    console.error('herald-token: minting failed', e);
    return Response.json({ error: code }, { status: 502, headers: { 'Cache-Control': 'no-store' } });
  }
}
