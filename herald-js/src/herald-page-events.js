// The page's own events that matter to a connection: the network coming back, the tab becoming
// visible, and the page going away (or into the back/forward cache) and coming back from it.
// Every global is optional: in Node there is no window or document.

/**
 * Listens to `online`, `visibilitychange` (only when the document becomes visible) and `pagehide`.
 * on: { online(), visible(), pagehide() }. Returns a function that removes the listeners.
 */
export function watchPage(win, doc, on) {
  const onOnline = () => on.online();
  const onVisibility = () => {
    if (doc && doc.visibilityState === 'visible') on.visible();
  };
  const onPageHide = () => on.pagehide();
  if (win && typeof win.addEventListener === 'function') {
    win.addEventListener('online', onOnline);
    win.addEventListener('pagehide', onPageHide);
  }
  if (doc && typeof doc.addEventListener === 'function') {
    doc.addEventListener('visibilitychange', onVisibility);
  }
  return () => {
    if (win && typeof win.removeEventListener === 'function') {
      win.removeEventListener('online', onOnline);
      win.removeEventListener('pagehide', onPageHide);
    }
    if (doc && typeof doc.removeEventListener === 'function') {
      doc.removeEventListener('visibilitychange', onVisibility);
    }
  };
}

/**
 * Calls `restored()` once if the page comes back from the back/forward cache (the next `pageshow`
 * with `persisted`); any next `pageshow` ends the wait. Returns a function that cancels it.
 */
export function whenRestored(win, restored) {
  if (!win || typeof win.addEventListener !== 'function') return () => {};
  const cancel = () => {
    if (typeof win.removeEventListener === 'function') win.removeEventListener('pageshow', onShow);
  };
  const onShow = (e) => {
    cancel();
    if (e && e.persisted) restored();
  };
  win.addEventListener('pageshow', onShow);
  return cancel;
}
