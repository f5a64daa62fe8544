// A small menu button (aria-haspopup="menu"): arrow keys move between its items, Escape closes it
// and gives focus back to its button, a click outside closes it.
import { h, icon } from './herald-center-dom.js';

let menus = 0;

export function createMenu({ label, items }) {
  const id = `hnc-menu-${++menus}`;
  const button = h('button', {
    type: 'button', class: 'hnc-icon-btn hnc-menu-btn', 'aria-haspopup': 'menu', 'aria-expanded': 'false',
    'aria-controls': id, 'aria-label': label, title: label,
  }, icon('more'));
  const menu = h('div', { class: 'hnc-menu', role: 'menu', id, 'aria-label': label, hidden: true });
  const el = h('div', { class: 'hnc-menu-wrap' }, button, menu);
  let entries = [];

  /** items(): [{ label, icon, run }] for the item's state now (rebuilt at each opening). */
  function render() {
    menu.replaceChildren();
    entries = items().map((entry) => {
      const b = h('button', { type: 'button', role: 'menuitem', tabindex: '-1', class: `hnc-menu-item${entry.danger ? ' is-danger' : ''}` },
        icon(entry.icon), h('span', {}, entry.label));
      b.addEventListener('click', () => { close(true); entry.run(); });
      menu.append(b);
      return b;
    });
  }

  function open() {
    render();
    menu.hidden = false;
    button.setAttribute('aria-expanded', 'true');
    el.classList.add('is-open');
    entries[0]?.focus();
    document.addEventListener('pointerdown', onOutside, true);
  }

  function close(focusButton) {
    if (menu.hidden) return;
    menu.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    el.classList.remove('is-open');
    document.removeEventListener('pointerdown', onOutside, true);
    if (focusButton) button.focus();
  }

  function onOutside(ev) { if (!el.contains(ev.target)) close(false); }

  button.addEventListener('click', () => (menu.hidden ? open() : close(true)));
  button.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') { ev.preventDefault(); ev.stopPropagation(); open(); if (ev.key === 'ArrowUp') entries[entries.length - 1]?.focus(); }
  });
  menu.addEventListener('keydown', (ev) => {
    const i = entries.indexOf(document.activeElement);
    let next = null;
    if (ev.key === 'ArrowDown') next = (i + 1) % entries.length;
    else if (ev.key === 'ArrowUp') next = (i - 1 + entries.length) % entries.length;
    else if (ev.key === 'Home') next = 0;
    else if (ev.key === 'End') next = entries.length - 1;
    else if (ev.key === 'Escape') { ev.preventDefault(); ev.stopPropagation(); close(true); return; }
    else if (ev.key === 'Tab') { close(false); return; }
    if (next === null) return;
    ev.preventDefault();
    ev.stopPropagation();
    entries[next]?.focus();
  });

  return { el, close: () => close(false), destroy() { close(false); } };
}
