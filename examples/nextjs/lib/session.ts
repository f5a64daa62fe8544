// The demo's "sign-in": a cookie holding a user name. It stands in for your auth library; see the
// README for where next-auth, Clerk or Auth0 plug in (they give you the user id the same way).
import { cookies } from 'next/headers';

export const SESSION_COOKIE = 'demo-user';

/** Names the demo accepts: short and plain, so a cookie can never smuggle anything odd into a token. */
const USER_NAME = /^[A-Za-z0-9._-]{1,64}$/;

export function isValidUserName(name: string): boolean {
  return USER_NAME.test(name) && name !== '.' && name !== '..';
}

/** The signed-in user's id, or null. */
export async function currentUser(): Promise<string | null> {
  const value = (await cookies()).get(SESSION_COOKIE)?.value;
  return value !== undefined && isValidUserName(value) ? value : null;
}
