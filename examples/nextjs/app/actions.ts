'use server';
// Server actions: the demo's sign-in and sign-out, and the one that publishes a notification with
// @herald/node. They run on the server only; the browser calls them through Next.js.
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { HeraldError } from '@herald/node';
import { heraldServer } from '@/lib/herald';
import { currentUser, isValidUserName, SESSION_COOKIE } from '@/lib/session';

export async function signIn(form: FormData): Promise<void> {
  const name = String(form.get('user') ?? '').trim();
  if (!isValidUserName(name)) redirect('/?error=name');
  (await cookies()).set(SESSION_COOKIE, name, { httpOnly: true, sameSite: 'lax', path: '/' });
  redirect('/');
}

export async function signOut(): Promise<void> {
  (await cookies()).delete(SESSION_COOKIE);
  redirect('/');
}

/** What the "Send me a notification" button shows after a click. */
export type SendResult = { ok: true; id: string } | { ok: false; error: string };

export async function sendMeANotification(): Promise<SendResult> {
  const user = await currentUser();
  if (user === null) return { ok: false, error: 'not signed in' };
  const sentAt = new Date().toISOString();
  try {
    const published = await heraldServer().publish({ user }, {
      type: 'demo.hello',
      title: `Hello, ${user}!`,
      body: `Sent by a Next.js server action at ${sentAt}.`,
      data: { sentAt },
      actionUrl: '/',
    });
    return { ok: true, id: published.id };
  } catch (e) {
    console.error('sendMeANotification: publishing failed', e);
    return { ok: false, error: e instanceof HeraldError ? e.code : 'internal' };
  }
}
