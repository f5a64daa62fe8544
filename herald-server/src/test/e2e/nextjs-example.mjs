// examples/nextjs in a real browser: Debian's Chromium driven by playwright-core, against the app's
// production build (next start, APP_URL) and a real hub (HERALD_URL) that NextjsExampleIT started.
// A user signs in, the page connects to the hub with a token from the app's route handler, a click
// makes a server action publish with @herald/node, and the notification arrives in the bell. Each
// check prints a line; any failure ends the run with exit code 1. Screenshots go to $SCREENSHOTS.
import { chromium } from 'playwright-core';
import path from 'node:path';

const APP = process.env.APP_URL;
const HUB = process.env.HERALD_URL;
const KEY = process.env.HERALD_API_KEY;
const SHOTS = process.env.SCREENSHOTS || '.';
const WAIT = 30_000;
// Fresh names on every run, so a hub that outlives a run (by hand) still starts each user at zero.
const RUN = Date.now().toString(36);
const ALICE = `alice-${RUN}`;
const BOB = `bob-${RUN}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  // As in e2e.mjs: no sandbox as root, and no background networking (the network is closed).
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const problems = [];
const pageErrors = [];

async function signedIn(user) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${user}: ${e.message}`));
  // Console errors name no address ("Failed to load resource"): failed replies are recorded with theirs.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) pageErrors.push(`${user} console: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400) pageErrors.push(`${user}: ${r.status()} from ${r.url()}`);
  });
  await page.goto(APP);
  await page.getByLabel('User name').fill(user);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByTestId('user').filter({ hasText: user }).waitFor({ timeout: WAIT });
  await text(page, 'status', 'open');
  return { ctx, page };
}

/** Waits until the element with data-testid=id shows exactly `expected`. */
async function text(page, id, expected) {
  try {
    await page.getByTestId(id).filter({ hasText: new RegExp(`^${expected}$`) }).waitFor({ timeout: WAIT });
  } catch (e) {
    const actual = await page.getByTestId(id).textContent().catch(() => '?');
    throw new Error(`expected ${id} to say "${expected}", it says "${actual}"`, { cause: e });
  }
}

/** The bell's badge shows what is new (unseen); opening the panel marks what it shows seen. */
async function bell(page, n) {
  const label = n === 0 ? 'Notifications, nothing new' : `Notifications, ${n} new`;
  try {
    await page.locator(`.hnc-bell[aria-label="${label}"]`).waitFor({ state: 'attached', timeout: WAIT });
  } catch (e) {
    const actual = await page.locator('.hnc-bell').getAttribute('aria-label').catch(() => '?');
    throw new Error(`expected the bell to say "${label}", it says "${actual}"`, { cause: e });
  }
}

async function unreadOnHub(user) {
  const r = await fetch(`${HUB}/v1/users/${encodeURIComponent(user)}/notifications?limit=10`,
    { headers: { Authorization: `Bearer ${KEY}` } });
  if (r.status !== 200) throw new Error(`the hub's inbox answered ${r.status}`);
  return r.json();
}

async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    console.log(`FAIL ${name}: ${e.stack || e}`);
    problems.push(name);
  }
}

await check('the token route refuses a visitor who has not signed in', async () => {
  const r = await fetch(`${APP}/api/herald-token`);
  if (r.status !== 401) throw new Error(`/api/herald-token answered ${r.status} without a session`);
});

await check('a signed-in user connects, clicks the button and the notification arrives in the bell', async () => {
  const { ctx, page } = await signedIn(ALICE);
  const { ctx: bobCtx, page: bob } = await signedIn(BOB);
  await text(page, 'unread', '0');
  await bell(page, 0);

  await page.getByRole('button', { name: 'Send me a notification' }).click();
  await page.getByTestId('send-result').filter({ hasText: /^published / }).waitFor({ timeout: WAIT });
  await bell(page, 1);
  await text(page, 'unread', '1');
  await page.getByTestId('last-event').filter({ hasText: /^notification: / }).waitFor({ timeout: WAIT });
  await page.locator('.hnc-toast-title', { hasText: `Hello, ${ALICE}!` }).waitFor({ timeout: WAIT });
  await page.locator('.hnc-bell').click();
  await page.locator('.hnc-item-title', { hasText: `Hello, ${ALICE}!` }).waitFor({ timeout: WAIT });
  await page.waitForTimeout(400); // let the panel's opening transition finish before the picture
  await page.screenshot({ path: path.join(SHOTS, 'nextjs-example.png') });

  // It went to alice only: the hub's inbox for her holds it, bob's page saw nothing.
  const inbox = await unreadOnHub(ALICE);
  if (inbox.items?.[0]?.title !== `Hello, ${ALICE}!` || inbox.items[0].type !== 'demo.hello') {
    throw new Error(`the inbox on the hub: ${JSON.stringify(inbox)}`);
  }
  await bell(bob, 0);
  await text(bob, 'last-event', 'none yet');
  await ctx.close();
  await bobCtx.close();
});

await browser.close();
if (pageErrors.length > 0) {
  problems.push(`errors in the page:\n    ${pageErrors.join('\n    ')}`);
}
if (problems.length > 0) {
  console.log(`nextjs: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('nextjs: all passed');
