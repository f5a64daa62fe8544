// Herald in a real browser: Debian's Chromium driven by playwright-core, against a real hub that
// BrowserE2EIT started (zero-config dev mode, so /?user=<id> works). Each check prints a line; any
// failure ends the run with exit code 1. Screenshots go to $SCREENSHOTS.
import { chromium } from 'playwright-core';
import path from 'node:path';

const HUB = process.env.HERALD_URL;
const KEY = process.env.HERALD_API_KEY;
const CONTROL = process.env.CONTROL_URL;
const SHOTS = process.env.SCREENSHOTS || '.';
const WAIT = 20_000;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // As this machine's probe runs it: no sandbox as root, and no background networking (the network
  // is closed; Chromium would otherwise keep trying Google's hosts).
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const problems = [];
const openContexts = new Set(); // closed after each check, also when it failed half-way

/** A context whose pages report CSP violations and script errors as problems. */
async function context(options = {}) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  ctx.on('page', watch);
  openContexts.add(ctx);
  ctx.on('close', () => openContexts.delete(ctx));
  return ctx;
}

function watch(page) {
  page.on('pageerror', (e) => problems.push(`page error on ${page.url()}: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) {
      problems.push(`CSP on ${page.url()}: ${m.text()}`);
    }
  });
}

async function publish(body) {
  const r = await fetch(`${HUB}/v1/notifications`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (r.status !== 202) throw new Error(`publish answered ${r.status}: ${await r.text()}`);
  return r.json();
}

async function presence(user) {
  const r = await fetch(`${HUB}/v1/users/${encodeURIComponent(user)}/presence`, { headers: { Authorization: `Bearer ${KEY}` } });
  return (await r.json()).connections;
}

async function control(action) {
  const r = await fetch(`${CONTROL}/${action}`, { method: 'POST' });
  if (r.status !== 200) throw new Error(`control ${action} answered ${r.status}`);
}

async function openCenter(ctx, user) {
  const page = await ctx.newPage();
  await page.goto(`${HUB}/?user=${encodeURIComponent(user)}`);
  await connected(page);
  return page;
}

const connected = (page) => page.locator('.hnc-conn[data-status="open"]').waitFor({ state: 'attached', timeout: WAIT });
async function badge(page, n) {
  const label = n === 0 ? 'Notifications, no unread' : `Notifications, ${n} unread`;
  try {
    await page.locator(`.hnc-bell[aria-label="${label}"]`).waitFor({ state: 'attached', timeout: WAIT });
  } catch (e) {
    const actual = await page.locator('.hnc-bell').getAttribute('aria-label').catch(() => '?');
    throw new Error(`expected the bell to say "${label}", it says "${actual}"`, { cause: e });
  }
}
const shot = (page, name) => page.screenshot({ path: path.join(SHOTS, name) });

/** Waits until fn() resolves to true (polling; the hub's presence has no event to wait on). */
async function until(fn, what) {
  const deadline = Date.now() + WAIT;
  for (;;) {
    if (await fn()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    console.log(`FAIL ${name}: ${e.stack || e}`);
    problems.push(name);
  } finally {
    for (const ctx of [...openContexts]) await ctx.close();
  }
}

await check('a publish shows a toast and raises the unread count', async () => {
  const ctx = await context();
  const page = await openCenter(ctx, 'e2e-alice');
  await badge(page, 0);
  await publish({ userId: 'e2e-alice', type: 'comment', title: 'Dana commented on “Q4 roadmap”', body: 'Looks great: shipping the inbox first makes sense.', priority: 'high', actionUrl: '/posts/42' });
  await page.locator('.hnc-toast-title', { hasText: 'Dana commented' }).waitFor({ timeout: WAIT });
  await badge(page, 1);
  await publish({ userId: 'e2e-alice', type: 'security', title: 'Unusual sign-in blocked', body: 'Someone tried to sign in from an unknown device.', priority: 'urgent' });
  await publish({ userId: 'e2e-alice', type: 'deploy', title: 'Deploy #481 finished', body: 'api-gateway is live in eu-west-1.' });
  await badge(page, 3);
  await page.locator('.hnc-toast-title', { hasText: 'Deploy #481' }).waitFor({ timeout: WAIT });
  await shot(page, 'notification-center-toasts.png');
  await page.locator('.hnc-bell').click();
  await page.locator('.hnc-item-title', { hasText: 'Unusual sign-in blocked' }).waitFor({ timeout: WAIT });
  await page.waitForTimeout(400); // let the panel's opening transition finish
  await shot(page, 'notification-center.png');
  await ctx.close();
});

await check('two tabs share one connection, and a read in one tab reaches the other', async () => {
  const ctx = await context();
  const tabA = await openCenter(ctx, 'e2e-bob');
  const tabB = await openCenter(ctx, 'e2e-bob');
  // Both tabs are live, through one stream held by the leader tab.
  await tabB.waitForTimeout(1000);
  const streams = await presence('e2e-bob');
  if (streams !== 1) throw new Error(`two tabs hold ${streams} streams, expected 1`);
  await publish({ userId: 'e2e-bob', type: 'comment', title: 'Bob, your build is green', body: 'All 371 tests passed.' });
  await badge(tabA, 1);
  await badge(tabB, 1);
  await tabA.locator('.hnc-bell').click();
  await tabA.getByRole('button', { name: 'Mark as read: Bob, your build is green' }).click();
  await badge(tabA, 0);
  await badge(tabB, 0);
  await ctx.close();
});

await check('two users in one browser: each gets only their own notifications, tabs of one user share a stream', async () => {
  const ctx = await context(); // one browser profile: one set of BroadcastChannels and Web Locks
  const demo = await openCenter(ctx, 'e2e-demo');
  const dana = await openCenter(ctx, 'e2e-dana');
  const demo2 = await openCenter(ctx, 'e2e-demo');
  await until(async () => (await presence('e2e-demo')) === 1 && (await presence('e2e-dana')) === 1,
    "one stream for demo's two tabs and one for dana's tab");
  await publish({ userId: 'e2e-demo', type: 'comment', title: 'For demo only' });
  await publish({ userId: 'e2e-dana', type: 'comment', title: 'For dana only' });
  await dana.locator('.hnc-toast-title', { hasText: 'For dana only' }).waitFor({ timeout: WAIT });
  await demo.locator('.hnc-toast-title', { hasText: 'For demo only' }).waitFor({ timeout: WAIT });
  await demo2.locator('.hnc-toast-title', { hasText: 'For demo only' }).waitFor({ timeout: WAIT });
  for (const page of [demo, dana, demo2]) await badge(page, 1);
  // The other user's notification reached no tab: not as a toast, not in the inbox, not as the last event.
  const other = { demo: 'For dana only', dana: 'For demo only' };
  for (const [page, user] of [[demo, 'demo'], [dana, 'dana'], [demo2, 'demo']]) {
    if (await page.locator('.hnc-toast-title', { hasText: other[user] }).count() !== 0) {
      throw new Error(`e2e-${user}'s tab shows a toast of the other user`);
    }
    const last = await page.evaluate(() => window.herald.lastEvent?.data?.title ?? null);
    if (last !== `For ${user} only`) throw new Error(`e2e-${user}'s tab's last event is '${last}'`);
    await page.locator('.hnc-bell').click();
    await page.locator('.hnc-item-title', { hasText: `For ${user} only` }).waitFor({ timeout: WAIT });
    if (await page.locator('.hnc-item-title', { hasText: other[user] }).count() !== 0) {
      throw new Error(`e2e-${user}'s inbox shows the other user's notification`);
    }
  }
  await ctx.close();
});

await check('unread notifications look unread at every priority, low included', async () => {
  const user = 'e2e-erin';
  const priorities = ['low', 'normal', 'high', 'urgent'];
  const ids = {};
  for (const p of priorities) {
    ids[`read-${p}`] = (await publish({ userId: user, type: 'digest', title: `Already read, ${p}`, priority: p })).id;
    ids[`unread-${p}`] = (await publish({ userId: user, type: 'digest', title: `Still unread, ${p}`, priority: p })).id;
  }
  const ctx = await context();
  const page = await openCenter(ctx, user);
  await page.locator('.hnc-bell').click();
  await page.locator('.hnc-item-title', { hasText: 'Already read, low' }).waitFor({ timeout: WAIT });
  for (const p of priorities) await page.evaluate((id) => window.herald.api.markRead(id), ids[`read-${p}`]);
  await page.waitForFunction(() => document.querySelectorAll('.hnc-item:not(.is-unread)').length === 4, null, { timeout: WAIT });
  await page.mouse.move(1, 1); // no hover styles
  const looks = await page.evaluate((all) => {
    for (const a of document.getAnimations()) a.finish(); // end the read/unread transitions
    const out = {};
    for (const [key, id] of Object.entries(all)) {
      const li = document.querySelector(`.hnc-item[data-id="${id}"]`);
      const title = getComputedStyle(li.querySelector('.hnc-item-title'));
      out[key] = {
        unreadClass: li.classList.contains('is-unread'),
        title: title.color,
        weight: Number(title.fontWeight),
        dot: getComputedStyle(li.querySelector('.hnc-item-dot')).backgroundColor,
      };
    }
    return out;
  }, ids);
  // Relative luminance of an rgb() colour: a darker title reads as "not yet read".
  const lum = (rgb) => {
    const [r, g, b] = rgb.match(/[\d.]+/g).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const transparent = (c) => c === 'transparent' || /rgba\(.*,\s*0\)$/.test(c);
  for (const p of priorities) {
    const unread = looks[`unread-${p}`];
    if (!unread.unreadClass || looks[`read-${p}`].unreadClass) throw new Error(`is-unread is wrong at ${p}: ${JSON.stringify(looks)}`);
    if (transparent(unread.dot)) throw new Error(`an unread ${p} item has no unread dot`);
    if (unread.title !== looks['unread-normal'].title) {
      throw new Error(`an unread ${p} title is ${unread.title}, an unread normal one ${looks['unread-normal'].title}`);
    }
    for (const q of priorities) {
      const read = looks[`read-${q}`];
      if (!transparent(read.dot)) throw new Error(`a read ${q} item still shows the unread dot`);
      if (!(lum(unread.title) < lum(read.title)) || !(unread.weight > read.weight)) {
        throw new Error(`an unread ${p} title (${unread.title} ${unread.weight}) does not stand out from a read ${q} one (${read.title} ${read.weight})`);
      }
    }
  }
  await ctx.close();
});

await check('after a server restart the page reconnects and shows what was published meanwhile', async () => {
  const ctx = await context();
  const page = await openCenter(ctx, 'e2e-carol');
  await publish({ userId: 'e2e-carol', type: 'comment', title: 'Before the restart' });
  await badge(page, 1);
  await control('stop');
  await page.locator('.hnc-conn:not([data-status="open"])').waitFor({ state: 'attached', timeout: WAIT });
  await control('start');
  // Published before the page is back: it must arrive by replay from its Last-Event-ID.
  await publish({ userId: 'e2e-carol', type: 'comment', title: 'Published during the restart' });
  await connected(page);
  await page.locator('.hnc-toast-title', { hasText: 'Published during the restart' }).waitFor({ timeout: WAIT });
  await badge(page, 2);
  await ctx.close();
});

await check('a notification that arrives while the unread count is on its way still counts', async () => {
  const ctx = await context();
  const page = await openCenter(ctx, 'e2e-frank');
  await badge(page, 0);
  // Hold the answer to the count request of a reconnection (computed by the hub at once, before the
  // publish) until the item has arrived live.
  const held = [];
  let hold = true; // only the first inbox request is held; later ones go through
  await page.route((url) => url.pathname.startsWith('/v1/me/notifications'), async (route) => {
    if (!hold) return route.continue();
    hold = false;
    const response = await route.fetch();
    held.push(() => route.fulfill({ response }));
  });
  await page.evaluate(() => window.herald.reconnect()); // every reconnection re-checks the count
  await until(async () => held.length === 1, 'the count request of the reconnection');
  await connected(page);
  await publish({ userId: 'e2e-frank', type: 'comment', title: 'While the count was on its way' });
  await badge(page, 1);
  await held[0]();
  await publish({ userId: 'e2e-frank', type: 'comment', title: 'After the count arrived' });
  await badge(page, 2); // a stale count of 0 would leave 1 (or 0)
  await ctx.close();
});

await check('the dashboard shows a rising connection count', async () => {
  const ctx = await context();
  const admin = await ctx.newPage();
  await admin.goto(`${HUB}/admin`);
  await admin.locator('#api-key').fill(KEY);
  await admin.locator('#login-submit').click();
  const value = admin.locator('.metric-connections .metric-value-num');
  await admin.waitForFunction(() => /^\d+$/.test(document.querySelector('.metric-connections .metric-value-num')?.textContent || ''), null, { timeout: WAIT });
  const before = Number(await value.textContent());
  const others = [];
  for (let i = 0; i < 3; i++) {
    const c = await context();
    others.push(c);
    await openCenter(c, `e2e-viewer-${i}`);
  }
  await admin.waitForFunction((n) => Number(document.querySelector('.metric-connections .metric-value-num')?.textContent) >= n,
    before + 3, { timeout: WAIT });
  await admin.locator('#presence-table', { hasText: 'e2e-viewer-2' }).waitFor({ timeout: WAIT });
  await publish({ userId: 'e2e-viewer-0', type: 'comment', title: 'Traffic for the charts' });
  await admin.waitForTimeout(3000); // a few seconds of figures for the sparklines
  await shot(admin, 'dashboard.png');
  for (const c of others) await c.close();
  await ctx.close();
});

await check('the notification center works at phone width', async () => {
  const ctx = await context({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await openCenter(ctx, 'e2e-alice');
  await badge(page, 3);
  await page.locator('.hnc-bell').click();
  await page.locator('.hnc-item-title', { hasText: 'Deploy #481' }).waitFor({ timeout: WAIT });
  await page.waitForTimeout(400);
  await shot(page, 'notification-center-phone.png');
  await ctx.close();
});

await browser.close();
if (problems.length > 0) {
  console.log(`e2e: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('e2e: all passed');
