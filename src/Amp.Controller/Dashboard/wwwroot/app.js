// The dashboard shell: signs in when the Admin API needs a token, routes #/… to a page, refreshes the page at
// the heartbeat interval without reloading, and shows a banner while the controller or its database is unreachable.
import { api, onHealth, setToken, token, ApiError } from './api.js';
import { h, fill, errorBox } from './dom.js';
import { fleetPage } from './fleet.js';
import { workerPage } from './worker.js';
import { jobsPage } from './jobs.js';
import { jobPage } from './job.js';
import { datasetsPage } from './datasets.js';
import { datasetPage } from './dataset.js';

const routes = [
  [/^\/fleet$/, () => fleetPage],
  [/^\/workers\/([^/]+)$/, () => workerPage],
  [/^\/jobs$/, () => jobsPage],
  [/^\/jobs\/(\d+)$/, () => jobPage],
  [/^\/datasets$/, () => datasetsPage],
  [/^\/datasets\/([^/]+)\/([^/]+)$/, () => datasetPage],
];

const main = document.getElementById('main');
const banner = document.getElementById('banner');
const live = document.getElementById('live');
let session = null;
let current = null;     // {page, generation}
let generation = 0;
let lastOk = null;
let routed = false;

onHealth(state => {
  if (state.ok) {
    lastOk = new Date();
    banner.hidden = true;
    banner.textContent = '';
    live.textContent = 'Live · updated ' + lastOk.toLocaleTimeString('en-GB');
    return;
  }
  const since = lastOk ? ' Last successful update ' + lastOk.toLocaleTimeString('en-GB') + '.' : '';
  banner.hidden = false;
  banner.className = 'banner banner-' + state.kind;
  banner.textContent = (state.kind === 'database'
    ? 'The metadata database is unreachable: ' + state.message + '. The page keeps retrying.'
    : 'The controller is unreachable: ' + state.message + '. The page keeps retrying.') + since;
  live.textContent = 'Disconnected';
});

/** Parses location.hash (#/jobs?status=all) into a path, its regex captures and its query parameters. */
function parseHash() {
  const raw = location.hash.startsWith('#/') ? location.hash.slice(1) : '/fleet';
  const [path, query] = raw.split('?');
  return { path, params: new URLSearchParams(query || '') };
}

async function route() {
  if (location.hash && !location.hash.startsWith('#/')) return; // an in-page anchor such as the skip link
  const { path, params } = parseHash();
  const gen = ++generation;
  for (const a of document.querySelectorAll('[data-nav]')) {
    const here = path.startsWith('/' + a.dataset.nav) || (a.dataset.nav === 'fleet' && path.startsWith('/workers'));
    here ? a.setAttribute('aria-current', 'page') : a.removeAttribute('aria-current');
  }
  const match = routes.map(([re, page]) => [path.match(re), page]).find(([m]) => m);
  if (!match) {
    fill(main, h('h1', {}, 'Not found'), h('p', {}, 'No page at ' + path + '. '), h('a', { href: '#/fleet' }, 'Go to the fleet'));
    return;
  }
  const [m, page] = match;
  const ctx = {
    args: m.slice(1).map(decodeURIComponent), params, session,
    navigate: (hash) => { location.hash = hash; },
    alive: () => gen === generation,
  };
  const instance = page()(ctx);
  current = { instance, gen };
  main.replaceChildren(instance.element);
  document.title = instance.title + ' · Amp dashboard';
  // After following a link, reading continues at the new page's content (not on the first load).
  if (routed) main.focus({ preventScroll: true });
  routed = true;
  await refresh(current);
}

async function refresh(cur) {
  if (!cur || cur.gen !== generation) return;
  try {
    await cur.instance.refresh();
    cur.loaded = true;
  } catch (e) {
    const err = e instanceof ApiError ? e : new ApiError(0, 'ERROR', e.message);
    // While the controller or database is away the banner says so and the last figures stay on the page.
    const outage = err.code === 'UNREACHABLE' || err.code === 'METADATA_DB_UNAVAILABLE';
    if (cur.gen === generation && cur.instance.showError && !(outage && cur.loaded)) cur.instance.showError(err);
  }
}

async function loop() {
  for (;;) {
    await new Promise(r => setTimeout(r, session.refresh_interval_ms));
    if (!document.hidden) await refresh(current);
  }
}

function showMode() {
  const mode = document.getElementById('mode');
  if (session.actions_enabled) {
    fill(mode, h('span', { class: 'pill pill-actions' }, 'Actions enabled'), ' ',
      h('button', { type: 'button', class: 'link', onclick: () => { setToken(null); location.reload(); } }, 'Sign out'));
  } else {
    fill(mode, h('details', { class: 'readonly' }, h('summary', {}, 'Read-only'), h('p', { id: 'read-only-reason' }, session.read_only_reason)));
  }
}

function signIn(message) {
  fill(main,
    h('h1', {}, 'Sign in'),
    h('p', {}, 'This Admin API has an auth token. Enter it to see the fleet and act on it; it is kept in this tab only (session storage) and sent as a bearer header, never as a cookie.'),
    message ? errorBox({ code: 'UNAUTHORIZED', message }) : null,
    h('form', { class: 'signin', onsubmit: async (ev) => {
      ev.preventDefault();
      setToken(ev.target.elements.token.value.trim());
      await start();
    } },
    h('label', { for: 'token' }, 'Auth token'),
    h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'current-password', required: true }),
    h('button', { type: 'submit' }, 'Sign in')));
  document.getElementById('token').focus();
}

async function start() {
  try {
    session = await api('/ui/session');
  } catch (e) {
    fill(main, h('h1', {}, 'Amp dashboard'), errorBox(e));
    setTimeout(start, 2000);
    return;
  }
  if (session.token_required && !session.authenticated) {
    const had = token();
    setToken(null);
    signIn(had ? 'that token is not the Admin API\'s auth token; check [admin_api] auth_token' : null);
    return;
  }
  showMode();
  window.addEventListener('hashchange', route);
  await route();
  loop();
}

start();
