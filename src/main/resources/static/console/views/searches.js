// Searches: the list, a search's page (mean ± std against the grid value, the best marked, failed shown
// failed, the fold jobs and the refit), and a learning-rate search submitted from a job's spec.
import { get, post, query } from '../api.js';
import { h, table, status, when, num, link, field, errorBanner } from '../dom.js';
import { scorePlot } from '../charts.js';
import { pager } from './datasets.js';

const TERMINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED'];

export async function searchesView(main, { params, signal }) {
  const list = await get('/api/v1/searches' + query({ size: 20, page: params.get('page') }), { signal });
  main.append(h('h1', {}, 'Searches'),
    h('p', { class: 'muted' }, 'Start one from a job\'s page: "Search its learning rate".'),
    table([
      ['Search', (s) => link('#/searches/' + s.id, s.name || s.id.slice(0, 8))],
      ['Status', (s) => status(s.status)],
      ['Metric', (s) => s.metric],
      ['Folds', (s) => s.folds, true],
      ['Jobs done', (s) => s.progress.jobsDone + ' / ' + s.progress.jobsTotal, true],
      ['Best', (s) => (s.best ? num(s.best.mean) : '—'), true],
      ['Created', (s) => when(s.createdAt)],
    ], list.content), pager('#/searches', list.page));
}

export async function searchView(main, { args, signal }) {
  const id = args[0];
  const holder = h('div', {});
  main.append(holder);
  for (;;) {
    const search = await get('/api/v1/searches/' + id, { signal });
    const children = await get('/api/v1/jobs' + query({ searchId: id, size: 100 }), { signal });
    holder.replaceChildren(...searchPage(search, children.content).filter(Boolean));
    if (TERMINAL.includes(search.status) || signal.aborted) return;
    await get('/api/v1/searches/' + id + '?waitSeconds=10', { signal });
  }
}

function sameParams(job, params) {
  return Object.entries(params).every(([path, value]) => {
    let v = job.spec;
    for (const part of path.split('.')) v = v === null || v === undefined ? undefined : v[part];
    return v === value || Number(v) === Number(value);
  });
}

function searchPage(search, children) {
  const keys = Object.keys(search.grid);
  const bestKey = search.best ? JSON.stringify(search.best.params) : null;
  const isBest = (c) => bestKey !== null && JSON.stringify(c.params) === bestKey;
  const folds = (c) => children.filter((j) => j.id !== search.bestJobId && sameParams(j, c.params))
    .sort((a, b) => (a.spec.validation.fold ?? 0) - (b.spec.validation.fold ?? 0));
  const out = [
    h('h1', {}, 'Search ', h('span', { id: 'search-name' }, search.name || search.id)),
    h('p', {}, status(search.status), ' · metric ' + search.metric + ' · ' + search.folds + ' folds · '
      + search.progress.jobsDone + ' / ' + search.progress.jobsTotal + ' fold jobs done',
    search.bestJobId ? [' · refit: ', link('#/jobs/' + search.bestJobId, 'the refit job')] : null),
    search.error ? h('div', { class: 'banner error' }, search.error.code + ': ' + search.error.message) : null,
  ];
  const numeric = keys.filter((k) => search.grid[k].every((v) => typeof v === 'number'));
  if (numeric.length) {
    const axis = numeric.includes('optimizer.learningRate') ? 'optimizer.learningRate' : numeric[0];
    const log = /learningRate|regularization/.test(axis) && search.grid[axis].every((v) => v > 0);
    out.push(h('div', { class: 'chart' }, scorePlot(search.candidates.map((c) => ({
      x: c.params[axis], mean: c.mean, std: c.std, status: c.status, best: isBest(c),
      error: c.error ? c.error.code : null,
    })), { log, xLabel: axis, yLabel: search.metric })));
  }
  out.push(h('h2', {}, 'Candidates'), table([
    ...keys.map((k) => [k, (c) => String(c.params[k]), true]),
    ['Mean', (c) => num(c.mean), true],
    ['Std', (c) => num(c.std), true],
    ['Status', (c) => [status(c.status), isBest(c) ? ' ★ best' : '', c.error ? ' ' + c.error.code : '']],
    ['Fold jobs', (c) => folds(c).map((j, i) => [i ? ' ' : '', link('#/jobs/' + j.id, 'fold ' + (j.spec.validation.fold ?? i))])],
  ], search.candidates, (c) => (isBest(c) ? 'best' : c.status === 'FAILED' ? 'failed' : null)));
  out.push(h('p', {}, link('#/jobs?searchId=' + search.id, 'All its jobs'), ' · ',
    link('#/compare?ids=' + children.slice(0, 8).map((j) => j.id).join(','), 'Compare their loss curves')));
  return out;
}

export async function newSearchView(main, { args, signal }) {
  const job = await get('/api/v1/jobs/' + args[0], { signal });
  const lr = job.spec.optimizer.learningRate;
  const values = h('input', { id: 's-values', name: 'grid', size: 40,
    value: [lr / 100, lr / 10, lr, lr * 10].map((v) => Number(v.toPrecision(3))).join(', ') });
  const folds = h('input', { id: 's-folds', name: 'folds', type: 'number', value: '3', min: 1 });
  const metric = h('select', { id: 's-metric', name: 'metric' },
    ['loss', 'rmse', 'mae', 'r2', 'logLoss', 'accuracy', 'auc', 'deviance'].map((m) => h('option', { value: m }, m)));
  const refit = h('input', { id: 's-refit', name: 'refit', type: 'checkbox', checked: true });
  const name = h('input', { id: 's-name', name: 'name', value: 'learning rate of ' + (job.name || job.id.slice(0, 8)) });
  const top = h('div', {});
  main.append(h('h1', {}, 'Search the learning rate of ', link('#/jobs/' + job.id, job.name || job.id)), top,
    h('form', { class: 'panel', id: 'search-form', onsubmit: async (e) => {
      e.preventDefault();
      top.replaceChildren();
      const base = { ...job.spec };
      delete base.name;
      try {
        const search = await post('/api/v1/searches', {
          name: name.value.trim() || null, base, folds: Number(folds.value), metric: metric.value,
          refit: refit.checked,
          grid: { 'optimizer.learningRate': values.value.split(/[,\s]+/).filter(Boolean).map(Number) },
        });
        location.hash = '#/searches/' + search.id;
      } catch (err) {
        top.append(errorBanner(err));
      }
    } },
    h('p', { class: 'muted' }, 'Every other field is the job\'s spec; each learning rate is tried on every fold.'),
    h('div', { class: 'row' }, field('Name', name), field('Learning rates', values, 'comma-separated'),
      field('Folds', folds, '1 uses the spec\'s validation fraction'), field('Metric', metric), field('Refit', refit)),
    h('p', {}, h('button', { type: 'submit', id: 'submit-search' }, 'Start search'))));
}
