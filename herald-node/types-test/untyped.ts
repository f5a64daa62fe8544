// Without payload maps: any type string, any data, any event name.
import { Herald } from '@herald/node';
import type { Health, Presence, PublishedNotification, Stats, SubscriberToken } from '@herald/node';

const herald = new Herald({
  url: 'http://127.0.0.1:8080', apiKey: 'hk_0123456789abcdef', timeoutMs: 2000,
  retry: { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 1000 }, jwtSecret: 'x'.repeat(32),
});

herald.publish({ user: 'alice' }, { type: 'anything.at.all', title: 'T', data: { amount: 'x', nested: [1, 2n] } });
herald.publish({ user: 'alice' }, { type: 'no.data', title: 'T' });
herald.sendEvent({ everyone: true }, { name: 'score.updated', data: [1, 2, 3] });
herald.sendEvent({ everyone: true }, { name: 'ping' });

const edited: Promise<PublishedNotification> = herald.update('e-1', { title: 'T2', body: null, tags: null });
const retracted: Promise<void> = herald.retract('e-1');
// @ts-expect-error the title cannot be cleared
herald.update('e-1', { title: null });

const local: SubscriberToken = herald.mintTokenLocally('alice', { ttlSeconds: 60 });
const remote: Promise<SubscriberToken> = herald.mintToken('alice');
const p: Promise<Presence> = herald.presence('alice');
const s: Promise<Stats> = herald.stats().then((st) => { const n: number = st.published + st.nodes.length; void n; return st; });
const h: Promise<Health> = herald.health();

// @ts-expect-error url is required
new Herald({ apiKey: 'k' });
// @ts-expect-error maxAttempts is a number
new Herald({ url: 'u', apiKey: 'k', retry: { maxAttempts: 'many' } });
// @ts-expect-error mintTokenLocally is synchronous: no then
herald.mintTokenLocally('alice').then;
// @ts-expect-error a user id is a string
herald.presence(42);

void edited; void retracted; void local; void remote; void p; void s; void h;
