// The settings view: this device's alerts (desktop notifications, sound, push when away), the muted types and the
// muted categories (the user's preferences on the hub: muted ones still land in the inbox).
import { h } from './herald-center-dom.js';
import { audioSupported, beep, desktopSupported, unlockAudio } from './herald-center-alerts.js';
import { createPushSwitch } from './herald-center-push.js';
import { writeFlag } from './herald-center-util.js';

export function createSettings({ uid, i18n, store, settings, categoryLabel = (x) => x, push }) {
  const { t } = i18n;
  const pushSwitch = createPushSwitch({ uid, t, push });
  const { state } = store;
  const muteEls = new Map();
  const muteCategoryEls = new Map();
  const desktopInput = h('input', { type: 'checkbox', class: 'hnc-switch', role: 'switch', id: `${uid}-desktop` });
  const desktopNote = h('p', { class: 'hnc-setting-note', hidden: true, 'aria-live': 'polite' });
  const soundInput = h('input', { type: 'checkbox', class: 'hnc-switch', role: 'switch', id: `${uid}-sound` });
  const mutedList = h('ul', { class: 'hnc-mute-list' });
  const mutedEmpty = h('p', { class: 'hnc-setting-hint' }, t('mutedEmpty'));
  const mutedCategoryList = h('ul', { class: 'hnc-mute-list' });
  const mutedCategoryEmpty = h('p', { class: 'hnc-setting-hint' }, t('mutedCategoriesEmpty'));
  const prefsStatus = h('p', { class: 'hnc-prefs-status', 'aria-live': 'polite' });
  const el = h('div', { class: 'hnc-settings', hidden: true },
    h('section', { class: 'hnc-settings-section', 'aria-labelledby': `${uid}-alerts` },
      h('h3', { id: `${uid}-alerts` }, t('alertsTitle')),
      h('div', { class: 'hnc-setting' },
        h('label', { for: `${uid}-desktop` },
          h('span', { class: 'hnc-setting-name' }, t('desktop')),
          h('span', { class: 'hnc-setting-hint' }, t('desktopHint'))),
        desktopInput),
      desktopNote,
      h('div', { class: 'hnc-setting' },
        h('label', { for: `${uid}-sound` },
          h('span', { class: 'hnc-setting-name' }, t('sound')),
          h('span', { class: 'hnc-setting-hint' }, t('soundHint'))),
        soundInput),
      ...pushSwitch.el),
    h('section', { class: 'hnc-settings-section', 'aria-labelledby': `${uid}-muted` },
      h('h3', { id: `${uid}-muted` }, t('mutedTitle')),
      h('p', { class: 'hnc-setting-hint' }, t('mutedHint')),
      mutedList, mutedEmpty),
    h('section', { class: 'hnc-settings-section', 'aria-labelledby': `${uid}-muted-categories` },
      h('h3', { id: `${uid}-muted-categories` }, t('mutedCategoriesTitle')),
      h('p', { class: 'hnc-setting-hint' }, t('mutedCategoriesHint')),
      mutedCategoryList, mutedCategoryEmpty, prefsStatus));

  /** One checkbox per name (known ∪ muted), keyed so a checkbox survives re-renders. */
  function renderChecklist({ list, els, empty, names, muted, toggle, prefix, label }) {
    const all = new Set([...names, ...muted]);
    const sorted = [...all].sort((a, b) => label(a).localeCompare(label(b)));
    let cursor = list.firstChild;
    for (const name of sorted) {
      let li = els.get(name);
      if (!li) {
        const id = `${uid}-${prefix}-${els.size}`;
        const input = h('input', { type: 'checkbox', id, class: 'hnc-check', value: name });
        input.addEventListener('change', () => toggle(name, input.checked));
        li = h('li', {}, input, h('label', { for: id }, label(name)));
        els.set(name, li);
      }
      li.firstChild.checked = muted.includes(name);
      if (li !== cursor) list.insertBefore(li, cursor);
      else cursor = cursor.nextSibling;
    }
    while (cursor) { const next = cursor.nextSibling; cursor.remove(); cursor = next; }
    for (const [name, li] of els) if (!all.has(name)) { els.delete(name); li.remove(); }
    empty.hidden = sorted.length > 0;
  }

  function render() {
    renderChecklist({ list: mutedList, els: muteEls, empty: mutedEmpty, names: state.seenTypes, muted: state.mutedTypes,
      toggle: store.toggleMute, prefix: 'mute', label: (x) => x });
    renderChecklist({ list: mutedCategoryList, els: muteCategoryEls, empty: mutedCategoryEmpty, names: state.categories,
      muted: state.mutedCategories, toggle: store.toggleMuteCategory, prefix: 'mute-category', label: categoryLabel });
    prefsStatus.textContent = state.prefsError ? t('saveError', { error: state.prefsError }) : state.prefsSaving ? t('saving') : state.prefsSaved ? t('saved') : '';
    prefsStatus.classList.toggle('is-error', !!state.prefsError);
    desktopInput.checked = settings.desktop && desktopSupported() && Notification.permission === 'granted';
    desktopInput.disabled = !desktopSupported();
    desktopNote.textContent = !desktopSupported() ? t('desktopUnsupported') : settings.desktopNote;
    desktopNote.hidden = !desktopNote.textContent;
    soundInput.checked = settings.sound;
    soundInput.disabled = !audioSupported();
  }

  async function onDesktopToggle() {
    if (!desktopSupported()) return;
    if (!desktopInput.checked) {
      settings.desktop = false;
      settings.desktopNote = '';
      writeFlag('desktop', false);
      render();
      return;
    }
    let permission = Notification.permission;
    if (permission === 'default') {
      try { permission = await Notification.requestPermission(); } catch { permission = Notification.permission; }
    }
    settings.desktop = permission === 'granted';
    settings.desktopNote = permission === 'denied' ? t('desktopBlocked') : permission === 'granted' ? '' : t('desktopNotGranted');
    writeFlag('desktop', settings.desktop);
    render();
  }

  function onSoundToggle() {
    settings.sound = soundInput.checked;
    writeFlag('sound', settings.sound);
    if (settings.sound) {
      unlockAudio();
      beep('normal');
    }
    render();
  }

  desktopInput.addEventListener('change', onDesktopToggle);
  soundInput.addEventListener('change', onSoundToggle);
  /** The settings were opened: render, and ask for push's status (it may have changed in another tab). */
  function opened() {
    render();
    pushSwitch.refresh();
  }

  return { el, render, opened };
}
