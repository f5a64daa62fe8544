// The app's one Herald publisher, for server code only (route handlers, server actions): it holds
// the publisher key, which must never reach the browser. Nothing here is imported by a client
// component, and the key has no NEXT_PUBLIC_ prefix, so Next.js never inlines it into a bundle.
import { Herald } from '@herald/node';

/** The notifications this app sends, by type: publish() checks `data` against it. */
export interface AppNotifications {
  'demo.hello': { sentAt: string };
}

let herald: Herald<AppNotifications> | undefined;

export function heraldServer(): Herald<AppNotifications> {
  herald ??= new Herald<AppNotifications>({
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
