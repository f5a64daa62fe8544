// One stream per browser and user: the tabs of one group (herald-scope.js names it) elect a leader
// that holds the stream and relays everything over a BroadcastChannel (`<group>:relay`).
//
// The election uses Web Locks (`<group>:leader`: the leader holds the lock while it lives, the
// others queue for it). Where Web Locks are missing, a heartbeat election over the channel takes
// over: the leader beats every second, a tab that hears nothing for 3 s claims the lead, and the
// smaller tab id wins a contested claim or a split brain. What is relayed (state, status, frames,
// anchors, commands) is the client's business: this module hands it over, from leader to followers
// and from followers to the leader, and keeps the election.

import { report } from './herald-report.js';

const BC_HEARTBEAT_MS = 1000; // the leader says it is alive this often
const BC_LEADER_TIMEOUT_MS = 3000; // a follower that hears nothing for this long claims the lead
const BC_JOIN_WAIT_MS = 300; // a new tab waits this long for a leader to answer its hello
const BC_CLAIM_MS = 250; // a claim stands if nobody with a smaller tab id objects within this time

/** Messages only a leader sends (a follower that gets one knows a leader is alive). */
const FROM_LEADER = new Set(['state', 'status', 'frame', 'anchor']);
/** Messages only the leader acts on. */
const TO_LEADER = new Set(['hello', 'cmd']);

/** A tab id: ordered by creation time first, so the older tab wins a contested election. */
export function randomTabId() {
  const rnd = (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function')
    ? crypto.randomUUID() : Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
  return `${Date.now().toString(36)}-${rnd}`;
}

/** A status detail other tabs can receive: errors become their message. */
export function relayable(detail) {
  if (!detail || detail.error === undefined) return detail;
  const e = detail.error;
  return { ...detail, error: e && e.message ? `${e.name || 'Error'}: ${e.message}` : String(e) };
}

/**
 * This tab's place in one group, from start() to stop() (a stopped TabLeader does nothing more;
 * joining again takes a new one).
 *
 * on: { lead() this tab now leads (it opens the stream); stepDown() it leads no more (BroadcastChannel
 * election only: another leader with a smaller id); message(m) a relayed message for the client:
 * hello and cmd reach the leader, state, status, frame and anchor reach followers }.
 */
export class TabLeader {
  constructor({ BroadcastChannel, locks, tabId, user }, on) {
    this._BC = BroadcastChannel;
    this._locks = locks && typeof locks.request === 'function' ? locks : null;
    this.tabId = tabId;
    this.user = user;
    this._on = on;
    this.leading = false;
    this.channel = null;
    this.election = null; // 'locks' | 'bc'
    this._stopped = false;
    this._releaseLock = null;
    this._lockAbort = null;
    this._timers = { watch: null, claim: null, beat: null };
    this._claiming = false;
  }

  /** Joins `group`: says hello (a leader answers with its state) and queues for the lead. */
  start(group) {
    this.channel = new this._BC(`${group}:relay`);
    this.channel.onmessage = (e) => this._receive(e.data);
    this.post({ t: 'hello' });
    if (this._locks) {
      this.election = 'locks';
      const ac = typeof AbortController === 'function' ? new AbortController() : null;
      this._lockAbort = ac;
      const opts = ac ? { signal: ac.signal } : {};
      Promise.resolve()
        .then(() => this._locks.request(`${group}:leader`, opts, () => {
          if (this._stopped) return undefined; // let go at once
          return new Promise((resolve) => {
            this._releaseLock = resolve;
            this._becomeLeader();
          });
        }))
        .catch(() => {}); // aborted by stop()
    } else {
      this.election = 'bc';
      this._watchLeader(BC_JOIN_WAIT_MS);
    }
  }

  /** Sends to the other tabs of the group; every message names its tab and its user. */
  post(msg) {
    if (!this.channel) return;
    try {
      this.channel.postMessage({ ...msg, from: this.tabId, user: this.user });
    } catch (err) {
      report(err);
    }
  }

  /** Leaves the group: a heartbeat-elected leader resigns, so a follower claims without waiting. */
  stop() {
    if (this._stopped) return;
    if (this.leading && this.election === 'bc') this.post({ t: 'resign' });
    this._stopped = true;
    for (const k of Object.keys(this._timers)) {
      clearTimeout(this._timers[k]);
      clearInterval(this._timers[k]);
      this._timers[k] = null;
    }
    this._claiming = false;
    if (this._lockAbort) this._lockAbort.abort();
    this._lockAbort = null;
    if (this._releaseLock) this._releaseLock();
    this._releaseLock = null;
    if (this.channel) {
      this.channel.onmessage = null;
      try {
        this.channel.close();
      } catch {
        // already closed
      }
    }
    this.channel = null;
    this.leading = false;
  }

  _becomeLeader() {
    if (this._stopped || this.leading) return;
    this.leading = true;
    this._lockAbort = null;
    if (this.election === 'bc') {
      clearTimeout(this._timers.watch);
      this._timers.watch = null;
      this._timers.beat = setInterval(() => this.post({ t: 'hb' }), BC_HEARTBEAT_MS);
    }
    this._on.lead();
  }

  /** BroadcastChannel election only: another leader with a smaller id exists. */
  _stepDown() {
    this.leading = false;
    this._on.stepDown();
    clearInterval(this._timers.beat);
    this._timers.beat = null;
    this._watchLeader(BC_LEADER_TIMEOUT_MS);
  }

  _watchLeader(ms) {
    clearTimeout(this._timers.watch);
    this._timers.watch = setTimeout(() => {
      this._timers.watch = null;
      this._claim();
    }, ms);
  }

  _claim() {
    if (this._stopped || this.leading || this._claiming) return;
    this._claiming = true;
    this.post({ t: 'claim' });
    this._timers.claim = setTimeout(() => {
      this._timers.claim = null;
      if (!this._claiming) return;
      this._claiming = false;
      this._becomeLeader();
    }, BC_CLAIM_MS);
  }

  /** A message from another tab that shows a leader is alive (BroadcastChannel election). */
  _leaderAlive() {
    if (this.election !== 'bc' || this.leading) return;
    this._claiming = false;
    clearTimeout(this._timers.claim);
    this._timers.claim = null;
    this._watchLeader(BC_LEADER_TIMEOUT_MS);
  }

  _receive(m) {
    if (this._stopped || !m || m.from === this.tabId) return;
    if (m.user !== this.user) return; // another user's tab (or an older herald.js): never theirs
    const leader = this.leading;
    switch (m.t) {
      case 'hb':
        if (leader) this._splitBrain(m);
        else this._leaderAlive();
        return;
      case 'claim':
        if (this.election !== 'bc') return;
        if (leader) this.post({ t: 'hb' }); // there is a leader: the claim fails
        else if (this._claiming && m.from < this.tabId) this._leaderAlive(); // the smaller id wins
        return;
      case 'resign':
        if (this.election === 'bc' && !leader) {
          clearTimeout(this._timers.watch);
          this._timers.watch = null;
          this._claim();
        }
        return;
      default:
        break;
    }
    if (FROM_LEADER.has(m.t)) {
      if (leader) {
        if (m.t === 'state') this._splitBrain(m);
        return;
      }
      this._leaderAlive();
      this._on.message(m);
    } else if (TO_LEADER.has(m.t) && leader) {
      this._on.message(m);
    }
  }

  /** Two leaders (BroadcastChannel election): the one with the smaller tab id stays. */
  _splitBrain(m) {
    if (this.election !== 'bc') return;
    if (m.from < this.tabId) {
      this._stepDown();
      if (m.t === 'state') this._receive(m); // follow the leader that stays
    } else {
      this.post({ t: 'hb' });
    }
  }
}
