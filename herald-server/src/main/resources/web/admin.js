// Herald admin dashboard (admin.html, served at /admin).
//
// Needs a publisher API key, kept in sessionStorage and sent as "Authorization: Bearer <key>".
//   GET  /v1/stats              every second: figures, 60-second sparklines, per-node table in cluster mode
//   GET  /v1/presence?limit=50  every 2.5 seconds: connected users, most streams first
//   POST /v1/notifications      the "send a test notification" form
// A 401 from any of them (invalid_api_key) returns to the sign-in form.

const KEY_STORAGE = 'herald-admin:key';
const STATS_EVERY_MS = 1000;
const PRESENCE_EVERY_MS = 2500;
const HISTORY = 60;          // samples kept for the sparklines (one a second: the last minute)
const RATE_WINDOW = 3;       // samples a rate is averaged over (other nodes report about once a second)
const REQUEST_TIMEOUT_MS = 5000;
const TYPE_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/;
const CONTROL_RE = /[\u0000-\u001f\u007f]/;

const $ = (id) => document.getElementById(id);
const nf = new Intl.NumberFormat('en');
const nf1 = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

let apiKey = null;
let session = 0;             // bumps on sign-out, so that late answers of an old session are ignored
let statsTimer = null;
let presenceTimer = null;

/* ====================================================================== */
/* HTTP                                                                    */
/* ====================================================================== */

class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

async function api(method, path, body) {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), REQUEST_TIMEOUT_MS);
  let res;
  try {
    res = await fetch(path, {
      method,
      headers: {
        Authorization: `Bearer ${apiKey}`,
        Accept: 'application/json',
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
      cache: 'no-store',
      signal: ctrl.signal,
    });
  } catch (e) {
    throw new ApiError(0, 'network', e?.name === 'AbortError' ? 'the hub did not answer in time' : 'the hub cannot be reached');
  } finally {
    clearTimeout(timer);
  }
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!res.ok) {
    throw new ApiError(res.status, json?.error?.code || `http_${res.status}`, json?.error?.message || `HTTP ${res.status}`);
  }
  return json;
}

function isAuthError(e) {
  return e instanceof ApiError && e.status === 401;
}

/* ====================================================================== */
/* sign in / out                                                           */
/* ====================================================================== */

function showLogin(message) {
  stopPolling();
  apiKey = null;
  try { sessionStorage.removeItem(KEY_STORAGE); } catch { /* private mode */ }
  $('dash').hidden = true;
  $('topbar-right').hidden = true;
  $('login').hidden = false;
  const err = $('login-error');
  err.hidden = !message;
  err.textContent = message || '';
  $('api-key').value = '';
  $('api-key').focus();
}

async function signIn(key, { fromStorage = false } = {}) {
  apiKey = key;
  const submit = $('login-submit');
  submit.disabled = true;
  submit.textContent = 'Signing in…';
  try {
    const stats = await api('GET', '/v1/stats');
    try { sessionStorage.setItem(KEY_STORAGE, key); } catch { /* private mode */ }
    startDashboard(stats);
  } catch (e) {
    if (isAuthError(e)) {
      showLogin(fromStorage
        ? 'Your saved API key is no longer accepted. Sign in again.'
        : `That API key was refused (${e.code}). Check it and try again.`);
    } else {
      $('login').hidden = false;
      const err = $('login-error');
      err.hidden = false;
      err.textContent = `Couldn’t sign in: ${e.message}.`;
      apiKey = null;
    }
  } finally {
    submit.disabled = false;
    submit.textContent = 'Sign in';
  }
}

function signOut() {
  session++;
  showLogin('');
  $('login-error').hidden = true;
}

/* ====================================================================== */
/* stats                                                                   */
/* ====================================================================== */

const history = {
  connections: [], users: [], pubRate: [], delRate: [], p50: [], p99: [], slow: [],
};
const steps = [];            // { dt, dPub, dDel } between successive samples
let prevSample = null;       // { t, stats }
let lastOkAt = 0;
let failing = 0;

function push(series, v) {
  series.push(Number.isFinite(v) ? v : null);
  if (series.length > HISTORY) series.shift();
}

/** How much a counter grew between two samples. A counter that went down (the node restarted) counts from 0. */
function grown(prev, cur, field, restarted) {
  const a = prev?.[field];
  const b = cur?.[field];
  if (!Number.isFinite(b)) return null;
  if (!Number.isFinite(a)) return null;
  if (restarted || b < a) return b;
  return b - a;
}

/** Growth of a hub-wide counter, node by node when the answer lists nodes (robust to nodes restarting or leaving). */
function counterGrowth(prev, cur, field) {
  const pn = Array.isArray(prev.nodes) ? prev.nodes : null;
  const cn = Array.isArray(cur.nodes) ? cur.nodes : null;
  if (pn && cn && cn.length) {
    const before = new Map(pn.map((n) => [n.nodeId, n]));
    let sum = 0;
    let any = false;
    for (const n of cn) {
      const p = before.get(n.nodeId);
      if (!p) continue; // a node that just joined: no baseline yet
      const restarted = Number.isFinite(p.uptimeSeconds) && Number.isFinite(n.uptimeSeconds) && n.uptimeSeconds < p.uptimeSeconds;
      const g = grown(p, n, field, restarted);
      if (g !== null) { sum += g; any = true; }
    }
    if (any) return sum;
  }
  return grown(prev, cur, field, false);
}

function onStats(stats) {
  const now = performance.now();
  lastOkAt = Date.now();
  failing = 0;
  let pubRate = null;
  let delRate = null;
  if (prevSample) {
    const dt = (now - prevSample.t) / 1000;
    steps.push({ dt, dPub: counterGrowth(prevSample.stats, stats, 'published'), dDel: counterGrowth(prevSample.stats, stats, 'delivered') });
    if (steps.length > RATE_WINDOW) steps.shift();
    const time = steps.reduce((a, s) => a + s.dt, 0);
    const sumOf = (k) => (steps.every((s) => s[k] === null) ? null : steps.reduce((a, s) => a + (s[k] || 0), 0));
    const pubs = sumOf('dPub');
    const dels = sumOf('dDel');
    if (time > 0) {
      pubRate = pubs === null ? null : pubs / time;
      delRate = dels === null ? null : dels / time;
    }
  }
  prevSample = { t: now, stats };

  const p50 = latency(stats.publishToWriteP50Ms);
  const p99 = latency(stats.publishToWriteP99Ms);
  push(history.connections, stats.connections);
  push(history.users, stats.users);
  push(history.pubRate, pubRate);
  push(history.delRate, delRate);
  push(history.p50, p50);
  push(history.p99, p99);
  push(history.slow, stats.slowStreamsDropped);

  renderMetrics(stats, { pubRate, delRate, p50, p99 });
  renderNodes(stats);
  renderIngest(stats);
  renderHeader(stats);
  $('banner-error').hidden = true;
  $('metrics').classList.remove('is-stale');
  setLive('ok');
}

function onStatsError(e) {
  failing++;
  const banner = $('banner-error');
  banner.hidden = false;
  const since = lastOkAt ? ` Last figures from ${new Date(lastOkAt).toLocaleTimeString()}.` : '';
  banner.textContent = `Couldn’t fetch the figures: ${e.message}. Retrying every second.${since}`;
  $('metrics').classList.add('is-stale');
  setLive(failing > 2 ? 'off' : 'wait');
  // A gap in the samples would make the next rate an average over it: start the rates afresh.
  prevSample = null;
  steps.length = 0;
}

function latency(v) {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : null;
}

async function pollStats(mySession) {
  const started = performance.now();
  try {
    const stats = await api('GET', '/v1/stats');
    if (mySession !== session) return;
    onStats(stats || {});
  } catch (e) {
    if (mySession !== session) return;
    if (isAuthError(e)) { showLogin(`The API key was refused (${e.code}). Sign in again.`); return; }
    onStatsError(e);
  }
  const wait = Math.max(0, STATS_EVERY_MS - (performance.now() - started));
  statsTimer = setTimeout(() => pollStats(mySession), wait);
}

/* ---------- rendering ---------- */

const CARDS = [
  { id: 'connections', label: 'Open connections', series: ['connections'], fmt: (s) => fmtInt(s.connections),
    sub: (s) => perLoopText(s) },
  { id: 'users', label: 'Users online', series: ['users'], fmt: (s) => fmtInt(s.users),
    sub: (s) => (Number.isFinite(s.users) && s.users > 0 && Number.isFinite(s.connections) ? `${nf1.format(s.connections / s.users)} streams per user` : 'with at least one open stream') },
  { id: 'pub', label: 'Publishes / s', series: ['pubRate'], fmt: (s, d) => fmtRate(d.pubRate),
    sub: (s) => (Number.isFinite(s.published) ? `${fmtInt(s.published)} since start` : '') },
  { id: 'del', label: 'Deliveries / s', series: ['delRate'], fmt: (s, d) => fmtRate(d.delRate),
    sub: (s) => (Number.isFinite(s.delivered) ? `${fmtInt(s.delivered)} since start` : '') },
  { id: 'lat', label: 'Publish → write', series: ['p99', 'p50'], fmt: (s, d) => fmtMs(d.p50), suffix: 'p50',
    sub: (s, d) => `p99 ${fmtMs(d.p99)}${Array.isArray(s.nodes) && s.nodes.length > 1 && s.nodeId ? ` · ${s.nodeId}` : ''}` },
  { id: 'slow', label: 'Slow streams dropped', series: ['slow'], fmt: (s) => fmtInt(s.slowStreamsDropped),
    sub: (s) => slowSub() },
];
const cardEls = new Map();

function buildCards() {
  const wrap = $('metrics');
  wrap.replaceChildren();
  for (const c of CARDS) {
    const value = el('span', { class: 'metric-value-num' }, '–');
    const suffix = el('span', { class: 'metric-suffix' }, c.suffix || '');
    const sub = el('p', { class: 'metric-sub' });
    const spark = svgEl('svg', { class: 'spark', viewBox: '0 0 120 36', preserveAspectRatio: 'none', 'aria-hidden': 'true', focusable: 'false' });
    const summary = el('span', { class: 'sr-only' });
    const card = el('article', { class: `metric card metric-${c.id}`, 'aria-labelledby': `m-${c.id}` },
      el('h3', { class: 'metric-label', id: `m-${c.id}` }, c.label),
      el('p', { class: 'metric-value' }, value, suffix),
      sub, spark, summary);
    wrap.append(card);
    cardEls.set(c.id, { card, value, sub, spark, summary });
  }
}

function renderMetrics(stats, derived) {
  for (const c of CARDS) {
    const ref = cardEls.get(c.id);
    ref.value.textContent = c.fmt(stats, derived);
    ref.card.classList.toggle('is-empty', ref.value.textContent === '–');
    ref.sub.textContent = c.sub(stats, derived);
    drawSpark(ref.spark, c.series.map((k) => history[k]));
    const main = history[c.series[c.series.length - 1]].filter((v) => v !== null);
    ref.summary.textContent = main.length > 1
      ? ` Last minute: low ${fmtPlain(Math.min(...main))}, high ${fmtPlain(Math.max(...main))}.`
      : '';
  }
}

function perLoopText(s) {
  const loops = s.connectionsPerEventLoop;
  if (!Array.isArray(loops) || loops.length === 0) return '';
  return `${loops.length} event loop${loops.length === 1 ? '' : 's'} on ${s.nodeId || 'this node'}: ${loops.join(' · ')}`;
}

function slowSub() {
  const v = history.slow.filter((x) => x !== null);
  cardEls.get('slow')?.card.classList.remove('has-drops');
  if (v.length < 2) return 'since start';
  const added = Math.max(0, v[v.length - 1] - v[0]);
  if (added > 0) cardEls.get('slow')?.card.classList.add('has-drops');
  return added > 0 ? `+${fmtInt(added)} in the last minute` : 'none in the last minute';
}

function renderHeader(stats) {
  const nodes = Array.isArray(stats.nodes) ? stats.nodes.length : 0;
  const parts = [];
  if (stats.nodeId) parts.push(`Answered by ${stats.nodeId}`);
  if (Number.isFinite(stats.uptimeSeconds)) parts.push(`up ${fmtUptime(stats.uptimeSeconds)}`);
  parts.push(nodes > 1 ? `cluster of ${nodes} nodes` : 'single node');
  $('dash-sub').textContent = parts.join(' · ');

  const banner = $('banner-cluster');
  if (stats.clusterViewComplete === false) {
    banner.hidden = false;
    banner.textContent = `Cluster view incomplete: Redis can’t be reached, so every figure is ${stats.nodeId || 'this node'}’s alone.`;
  } else {
    banner.hidden = true;
  }
}

function renderNodes(stats) {
  const nodes = Array.isArray(stats.nodes) ? stats.nodes : [];
  const section = $('nodes-section');
  section.hidden = nodes.length <= 1;
  if (nodes.length <= 1) return;
  $('nodes-sub').textContent = `${nodes.length} live nodes`;
  const rows = nodes.map((n) => {
    const inner = el('div', { class: 'node-name' }, el('span', { class: 'mono' }, String(n.nodeId ?? '?')));
    if (n.nodeId === stats.nodeId) inner.append(el('span', { class: 'tag' }, 'answering'));
    const name = el('td', {}, inner);
    return el('tr', {},
      name,
      el('td', { class: 'num' }, fmtInt(n.connections)),
      el('td', { class: 'num' }, fmtInt(n.users)),
      el('td', { class: 'num' }, fmtInt(n.published)),
      el('td', { class: 'num' }, fmtInt(n.delivered)),
      el('td', { class: 'num' }, fmtMs(latency(n.publishToWriteP50Ms))),
      el('td', { class: 'num' }, fmtMs(latency(n.publishToWriteP99Ms))),
      el('td', { class: 'num' }, fmtUptime(n.uptimeSeconds)));
  });
  $('nodes-table').tBodies[0].replaceChildren(...rows);
}

// The answering node's ingest sources (stats.ingest, absent when it consumes none).
function renderIngest(stats) {
  const sources = Array.isArray(stats.ingest) ? stats.ingest : [];
  const section = $('ingest-section');
  section.hidden = sources.length === 0;
  if (sources.length === 0) return;
  const rows = sources.map((s) => {
    const e = s.lastError;
    const error = e ? el('span', { class: 'mono', title: `${e.message ?? ''} (${e.at ?? ''})` }, String(e.code ?? '?')) : '—';
    return el('tr', {},
      el('td', {}, el('span', { class: 'mono' }, String(s.source ?? '?'))),
      el('td', { class: 'num' }, fmtInt(s.processed)),
      el('td', { class: 'num' }, Number.isFinite(s.processedPerSecond) ? s.processedPerSecond.toFixed(1) : '—'),
      el('td', { class: 'num' }, fmtInt(s.deadLettered)),
      el('td', { class: 'num' }, fmtInt(s.retries)),
      el('td', { class: 'num' }, Number.isFinite(s.lag) && s.lag >= 0 ? fmtInt(s.lag) : '—'),
      el('td', {}, error));
  });
  $('ingest-table').tBodies[0].replaceChildren(...rows);
}

function setLive(state) {
  const text = { ok: 'Live', wait: 'Retrying…', off: 'Hub unreachable' }[state];
  $('live-text').textContent = text;
  $('live-dot').className = `dot ${state === 'ok' ? 'dot-ok' : state === 'wait' ? 'dot-wait' : 'dot-off'}`;
}

/* ---------- sparklines ---------- */

function drawSpark(svg, seriesList) {
  const W = 120;
  const H = 36;
  svg.replaceChildren(svgEl('path', { d: `M0,${H - 0.5}H${W}`, class: 'spark-base', 'vector-effect': 'non-scaling-stroke' }));
  const all = seriesList.flat().filter((v) => v !== null);
  if (all.length < 2) return;
  const max = Math.max(...all);
  const min = Math.min(0, ...all);
  const top = max === min ? max + 1 : max + (max - min) * 0.12;
  const x = (i) => (i / (HISTORY - 1)) * W;
  const y = (v) => H - 2 - ((v - min) / (top - min)) * (H - 4);
  seriesList.forEach((series, si) => {
    const primary = si === seriesList.length - 1;
    const offset = HISTORY - series.length;
    // Split at gaps (null): a missing sample breaks the line instead of being drawn as 0.
    const runs = [];
    let run = [];
    series.forEach((v, i) => {
      if (v === null) { if (run.length) runs.push(run); run = []; return; }
      run.push([x(i + offset), y(v)]);
    });
    if (run.length) runs.push(run);
    for (const r of runs) {
      if (r.length < 2) continue;
      const line = r.map(([px, py], i) => `${i ? 'L' : 'M'}${px.toFixed(2)},${py.toFixed(2)}`).join('');
      if (primary) {
        svg.append(svgEl('path', { d: `${line}L${r[r.length - 1][0].toFixed(2)},${H}L${r[0][0].toFixed(2)},${H}Z`, class: 'spark-area' }));
      }
      svg.append(svgEl('path', { d: line, class: primary ? 'spark-line' : 'spark-line spark-line-2', 'vector-effect': 'non-scaling-stroke' }));
    }
  });
}

/* ====================================================================== */
/* presence                                                                */
/* ====================================================================== */

const presenceRows = new Map();

async function pollPresence(mySession) {
  try {
    const r = await api('GET', '/v1/presence?limit=50');
    if (mySession !== session) return;
    renderPresence(r || {});
  } catch (e) {
    if (mySession !== session) return;
    if (isAuthError(e)) { showLogin(`The API key was refused (${e.code}). Sign in again.`); return; }
    const note = $('presence-note');
    note.hidden = false;
    note.textContent = e.status === 404
      ? 'This hub doesn’t list connected users (GET /v1/presence is not available).'
      : `Couldn’t load connected users: ${e.message}.`;
    if (e.status === 404) return; // no point asking again
  }
  presenceTimer = setTimeout(() => pollPresence(mySession), PRESENCE_EVERY_MS);
}

function renderPresence(r) {
  const users = Array.isArray(r.users) ? r.users.filter((u) => u && typeof u.userId === 'string') : [];
  const total = Number.isFinite(r.total) ? r.total : users.length;
  $('presence-sub').textContent = total > users.length
    ? `top ${users.length} of ${fmtInt(total)} online`
    : `${fmtInt(total)} online`;
  const note = $('presence-note');
  if (r.complete === false) {
    note.hidden = false;
    note.textContent = 'Cluster view incomplete: this list shows this node’s users only.';
  } else {
    note.hidden = true;
  }
  $('presence-empty').hidden = users.length > 0;
  const max = Math.max(1, ...users.map((u) => u.connections || 0));
  const tbody = $('presence-table').tBodies[0];
  const focused = document.activeElement;
  const seen = new Set();
  let cursor = tbody.firstChild;
  for (const u of users) {
    seen.add(u.userId);
    let row = presenceRows.get(u.userId);
    if (!row) row = buildPresenceRow(u.userId);
    row.count.textContent = fmtInt(u.connections);
    row.bar.style.setProperty('--w', `${Math.round(((u.connections || 0) / max) * 100)}%`);
    if (row.tr !== cursor) tbody.insertBefore(row.tr, cursor);
    else cursor = cursor.nextSibling;
  }
  for (const [id, row] of presenceRows) if (!seen.has(id)) { row.tr.remove(); presenceRows.delete(id); }
  if (focused && focused !== document.activeElement && document.contains(focused)) focused.focus({ preventScroll: true });
}

function buildPresenceRow(userId) {
  const count = el('span', { class: 'count' });
  const bar = el('span', { class: 'bar', 'aria-hidden': 'true' }, el('span', {}));
  const notify = el('button', { type: 'button', class: 'btn btn-ghost btn-small', 'aria-label': `Send a notification to ${userId}` }, 'Notify');
  notify.addEventListener('click', () => {
    $('target-user').checked = true;
    syncTarget();
    $('send-user').value = userId;
    $('send-title').focus();
    $('send-title').select();
  });
  const tr = el('tr', {},
    el('td', {}, el('div', { class: 'user-cell' },
      el('span', { class: 'avatar', 'data-hue': String(hash(userId) % 6), 'aria-hidden': 'true' }, [...userId][0]?.toUpperCase() || '?'),
      el('span', { class: 'user-id' }, userId))),
    el('td', { class: 'num streams' }, bar, count),
    el('td', { class: 'actions' }, notify));
  const row = { tr, count, bar };
  presenceRows.set(userId, row);
  return row;
}

/* ====================================================================== */
/* send a test notification                                                */
/* ====================================================================== */

function syncTarget() {
  const broadcast = $('target-all').checked;
  $('user-field').hidden = broadcast;
  $('send-submit').textContent = broadcast ? 'Broadcast to everyone' : 'Send notification';
}

function fieldError(inputId, message) {
  const input = $(inputId);
  const err = $(`${inputId}-err`);
  if (message) {
    input.setAttribute('aria-invalid', 'true');
    err.hidden = false;
    err.textContent = message;
  } else {
    input.removeAttribute('aria-invalid');
    err.hidden = true;
    err.textContent = '';
  }
  return !message;
}

function validateSend() {
  const broadcast = $('target-all').checked;
  const userId = $('send-user').value.trim();
  const type = $('send-type').value.trim();
  const title = $('send-title').value;
  const url = $('send-url').value.trim();
  const checks = [
    ['send-user', broadcast ? '' : !userId ? 'Enter a user id.' : CONTROL_RE.test(userId) || userId === '.' || userId === '..' || userId.length > 256 ? 'Not a valid user id.' : ''],
    ['send-type', !type ? 'Enter a type, e.g. comment.' : !TYPE_RE.test(type) ? 'Letters, digits and . _ : - only, starting with a letter or digit (max 64).' : ''],
    ['send-title', !title.trim() ? 'Enter a title.' : title.length > 512 ? 'At most 512 characters.' : ''],
    ['send-url', !url ? '' : url.length > 2048 || /[\s\u0000-\u001f\u007f]/.test(url) || !(/^https?:\/\/./i.test(url) || /^\/(?!\/)/.test(url)) ? 'Use an http(s):// URL or a path starting with / (no spaces).' : ''],
  ];
  let firstBad = null;
  for (const [id, msg] of checks) if (!fieldError(id, msg) && !firstBad) firstBad = id;
  if (firstBad) { $(firstBad).focus(); return null; }
  const body = broadcast ? { broadcast: true } : { userId };
  body.type = type;
  body.title = title;
  const text = $('send-body').value;
  if (text.trim()) body.body = text;
  if (url) body.actionUrl = url;
  body.priority = $('send-priority').value;
  return body;
}

async function onSend(ev) {
  ev.preventDefault();
  const body = validateSend();
  if (!body) return;
  const result = $('send-result');
  const submit = $('send-submit');
  submit.disabled = true;
  result.className = 'send-result is-pending';
  result.replaceChildren(el('span', { class: 'spinner', 'aria-hidden': 'true' }), ' Sending…');
  const mySession = session;
  try {
    const r = await api('POST', '/v1/notifications', body);
    if (mySession !== session) return;
    const recipients = Number.isFinite(r?.recipients) ? r.recipients : null;
    result.className = 'send-result is-ok';
    const line = el('p', {}, el('strong', {}, body.broadcast ? 'Broadcast sent' : 'Sent'), ' · id ', el('code', {}, String(r?.id ?? '?')));
    if (recipients !== null) line.append(` · ${fmtInt(recipients)} recipient${recipients === 1 ? '' : 's'}`);
    result.replaceChildren(line);
    if (body.broadcast) {
      result.append(el('p', { class: 'hint' }, 'Recipients of a broadcast are the users online on the node that accepted it; everyone gets it in their inbox.'));
    } else {
      const link = el('a', { href: `/?user=${encodeURIComponent(body.userId)}`, target: '_blank', rel: 'noopener' }, `open ${body.userId}’s notification center`);
      result.append(el('p', { class: 'hint' }, 'Watch it arrive: ', link, ' (dev mode only: a zero-config hub, or HERALD_DEV_MODE=true).'));
    }
  } catch (e) {
    if (mySession !== session) return;
    if (isAuthError(e)) { showLogin(`The API key was refused (${e.code}). Sign in again.`); return; }
    result.className = 'send-result is-error';
    result.replaceChildren(el('p', {}, el('strong', {}, e.status ? `${e.status} ${e.code}` : 'Not sent'), ' · ', e.message));
  } finally {
    submit.disabled = false;
  }
}

/* ====================================================================== */
/* start                                                                   */
/* ====================================================================== */

function startDashboard(firstStats) {
  session++;
  const mySession = session;
  $('login').hidden = true;
  $('dash').hidden = false;
  $('topbar-right').hidden = false;
  for (const k of Object.keys(history)) history[k].length = 0;
  steps.length = 0;
  prevSample = null;
  presenceRows.clear();
  $('presence-table').tBodies[0].replaceChildren();
  $('presence-note').hidden = true;
  $('send-result').replaceChildren();
  buildCards();
  if (firstStats) onStats(firstStats);
  statsTimer = setTimeout(() => pollStats(mySession), STATS_EVERY_MS);
  pollPresence(mySession);
  $('main').focus({ preventScroll: true });
}

function stopPolling() {
  clearTimeout(statsTimer);
  clearTimeout(presenceTimer);
  session++;
}

function init() {
  $('login-form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    const key = $('api-key').value.trim().replace(/^Bearer\s+/i, '');
    if (!key) {
      $('api-key').setAttribute('aria-invalid', 'true');
      const err = $('login-error');
      err.hidden = false;
      err.textContent = 'Enter the API key.';
      $('api-key').focus();
      return;
    }
    $('api-key').removeAttribute('aria-invalid');
    signIn(key);
  });
  $('reveal').addEventListener('click', () => {
    const input = $('api-key');
    const show = input.type === 'password';
    input.type = show ? 'text' : 'password';
    $('reveal').textContent = show ? 'Hide' : 'Show';
    $('reveal').setAttribute('aria-pressed', String(show));
  });
  $('signout').addEventListener('click', signOut);
  $('target-user').addEventListener('change', syncTarget);
  $('target-all').addEventListener('change', syncTarget);
  $('send-form').addEventListener('submit', onSend);
  for (const id of ['send-user', 'send-type', 'send-title', 'send-url']) {
    $(id).addEventListener('input', () => fieldError(id, ''));
  }
  syncTarget();

  let saved = null;
  try { saved = sessionStorage.getItem(KEY_STORAGE); } catch { /* private mode */ }
  if (saved) {
    $('login').hidden = true;
    signIn(saved, { fromStorage: true });
  } else {
    showLogin('');
    $('login-error').hidden = true;
  }
}

/* ====================================================================== */
/* helpers                                                                 */
/* ====================================================================== */

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') node.className = v;
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    node.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
  return node;
}

function svgEl(tag, attrs = {}) {
  const node = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

function fmtInt(v) {
  return Number.isFinite(v) ? nf.format(Math.round(v)) : '–';
}

function fmtRate(v) {
  if (!Number.isFinite(v)) return '–';
  if (v === 0) return '0';
  if (v < 10) return nf1.format(v);
  return nf.format(Math.round(v));
}

function fmtMs(v) {
  if (!Number.isFinite(v)) return '–';
  if (v < 1) return `${v.toFixed(2)} ms`;
  if (v < 10) return `${v.toFixed(1)} ms`;
  return `${nf.format(Math.round(v))} ms`;
}

function fmtPlain(v) {
  return Number.isInteger(v) ? nf.format(v) : nf1.format(v);
}

function fmtUptime(s) {
  if (!Number.isFinite(s) || s < 0) return '–';
  const sec = Math.floor(s);
  if (sec < 60) return `${sec} s`;
  const min = Math.floor(sec / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

function hash(s) {
  let x = 0;
  for (const ch of s) x = (x * 31 + ch.codePointAt(0)) >>> 0;
  return x;
}

init();
