// Several jobs' loss curves on one chart (by iteration or elapsed time), with the differences of their specs.
import { get } from '../api.js';
import { h, status, link, num } from '../dom.js';
import { LineChart, joinSeries, xValues, color } from '../charts.js';

export async function compareView(main, { params, signal }) {
  const ids = (params.get('ids') || '').split(',').filter(Boolean);
  main.append(h('h1', {}, 'Compare jobs'));
  const recent = await get('/api/v1/jobs?size=50', { signal });
  const picker = h('form', { class: 'panel', id: 'compare-picker', onsubmit: (e) => {
    e.preventDefault();
    const chosen = [...picker.querySelectorAll('input[name=pick]:checked')].map((i) => i.value);
    location.hash = '#/compare?ids=' + chosen.join(',');
  } }, h('details', { open: ids.length < 2 }, h('summary', {}, 'Choose jobs'),
    h('div', { class: 'features' }, recent.content.map((j) => h('label', {},
      h('input', { type: 'checkbox', name: 'pick', value: j.id, checked: ids.includes(j.id) }), ' ',
      j.name || j.id.slice(0, 8), ' ', status(j.status)))),
    h('p', {}, h('button', { type: 'submit', id: 'compare-submit' }, 'Compare'))));
  main.append(picker);
  if (!ids.length) return;

  const jobs = await Promise.all(ids.map((id) => get('/api/v1/jobs/' + id, { signal })));
  const histories = await Promise.all(ids.map((id) => get('/api/v1/jobs/' + id + '/loss?maxPoints=2000', { signal })));
  const log = h('input', { type: 'checkbox', id: 'log-scale' });
  const by = h('select', { id: 'x-axis' }, h('option', { value: 'iteration' }, 'by iteration'),
    h('option', { value: 'time' }, 'by elapsed time'));
  const holder = h('div', {});
  main.append(h('p', { class: 'row' }, h('label', {}, log, ' log scale'), by), holder);
  const chart = new LineChart(holder, 'compare-chart');
  const labels = jobs.map((j, i) => (j.name || j.id.slice(0, 8)) + ' #' + (i + 1));
  const draw = () => {
    const data = joinSeries(histories.map((hist) => [xValues(hist.points, by.value), hist.points.map((p) => p.loss)]));
    chart.draw(data[0], data.slice(1).map((values, i) => ({ label: labels[i], values, color: color(i) })),
      { log: log.checked, xLabel: by.value === 'time' ? 'elapsed seconds' : 'iteration', yLabel: 'training loss',
        height: 360 });
  };
  log.addEventListener('change', draw);
  by.addEventListener('change', draw);
  draw();
  main.append(h('h2', {}, 'Jobs'), h('table', { id: 'compare-jobs' },
    h('tbody', {}, jobs.map((j, i) => h('tr', {}, h('td', {}, h('span', { class: 'mono' }, '#' + (i + 1))),
      h('td', {}, link('#/jobs/' + j.id, j.name || j.id)), h('td', {}, status(j.status)),
      h('td', { class: 'num' }, 'final loss ' + num(j.progress.loss)))))),
  h('h2', {}, 'Spec differences'), differences(jobs, labels));
}

/** Dotted paths of a spec with their values; lists are compared whole. */
function flatten(value, prefix, out) {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? prefix + '.' + k : k, out);
  } else out[prefix] = value;
  return out;
}

function differences(jobs, labels) {
  const flat = jobs.map((j) => flatten({ name: j.name, ...j.spec }, '', {}));
  const paths = [...new Set(flat.flatMap((f) => Object.keys(f)))].sort();
  const differing = paths.filter((p) => new Set(flat.map((f) => JSON.stringify(f[p] ?? null))).size > 1);
  if (!differing.length) return h('p', { id: 'spec-differences' }, 'The specs are the same.');
  const show = (v) => (v === null || v === undefined ? '—' : Array.isArray(v) ? v.join(', ') : String(v));
  return h('table', { id: 'spec-differences' },
    h('thead', {}, h('tr', {}, h('th', {}, 'field'), labels.map((l) => h('th', {}, l)))),
    h('tbody', {}, differing.map((p) => h('tr', {}, h('th', {}, p), flat.map((f) => h('td', {}, show(f[p])))))));
}
