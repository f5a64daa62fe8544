// Where an error thrown by an application's handler goes: it must never break the client's own
// state machine, and it must not vanish either.

/** Reports an error without throwing: browsers pass it to window.onerror, elsewhere the console. */
export function report(err) {
  if (typeof reportError === 'function') reportError(err);
  else if (typeof console !== 'undefined') console.error(err);
}
