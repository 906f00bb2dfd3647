// The console's shell: sign-in, navigation and a hash router (#/jobs/…); each view reads the public API.
import { credential, get, ApiError } from './api.js';
import { h, errorBanner } from './dom.js';
import { datasetsView, datasetView } from './views/datasets.js';
import { newJobView } from './views/newjob.js';
import { jobsView } from './views/jobs.js';
import { jobView } from './views/job.js';
import { compareView } from './views/compare.js';
import { searchesView, searchView, newSearchView } from './views/searches.js';
import { keysView } from './views/keys.js';

const routes = [
  [/^\/datasets$/, datasetsView],
  [/^\/datasets\/([^/]+)$/, datasetView],
  [/^\/datasets\/([^/]+)\/new-job$/, newJobView],
  [/^\/jobs$/, jobsView],
  [/^\/jobs\/([^/]+)$/, jobView],
  [/^\/jobs\/([^/]+)\/search$/, newSearchView],
  [/^\/compare$/, compareView],
  [/^\/searches$/, searchesView],
  [/^\/searches\/([^/]+)$/, searchView],
  [/^\/keys$/, keysView],
];

const main = document.getElementById('main');
let current = null;
let signingIn = false;

function parseHash() {
  const hash = location.hash.replace(/^#/, '') || '/datasets';
  const [path, search] = hash.split('?');
  return { path, params: new URLSearchParams(search || '') };
}

async function route() {
  if (current) current.abort();
  current = new AbortController();
  const signal = current.signal;
  main.replaceChildren();
  if (!credential.get()) {
    signIn();
    return;
  }
  document.getElementById('nav').hidden = false;
  const { path, params } = parseHash();
  const match = routes.map(([re, view]) => [path.match(re), view]).find(([m]) => m);
  if (!match) {
    main.append(h('h1', {}, 'Not found'), h('p', {}, 'No console page at ', h('code', {}, path)));
    return;
  }
  try {
    await match[1](main, { args: match[0].slice(1).map(decodeURIComponent), params, signal });
  } catch (err) {
    if (signal.aborted || (err && err.name === 'AbortError')) return;
    main.append(errorBanner(err));
  }
}

function signIn(message) {
  document.getElementById('nav').hidden = true;
  const input = h('input', { id: 'credential', type: 'password', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'est_… or a JWT' });
  const note = h('p', { class: 'error', id: 'sign-in-error' }, message || '');
  const form = h('form', { class: 'panel signin', id: 'sign-in', onsubmit: async (e) => {
    e.preventDefault();
    const value = input.value.trim();
    if (!value) return;
    credential.set(value);
    signingIn = true;
    try {
      await get('/api/v1/datasets?size=1');
      await detectAdmin();
      route();
    } catch (err) {
      credential.clear();
      note.textContent = err instanceof ApiError && err.status === 401
        ? 'That credential was not accepted.' : 'Sign-in failed: ' + err.message;
    } finally {
      signingIn = false;
    }
  } },
  h('h1', {}, 'Sign in'),
  h('p', { class: 'muted' }, 'Paste an API key (or a JWT). It is kept for this browser tab only and sent as ',
    h('code', {}, 'Authorization: Bearer'), '.'),
  input, h('p', {}, h('button', { type: 'submit' }, 'Sign in')), note);
  main.replaceChildren(form);
  input.focus();
}

/** The Keys page is for administrators: a key list that answers 200 says the caller is one. */
async function detectAdmin() {
  let admin = false;
  try { await get('/api/v1/keys?size=1'); admin = true; } catch (e) { admin = false; }
  document.getElementById('nav-keys').hidden = !admin;
}

document.getElementById('sign-out').addEventListener('click', () => {
  credential.clear();
  location.hash = '#/datasets';
  signIn();
});
window.addEventListener('estimator:unauthorized', () => {
  if (signingIn) return; // the sign-in form reports it
  credential.clear();
  signIn('The service did not accept the credential any more: sign in again.');
});
window.addEventListener('hashchange', route);
if (credential.get()) detectAdmin();
route();
