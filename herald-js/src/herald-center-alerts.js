// Desktop notifications and the chime, for one tab only: every tab of a user sees every event (they
// share one connection), so a visible tab claims the notification at once and hidden tabs wait a little.
import { claim } from './herald-center-util.js';

const HIDDEN_TAB_ALERT_DELAY_MS = 400;

export function desktopSupported() { return typeof window.Notification === 'function'; }
export function audioSupported() { return !!(window.AudioContext || window.webkitAudioContext); }

let audioCtx = null;
export function unlockAudio() {
  if (!audioSupported()) return null;
  if (!audioCtx) audioCtx = new (window.AudioContext || window.webkitAudioContext)();
  if (audioCtx.state === 'suspended') audioCtx.resume().catch(() => {});
  return audioCtx;
}

/** A short two-note chime made with WebAudio (no audio file). Urgent plays it twice. */
export function beep(priority) {
  const ctx = unlockAudio();
  if (!ctx) return;
  const notes = priority === 'urgent' ? [[880, 0], [1320, 0.09], [880, 0.22], [1320, 0.31]] : [[880, 0], [1320, 0.09]];
  const t0 = ctx.currentTime + 0.01;
  for (const [freq, at] of notes) {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.setValueAtTime(freq, t0 + at);
    gain.gain.setValueAtTime(0.0001, t0 + at);
    gain.gain.exponentialRampToValueAtTime(0.12, t0 + at + 0.012);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + at + 0.16);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t0 + at);
    osc.stop(t0 + at + 0.18);
  }
}

/** alertOnce(item): a desktop notification (hidden tab) and/or a chime, as the user's settings say. */
export function createAlerts({ herald, settings, activate, t }) {
  const timers = new Set();

  function showDesktop(item) {
    try {
      const n = new Notification(item.title || t('notifications'), {
        body: item.body || '',
        tag: `herald-${item.id}`,
        requireInteraction: item.priority === 'urgent',
        silent: true,
      });
      n.onclick = () => {
        window.focus();
        n.close();
        activate(item.id, item);
      };
    } catch { /* some browsers only allow notifications from a service worker */ }
  }

  function alertOnce(item) {
    const wantsDesktop = settings.desktop && desktopSupported() && Notification.permission === 'granted';
    const wantsSound = settings.sound && item.priority !== 'low';
    if (!wantsDesktop && !wantsSound) return;
    const go = () => {
      if (!claim(`${herald.userId ?? ''} ${item.id}`)) return; // a broadcast has one id for every user
      if (document.visibilityState === 'hidden' && wantsDesktop) showDesktop(item);
      if (wantsSound) beep(item.priority);
    };
    if (document.visibilityState === 'visible') go();
    else {
      const timer = setTimeout(() => { timers.delete(timer); go(); }, HIDDEN_TAB_ALERT_DELAY_MS);
      timers.add(timer);
    }
  }

  return { alertOnce, destroy() { timers.forEach(clearTimeout); timers.clear(); } };
}
