// The jobs list: a status filter, refreshed while jobs on it run; pick several to compare.
import { get, query } from '../api.js';
import { h, table, status, when, num, link } from '../dom.js';
import { pager } from './datasets.js';

const STATUSES = ['', 'QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];

export async function jobsView(main, { params, signal }) {
  const filter = { status: params.get('status'), datasetId: params.get('datasetId'), searchId: params.get('searchId'),
    page: params.get('page') };
  const select = h('select', { id: 'status-filter', onchange: () => {
    location.hash = '#/jobs' + query({ ...filter, status: select.value, page: null });
  } }, STATUSES.map((s) => h('option', { value: s, selected: s === (filter.status || '') }, s || 'any status')));
  const holder = h('div', { id: 'jobs' });
  const compare = h('button', { type: 'button', id: 'compare-selected', onclick: () => {
    const ids = [...holder.querySelectorAll('input[name=pick]:checked')].map((i) => i.value);
    if (ids.length) location.hash = '#/compare?ids=' + ids.join(',');
  } }, 'Compare selected');
  main.append(h('h1', {}, 'Jobs'), h('p', { class: 'row' }, h('label', {}, 'Status ', select), compare,
    filter.datasetId ? h('span', { class: 'muted' }, 'of one dataset') : null,
    filter.searchId ? h('span', { class: 'muted' }, 'of one search') : null), holder);
  const picked = new Set();
  holder.addEventListener('change', (e) => {
    if (e.target.name === 'pick') e.target.checked ? picked.add(e.target.value) : picked.delete(e.target.value);
  });
  // The list is read again every two seconds while a job on it is queued or running, else every ten.
  while (!signal.aborted) {
    const list = await get('/api/v1/jobs' + query({ ...filter, size: 20 }), { signal });
    holder.replaceChildren(table([
      ['', (j) => h('input', { type: 'checkbox', name: 'pick', value: j.id, checked: picked.has(j.id) })],
      ['Job', (j) => link('#/jobs/' + j.id, j.name || j.id.slice(0, 8))],
      ['Status', (j) => status(j.status)],
      ['Progress', (j) => j.progress.iteration + ' / ' + j.progress.maxIterations, true],
      ['Loss', (j) => num(j.progress.loss), true],
      ['Model', (j) => j.spec.model + ' · ' + j.spec.optimizer.algorithm + '/' + j.spec.optimizer.update],
      ['Dataset', (j) => link('#/datasets/' + j.datasetId, j.datasetId.slice(0, 8))],
      ['Created', (j) => when(j.createdAt)],
    ], list.content, (j) => 'job-' + j.status), pager('#/jobs' + query({ ...filter, page: null }), list.page));
    holder.dataset.refreshed = String(Date.now());
    const active = list.content.some((j) => j.status === 'QUEUED' || j.status === 'RUNNING');
    await new Promise((resolve) => setTimeout(resolve, active ? 2000 : 10000));
  }
}
