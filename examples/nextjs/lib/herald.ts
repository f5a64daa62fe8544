// The app's one Herald publisher, for server code only (route handlers, server actions): it holds
// the publisher key, which must never reach the browser. Nothing here is imported by a client
// component, and the key has no NEXT_PUBLIC_ prefix, so Next.js never inlines it into a bundle.
import { Herald } from '@herald/node';
import type { AppEvents, AppNotifications } from './herald-types';

let herald: Herald<AppNotifications, AppEvents> | undefined;

/** publish() and sendEvent() check `data` against the app's payload maps. */
export function heraldServer(): Herald<AppNotifications, AppEvents> {
  herald ??= new Herald<AppNotifications, AppEvents>({
    url: required('HERALD_URL'),
    apiKey: required('HERALD_API_KEY'),
    // Optional: with the hub's secret the app signs subscriber tokens itself (no round trip).
    jwtSecret: process.env.HERALD_JWT_SECRET || undefined,
  });
  return herald;
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set (see examples/nextjs/README.md)`);
  return value;
}
