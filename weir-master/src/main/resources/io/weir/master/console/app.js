// The console's entry: sign-in, the session's role, and hash routing to the pages.
import { api, token, ApiError } from './api.js';
import { h } from './dom.js';
import * as pages from './pages.js';

const view = document.getElementById('view');
const signin = document.getElementById('signin');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const signout = document.getElementById('signout');

const routes = [
  [/^#\/clusters$/, pages.clusters],
  [/^#\/clusters\/([^/]+)$/, pages.cluster],
  [/^#\/jobs$/, pages.jobs],
  [/^#\/jobs\/([^/]+)$/, pages.job],
  [/^#\/agents$/, pages.agents],
  [/^#\/reservations$/, pages.reservations],
  [/^#\/services$/, pages.services],
];

let session = null;
let current = null;

function go(hash) {
  if (location.hash === hash) show(); else location.hash = hash;
}

function show() {
  current?.abort();
  if (!session) return;
  const hash = location.hash || '#/jobs';
  const match = routes.map(([re, page]) => [hash.match(re), page]).find(([m]) => m);
  current = new AbortController();
  view.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
  for (const a of nav.querySelectorAll('a')) {
    if (hash.startsWith(a.getAttribute('href'))) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  if (!match) {
    view.replaceChildren(h('p', { class: 'error' }, 'No such page: ' + hash));
    return;
  }
  const [m, page] = match;
  page(view, { signal: current.signal, admin: session.role === 'admin', go }, ...m.slice(1).map(decodeURIComponent));
}

async function start() {
  try {
    session = await api('/api/v1/session');
  } catch (e) {
    session = null;
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) token.clear();
    showSignin(e.message);
    return;
  }
  document.body.dataset.role = session.role;
  who.textContent = session.name + ' (' + session.role + ')';
  nav.hidden = false;
  signout.hidden = false;
  show();
}

function showSignin(message) {
  current?.abort();
  nav.hidden = true;
  signout.hidden = true;
  who.textContent = '';
  delete document.body.dataset.role;
  view.replaceChildren(signin);
  signin.hidden = false;
  document.getElementById('signin-error').textContent = message || '';
  document.getElementById('token').focus();
}

signin.addEventListener('submit', (e) => {
  e.preventDefault();
  const input = document.getElementById('token');
  token.set(input.value.trim());
  input.value = '';
  signin.hidden = true;
  start();
});

signout.addEventListener('click', () => {
  token.clear();
  session = null;
  showSignin('Signed out.');
});

window.addEventListener('hashchange', show);
window.addEventListener('weir-unauthorized', (e) => {
  if (!session) return;
  token.clear();
  session = null;
  showSignin(e.detail);
});

if (token.get()) start(); else showSignin('');
