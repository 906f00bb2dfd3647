// A succeeded job's fit: metrics, the coefficient table and plot (95% intervals), and a small predict form.
import { get, post } from '../api.js';
import { h, table, num, errorBanner, field } from '../dom.js';
import { coefficientPlot } from '../charts.js';

export async function resultView(holder, job, signal) {
  const r = await get('/api/v1/jobs/' + job.id + '/result', { signal });
  holder.replaceChildren(h('h2', {}, 'Result'),
    h('p', {}, r.iterations + ' iterations · stop: ' + r.stopReason + (r.converged ? ' (converged)' : '')
      + ' · ' + r.trainingRows + ' training rows' + (r.skippedRows ? ', ' + r.skippedRows + ' skipped' : '')
      + ' · final loss ' + num(r.finalLoss) + ' · ' + r.durationMs + ' ms'),
    metrics(r.metrics));
  const groups = r.classes
    ? r.classes.map((c) => ['Class ' + c.class + ' (against ' + r.referenceClass + ')', c.intercept, c.coefficients])
    : [['Coefficients', r.intercept, r.coefficients]];
  groups.forEach(([title, intercept, coefficients], i) => {
    const rows = (intercept ? [intercept] : []).concat(coefficients || []);
    const t = coefficientTable(rows, r.statistic);
    t.id = i === 0 ? 'coefficients' : 'coefficients-' + i;
    // the intercept is on the target's scale, not the features': plotted with them it would squash them
    holder.append(h('h2', {}, title), t, h('div', { class: 'chart' }, coefficientPlot(coefficients || [])));
  });
  holder.append(await predictForm(job));
}

function metrics(m) {
  const sets = Object.entries(m || {}).filter(([, v]) => v);
  const names = [...new Set(sets.flatMap(([, v]) => Object.keys(v)))];
  return h('table', { id: 'metrics' },
    h('thead', {}, h('tr', {}, h('th', {}, ''), names.map((n) => h('th', { class: 'num' }, n)))),
    h('tbody', {}, sets.map(([set, v]) => h('tr', {}, h('th', {}, set),
      names.map((n) => h('td', { class: 'num' }, num(v[n], 6)))))));
}

function coefficientTable(rows, statistic) {
  return table([
    ['Name', (c) => c.name],
    ['Value', (c) => num(c.value, 6), true],
    ['Std. error', (c) => num(c.standardError), true],
    [statistic || 'statistic', (c) => num(c.statistic), true],
    ['p-value', (c) => num(c.pValue), true],
    ['95% low', (c) => (c.ci95 ? num(c.ci95[0]) : '—'), true],
    ['95% high', (c) => (c.ci95 ? num(c.ci95[1]) : '—'), true],
  ], rows);
}

async function predictForm(job) {
  const dataset = await get('/api/v1/datasets/' + job.datasetId).catch(() => null);
  const byName = new Map((dataset ? dataset.columns : []).map((c) => [c.name, c]));
  const names = [...job.spec.features, ...(job.spec.offset ? [job.spec.offset] : [])];
  const inputs = names.map((name, i) => {
    const column = byName.get(name);
    const input = column && column.levels
      ? h('select', { name, id: 'predict-' + i }, column.levels.map((l) => h('option', { value: l }, l)))
      : h('input', { name, id: 'predict-' + i, type: 'number', step: 'any',
        value: column && column.mean !== null && column.mean !== undefined ? num(column.mean) : '0' });
    return field(name, input);
  });
  const out = h('div', { id: 'prediction' });
  const form = h('form', { class: 'panel', id: 'predict', onsubmit: async (e) => {
    e.preventDefault();
    const row = {};
    inputs.forEach((f) => {
      const el = f.querySelector('input, select');
      row[el.name] = el.type === 'number' ? Number(el.value) : el.value;
    });
    try {
      const { predictions } = await post('/api/v1/jobs/' + job.id + '/predictions', { rows: [row] });
      const p = predictions[0];
      out.replaceChildren(h('p', {}, 'Prediction: ', h('strong', {}, typeof p === 'number' ? num(p, 6)
        : p.class + ' ' + JSON.stringify(p.probabilities))));
    } catch (err) {
      out.replaceChildren(errorBanner(err));
    }
  } }, h('h2', {}, 'Predict'), h('div', { class: 'row' }, inputs),
  h('p', {}, h('button', { type: 'submit' }, 'Predict')), out);
  return form;
}
