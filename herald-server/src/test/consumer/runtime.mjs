// The installed tarballs at run time, in plain Node: every entry point imports, and (when HERALD_URL
// and HERALD_API_KEY name a hub) the two packages talk to each other through it: @herald/node mints
// a token and publishes, @herald/client receives the notification over its stream.
import assert from 'node:assert/strict';

const client = await import('@herald/client');
const react = await import('@herald/client/react');
const center = await import('@herald/client/notification-center');
const node = await import('@herald/node');

assert.equal(typeof client.Herald, 'function', '@herald/client exports Herald');
assert.equal(typeof client.HeraldError, 'function', '@herald/client exports HeraldError');
assert.equal(typeof react.useHerald, 'function', '@herald/client/react exports useHerald');
assert.equal(typeof center.mountNotificationCenter, 'function',
  '@herald/client/notification-center exports mountNotificationCenter');
assert.equal(typeof node.Herald, 'function', '@herald/node exports Herald');
assert.equal(typeof node.HeraldError, 'function', '@herald/node exports HeraldError');
console.log('consumer-check: every entry point imports');

const { HERALD_URL: url, HERALD_API_KEY: apiKey } = process.env;
if (url && apiKey) {
  const hub = new node.Herald({ url, apiKey });
  const user = `consumer-${process.pid}-${Date.now()}`;
  const { token, userId } = await hub.mintToken(user, { ttlSeconds: 600 });
  assert.equal(userId, user);

  const browser = new client.Herald({ url, token, shareAcrossTabs: false });
  const received = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no notification within 30 s')), 30_000);
    browser.onNotification((n) => {
      clearTimeout(timer);
      resolve(n);
    });
  });
  const open = new Promise((resolve) => browser.onStatus((s) => s === 'open' && resolve()));
  browser.connect();
  await open;
  await hub.publish({ user }, { type: 'check', title: 'From the packed @herald/node' });
  const n = await received;
  browser.disconnect();
  assert.equal(n.title, 'From the packed @herald/node');

  await assert.rejects(new node.Herald({ url, apiKey: 'not-a-key' }).stats(),
    (e) => e instanceof node.HeraldError && e.code === 'invalid_api_key' && e.status === 401);
  console.log('consumer-check: @herald/node published, @herald/client received it');
}
console.log('consumer-check: runtime passed');
