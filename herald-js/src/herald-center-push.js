// The settings' "Notify me when I'm away" switch: Web Push for this browser (herald.push). It shows
// what herald.push.status() says and calls enable()/disable(); the browser asks for permission on
// the switch's click, as browsers want.
import { h } from './herald-center-dom.js';

/** What the switch shows for a status (and the last error, if any): { checked, disabled, note }. */
export function pushSwitchView(status, error, t) {
  const view = { checked: status === 'enabled', disabled: status === 'unsupported' || status === 'denied' || status === null, note: '' };
  if (status === 'unsupported') view.note = t('pushUnsupported');
  if (status === 'denied') view.note = t('pushBlocked');
  if (error) {
    const code = error && error.code;
    if (code === 'push_denied') view.note = t('pushBlocked');
    else if (code === 'push_unsupported') view.note = t('pushUnsupported');
    else if (code === 'push_unavailable') {
      view.note = t('pushUnavailable');
      view.disabled = true;
    } else view.note = t('pushError', { error: (error && error.message) || String(error) });
  }
  return view;
}

/** The switch's row and note; `push` is herald.push (the row is left out without it). */
export function createPushSwitch({ uid, t, push }) {
  const input = h('input', { type: 'checkbox', class: 'hnc-switch', role: 'switch', id: `${uid}-push`, disabled: true });
  const note = h('p', { class: 'hnc-setting-note', hidden: true, 'aria-live': 'polite' });
  const row = h('div', { class: 'hnc-setting' },
    h('label', { for: `${uid}-push` },
      h('span', { class: 'hnc-setting-name' }, t('pushAway')),
      h('span', { class: 'hnc-setting-hint' }, t('pushAwayHint'))),
    input);
  let status = null; // unknown until status() answers (when the settings open)
  let error = null;
  let busy = false;

  function render() {
    const view = pushSwitchView(status, error, t);
    input.checked = view.checked;
    input.disabled = view.disabled || busy;
    input.setAttribute('aria-busy', busy ? 'true' : 'false');
    note.textContent = view.note;
    note.hidden = !view.note;
  }

  async function refresh() {
    if (!push || busy) return;
    try {
      status = await push.status();
    } catch (e) {
      error = e;
    }
    render();
  }

  async function onToggle() {
    if (!push || busy) return;
    const on = input.checked;
    busy = true;
    error = null;
    render();
    try {
      status = on ? await push.enable() : await push.disable();
    } catch (e) {
      error = e;
    }
    busy = false;
    await refresh();
    render();
  }

  input.addEventListener('change', onToggle);
  const el = push ? [row, note] : [];
  return { el, refresh, input };
}
