// Herald notification center demo page (index.html, served at /).
//
// Where the subscriber token comes from, in this order:
//   1. /?user=<id>      dev mode: GET /dev/token?user=<id> (a zero-config hub, or HERALD_DEV_MODE=true; any other hub answers 404),
//                       and the same call again whenever herald.js needs a fresh token
//   2. /#token=<jwt>    a token the app provides, in the fragment so it never reaches server logs
//      window.HERALD_TOKEN   (set by a script of the host app that runs before this module)
//      sessionStorage        (a token given earlier in this tab, so a reload keeps working)
//   3. neither: a small form offering both.
import { mountNotificationCenter } from '/notification-center.js';

const TOKEN_KEY = 'herald-demo:token';
// How the demo's gamification notifications look (README: "Presentation per type").
const DEMO_TYPES = {
  xp: { icon: '⭐', tone: 'success', render: (n) => `+${Number(n.data?.amount) || 0} XP` },
  streak: { icon: '🔥', tone: 'warning' },
  security: { icon: 'alert', tone: 'error' },
  deploy: { icon: 'success', tone: 'info' },
};
const TOAST_KEY = 'herald-demo:toasts';

const $ = (id) => document.getElementById(id);

main().catch((e) => fatal(`The page could not start: ${e?.message || e}`));

// A new #token=… while the page is open (same-document navigation): take it and start over with it.
window.addEventListener('hashchange', () => {
  const token = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token');
  if (!token) return;
  try { sessionStorage.setItem(TOKEN_KEY, token.trim()); } catch { /* private mode */ }
  window.location.replace(window.location.pathname);
});

async function main() {
  const auth = await resolveAuth();
  if (auth.form) {
    showSignIn(auth);
    return;
  }
  let Herald;
  try {
    ({ Herald } = await import('/herald.js'));
  } catch (e) {
    fatal(`The client library /herald.js could not be loaded (${e?.message || e}). Is the hub serving it?`);
    return;
  }
  start(Herald, auth);
}

/* ---------------- auth ---------------- */

async function resolveAuth() {
  const params = new URLSearchParams(window.location.search);
  if (params.has('user')) {
    const user = (params.get('user') || '').trim();
    if (!user) return { form: true, error: 'Enter a user id.' };
    try {
      const first = await fetchDevToken(user);
      return {
        mode: 'dev',
        token: first.token,
        userId: first.userId || user,
        tokenProvider: async () => (await fetchDevToken(user)).token,
      };
    } catch (e) {
      return { form: true, error: e.message, user };
    }
  }

  const fragment = new URLSearchParams(window.location.hash.replace(/^#/, ''));
  const fromFragment = fragment.get('token');
  if (fromFragment) {
    // Keep it for reloads of this tab, and take it out of the address bar and history.
    try { sessionStorage.setItem(TOKEN_KEY, fromFragment.trim()); } catch { /* private mode */ }
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return tokenAuth(fromFragment.trim(), 'fragment');
  }
  if (typeof window.HERALD_TOKEN === 'string' && window.HERALD_TOKEN.trim()) {
    return tokenAuth(window.HERALD_TOKEN.trim(), 'app');
  }
  let saved = null;
  try { saved = sessionStorage.getItem(TOKEN_KEY); } catch { /* private mode */ }
  if (saved) return tokenAuth(saved, 'session');
  return { form: true };
}

function tokenAuth(token, source) {
  const claims = decodeJwt(token);
  if (!claims) {
    forgetToken();
    return { form: true, error: 'That doesn’t look like a JWT (three base64url parts separated by dots).' };
  }
  if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) {
    forgetToken();
    return { form: true, error: `That token expired ${new Date(claims.exp * 1000).toLocaleString()}. Get a fresh one from your app.` };
  }
  return { mode: 'token', source, token, userId: typeof claims.sub === 'string' ? claims.sub : null };
}

async function fetchDevToken(user) {
  let res;
  try {
    res = await fetch(`/dev/token?user=${encodeURIComponent(user)}`, { cache: 'no-store', headers: { Accept: 'application/json' } });
  } catch {
    throw new Error('Couldn’t reach the hub to get a dev token. Is it running?');
  }
  const body = await res.json().catch(() => null);
  if (res.status === 404) {
    throw new Error('Dev mode is off on this hub (it is on only for a zero-config hub, or with HERALD_DEV_MODE=true), so it doesn’t hand out tokens. Use a token from your app instead.');
  }
  if (!res.ok || !body || typeof body.token !== 'string') {
    throw new Error(body?.error?.message ? `The hub refused: ${body.error.message}` : `The hub answered ${res.status}.`);
  }
  return body;
}

function decodeJwt(token) {
  const parts = String(token).split('.');
  if (parts.length !== 3) return null;
  try {
    const b64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(Array.from(atob(b64), (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0')).join(''));
    const claims = JSON.parse(json);
    return claims && typeof claims === 'object' ? claims : null;
  } catch {
    return null;
  }
}

function forgetToken() {
  try { sessionStorage.removeItem(TOKEN_KEY); } catch { /* private mode */ }
}

function showSignIn({ error, user } = {}) {
  $('boot').hidden = true;
  $('signin').hidden = false;
  const err = $('signin-error');
  err.hidden = !error;
  err.textContent = error || '';
  if (user) $('dev-user').value = user;

  $('dev-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const input = $('dev-user');
    const id = input.value.trim();
    if (!id) {
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    window.location.search = `?user=${encodeURIComponent(id)}`;
  });
  $('dev-user').addEventListener('input', (ev) => ev.target.removeAttribute('aria-invalid'));
  $('token-input').addEventListener('input', (ev) => ev.target.removeAttribute('aria-invalid'));

  $('token-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const input = $('token-input');
    const token = input.value.trim().replace(/^Bearer\s+/i, '');
    const auth = token ? tokenAuth(token, 'form') : { form: true, error: 'Paste a token first.' };
    if (auth.form) {
      err.hidden = false;
      err.textContent = auth.error;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    try { sessionStorage.setItem(TOKEN_KEY, token); } catch { /* private mode */ }
    window.location.replace(window.location.pathname);
  });
  $('dev-user').focus();
}

/* ---------------- the demo ---------------- */

function start(Herald, auth) {
  $('boot').hidden = true;
  $('app').hidden = false;
  if (auth.userId) showUser(auth.userId);

  const herald = new Herald({
    url: '',
    token: auth.token,
    ...(auth.tokenProvider ? { tokenProvider: auth.tokenProvider } : {}),
    shareAcrossTabs: true,
    channelName: 'herald',
  });
  window.herald = herald; // handy in the console

  const conn = $('conn');
  conn.hidden = false;
  const notice = $('app-notice');
  herald.onStatus((status, detail) => {
    const text = { connecting: 'Connecting…', open: 'Connected', reconnecting: 'Reconnecting…', closed: 'Offline', 'circuit-open': 'Offline' }[status] || status;
    $('conn-text').textContent = text;
    $('conn-dot').className = 'dot ' + (status === 'open' ? 'dot-ok' : status === 'connecting' || status === 'reconnecting' ? 'dot-wait' : 'dot-off');
    conn.title = `Live connection: ${text}`;
    const why = typeof detail === 'string' ? detail : detail?.message || detail?.code || detail?.reason || '';
    if (status === 'closed' && /token|auth|401|expired/i.test(String(why)) && auth.mode === 'token') {
      notice.hidden = false;
      notice.textContent = 'The connection was refused for this token (it may have expired). Get a fresh token from your app, or use “Switch user”.';
    } else if (status === 'open') {
      notice.hidden = true;
    }
  });
  herald.on('connected', (data) => {
    if (data?.userId) showUser(data.userId);
    $('node-info').textContent = data?.nodeId ? `Connected to node ${data.nodeId}` : '';
  });

  const baseTitle = document.title;
  const lang = new URLSearchParams(window.location.search).get('lang');
  let center = null;
  const mount = () => {
    center?.destroy();
    center = mountNotificationCenter($('bell-slot'), {
      herald,
      // /?user=demo&lang=ar shows the center in another language (en, de and ar ship; ar is right to left).
      ...(lang ? { locale: lang } : {}),
      types: DEMO_TYPES,
      toasts: toastOptions(),
      desktop: false,
      sound: false,
      // Links in demo notifications point into *your* app, which this hub doesn't serve: open them in a new tab.
      actionTarget: '_blank',
      onUnreadCountChange: (n) => { document.title = n > 0 ? `(${n > 99 ? '99+' : n}) ${baseTitle}` : baseTitle; },
    });
    window.notificationCenter = center;
    // A right-to-left language lays out the whole demo page from the right, as an app in that language would.
    if (lang) {
      document.documentElement.lang = lang;
      document.documentElement.dir = center.dir;
    }
  };
  mount();
  setupToastForm(mount);

  $('switch-user').addEventListener('click', (ev) => {
    ev.preventDefault();
    forgetToken();
    try { herald.disconnect(); } catch { /* already closed */ }
    window.location.assign('/');
  });

  herald.connect();
}

function showUser(userId) {
  $('user-chip').hidden = false;
  $('user-id').textContent = userId;
  $('user-avatar').textContent = [...userId][0]?.toUpperCase() || '?';
  $('user-avatar').dataset.hue = String(hash(userId) % 6);
  $('hello').textContent = `Hi ${userId}, here’s your notification center`;
  for (const el of document.querySelectorAll('.js-user')) el.textContent = userId;
  $('publish-example').textContent = JSON.stringify({
    userId, type: 'comment', title: 'Bob replied to your post', body: 'Nice work!', actionUrl: '/posts/42', priority: 'high',
  }, null, 2);
}

function toastOptions() {
  const dflt = { position: 'top-right', autoDismissMs: 5000, max: 3 };
  try {
    const saved = JSON.parse(localStorage.getItem(TOAST_KEY) || 'null');
    return saved && typeof saved === 'object' ? { ...dflt, ...saved } : dflt;
  } catch {
    return dflt;
  }
}

function setupToastForm(remount) {
  const o = toastOptions();
  $('toast-position').value = o.position;
  $('toast-delay').value = String(o.autoDismissMs);
  $('toast-max').value = String(o.max);
  $('toast-form').addEventListener('change', () => {
    const next = {
      position: $('toast-position').value,
      autoDismissMs: Number($('toast-delay').value),
      max: Number($('toast-max').value),
    };
    try { localStorage.setItem(TOAST_KEY, JSON.stringify(next)); } catch { /* private mode */ }
    remount();
  });
  $('toast-form').addEventListener('submit', (ev) => ev.preventDefault());
}

function hash(s) {
  let x = 0;
  for (const ch of s) x = (x * 31 + ch.codePointAt(0)) >>> 0;
  return x;
}

function fatal(text) {
  $('boot').hidden = true;
  $('fatal').hidden = false;
  $('fatal-text').textContent = text;
}
