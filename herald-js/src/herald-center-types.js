// Presentation per notification type: an app registers
//   types: { xp: { icon: '⭐', tone: 'success', render: (n) => `+${n.data.amount} XP` } }
// `icon` is one of the center's icon names (ICON_NAMES) or a short text such as an emoji; `tone` is
// info | success | warning | error; `render(n)` gives the headline (a string, or a Node the app built)
// shown instead of the title, in the list and in toasts.
import { h, icon, ICON_NAMES } from './herald-center-dom.js';
import { TONES, safeCall } from './herald-center-util.js';

export function createPresentation(types) {
  const table = types && typeof types === 'object' ? types : {};

  /** { icon, tone, render } for an item's type ({} when the app registered nothing for it). */
  function of(item) {
    const own = Object.prototype.hasOwnProperty.call(table, item.type) ? table[item.type] : null;
    if (!own || typeof own !== 'object') return {};
    return {
      icon: typeof own.icon === 'string' && own.icon ? own.icon : null,
      tone: TONES.includes(own.tone) ? own.tone : null,
      render: typeof own.render === 'function' ? own.render : null,
    };
  }

  /** The icon element for a type, or null. */
  function iconOf(item, className) {
    const p = of(item);
    if (!p.icon) return null;
    return h('span', { class: className, 'aria-hidden': 'true' }, ICON_NAMES.includes(p.icon) ? icon(p.icon) : p.icon);
  }

  /** The headline: the type's render(n) (text, or a Node), else the title. */
  function headline(item, fallback) {
    const p = of(item);
    if (p.render) {
      const out = safeCall(p.render, { ...item });
      if (typeof out === 'string' && out) return out;
      if (typeof Node !== 'undefined' && out instanceof Node) return out;
    }
    return item.title || fallback;
  }

  return { of, iconOf, headline };
}
