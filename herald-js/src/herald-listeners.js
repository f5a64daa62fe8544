// The application's handlers, by event name. A handler that throws is reported and the others
// still run: an application's bug never breaks the connection.

import { report } from './herald-report.js';

export class Listeners {
  constructor() {
    this._byName = new Map(); // name -> Set(handler)
  }

  /** Adds a handler; returns a function that removes it. */
  add(name, handler) {
    if (typeof handler !== 'function') throw new TypeError('handler must be a function');
    let set = this._byName.get(name);
    if (!set) this._byName.set(name, (set = new Set()));
    set.add(handler);
    return () => this.remove(name, handler);
  }

  remove(name, handler) {
    const set = this._byName.get(name);
    if (set) {
      set.delete(handler);
      if (set.size === 0) this._byName.delete(name);
    }
  }

  /** The names that have handlers. */
  names() {
    return [...this._byName.keys()];
  }

  /** Calls every handler of `name` (those added while it runs wait for the next call). */
  call(name, ...args) {
    const set = this._byName.get(name);
    if (!set) return;
    for (const h of [...set]) {
      try {
        h(...args);
      } catch (err) {
        report(err);
      }
    }
  }
}
