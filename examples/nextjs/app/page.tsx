// The one page: a sign-in form when nobody is signed in; otherwise the live Herald panel and the
// button that makes the server publish a notification to the signed-in user.
import { signIn, signOut } from './actions';
import { HeraldLive } from './herald-live';
import { SendButton } from './send-button';
import { currentUser } from '@/lib/session';

export default async function Home({ searchParams }: { searchParams: Promise<{ error?: string }> }) {
  const user = await currentUser();
  const { error } = await searchParams;
  if (user === null) {
    return (
      <main>
        <h1>Herald + Next.js</h1>
        <p>Sign in with any name (a demo: the name is kept in a cookie, no password).</p>
        <form action={signIn}>
          <input name="user" aria-label="User name" placeholder="alice" required />{' '}
          <button type="submit">Sign in</button>
        </form>
        {error === 'name' ? <p className="error">Use 1 to 64 letters, digits, dots, dashes or underscores.</p> : null}
      </main>
    );
  }
  return (
    <main>
      <header>
        <h1>Hello, <span data-testid="user">{user}</span></h1>
        <form action={signOut}><button type="submit">Sign out</button></form>
      </header>
      <HeraldLive user={user} />
      <SendButton />
    </main>
  );
}
