// A job's page: status and progress, the live loss curve (over the events stream), learning rate and gradient
// norm, cancel; once it succeeded, metrics, coefficients with their 95% intervals and a predict form.
import { get, post, events } from '../api.js';
import { h, status, when, num, errorBanner, link } from '../dom.js';
import { LineChart, xValues } from '../charts.js';
import { resultView } from './result.js';

const TERMINAL = ['SUCCEEDED', 'FAILED', 'CANCELLED'];
const CHART_POINTS = 2000;

export async function jobView(main, { args, signal }) {
  const id = args[0];
  let job = await get('/api/v1/jobs/' + id, { signal });
  const head = h('div', {});
  const controls = h('p', { class: 'row' });
  const log = h('input', { type: 'checkbox', id: 'log-scale' });
  const by = h('select', { id: 'x-axis' }, h('option', { value: 'iteration' }, 'by iteration'),
    h('option', { value: 'time' }, 'by elapsed time'));
  const charts = h('div', {});
  const result = h('div', { id: 'result' });
  main.append(head, controls, h('h2', {}, 'Loss'),
    h('p', { class: 'row' }, h('label', {}, log, ' log scale'), by), charts, result);
  const loss = new LineChart(charts, 'loss-chart');
  const rates = new LineChart(charts, 'rate-chart');

  let points = [];
  const draw = () => {
    const x = xValues(points, by.value);
    const xLabel = by.value === 'time' ? 'elapsed seconds' : 'iteration';
    const series = [{ label: 'training loss', values: points.map((p) => p.loss) }];
    if (points.some((p) => p.validationLoss !== null)) {
      series.push({ label: 'validation loss', values: points.map((p) => p.validationLoss) });
    }
    loss.draw(x, series, { log: log.checked, xLabel, yLabel: 'loss' });
    rates.draw(x, [{ label: 'learning rate', values: points.map((p) => p.learningRate) },
      { label: 'gradient norm', values: points.map((p) => p.gradientNorm), scale: 'y2' }],
    { xLabel, yLabel: 'learning rate', y2Label: 'gradient norm', height: 200, log2: log.checked });
  };
  log.addEventListener('change', draw);
  by.addEventListener('change', draw);

  const reload = async () => {
    points = (await get('/api/v1/jobs/' + id + '/loss?maxPoints=' + CHART_POINTS, { signal })).points;
  };
  // New points since the last one drawn; a history grown past twice the chart's budget is reduced again.
  let fetching = null;
  const more = async () => {
    const from = points.length ? points[points.length - 1].iteration + 1 : 0;
    const page = (await get('/api/v1/jobs/' + id + '/loss?from=' + from, { signal })).points;
    points = points.concat(page);
    if (points.length > 2 * CHART_POINTS) await reload();
    draw();
  };
  const refresh = () => {
    // a failed read (the page left, a network blip) is made good by the next event or the final reload
    if (!fetching) fetching = more().catch(() => {}).finally(() => { fetching = null; });
    return fetching;
  };

  // Redrawn whole when the status changes; between, only the progress is updated in place, so that buttons
  // and links are not replaced under the pointer ten times a second.
  let shown = null;
  const render = () => {
    if (job.status === shown) {
      updateProgress(head, job.progress);
      return;
    }
    shown = job.status;
    head.replaceChildren(jobHeader(job));
    controls.replaceChildren(...actions(job, async () => {
      try { job = await post('/api/v1/jobs/' + id + '/cancel'); render(); } catch (err) { head.append(errorBanner(err)); }
    }));
  };
  render();
  await reload();
  draw();

  while (!TERMINAL.includes(job.status) && !signal.aborted) {
    try {
      await events('/api/v1/jobs/' + id + '/events', (name, data) => {
        if (name === 'progress') {
          // a progress event sent before the job ended may arrive after the cancel's answer: it never un-ends it
          job = { ...job, status: TERMINAL.includes(job.status) ? job.status : 'RUNNING', progress: data };
          render();
          refresh();
        } else if (name === 'status') {
          job = data;
          render();
        }
      }, signal);
    } catch (err) {
      if (signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    if (!TERMINAL.includes(job.status)) job = await get('/api/v1/jobs/' + id, { signal });
  }
  if (signal.aborted) return;
  await (fetching || Promise.resolve());
  await reload();
  draw();
  render();
  if (job.status === 'SUCCEEDED') await resultView(result, job, signal);
}

function jobHeader(job) {
  const p = job.progress;
  return h('div', {},
    h('h1', {}, 'Job ', h('span', { id: 'job-name' }, job.name || job.id)),
    h('p', {}, h('span', { id: 'job-status' }, status(job.status)), ' · dataset ',
      link('#/datasets/' + job.datasetId, job.datasetId.slice(0, 8)),
      job.searchId ? [' · search ', link('#/searches/' + job.searchId, job.searchId.slice(0, 8))] : null,
      ' · ' + job.spec.model + ', ' + job.spec.optimizer.algorithm + '/' + job.spec.optimizer.update
      + ', learning rate ' + num(job.spec.optimizer.learningRate)),
    h('p', { class: 'row' }, h('progress', { id: 'job-progress', max: p.maxIterations || 1, value: p.iteration }),
      h('span', { id: 'job-iteration' }, iterations(p)), h('span', { id: 'job-loss' }, losses(p))),
    h('p', { class: 'muted' }, 'created ' + when(job.createdAt) + ' · started ' + when(job.startedAt)
      + ' · finished ' + when(job.finishedAt)),
    job.error ? h('div', { class: 'banner error', id: 'job-error' }, job.error.code + ': ' + job.error.message) : null);
}

const iterations = (p) => p.iteration + ' / ' + p.maxIterations + ' iterations';
const losses = (p) => 'loss ' + num(p.loss)
  + (p.validationLoss !== null && p.validationLoss !== undefined ? ' · validation ' + num(p.validationLoss) : '');

function updateProgress(head, p) {
  const bar = head.querySelector('#job-progress');
  if (!bar) return;
  bar.max = p.maxIterations || 1;
  bar.value = p.iteration;
  head.querySelector('#job-iteration').textContent = iterations(p);
  head.querySelector('#job-loss').textContent = losses(p);
}

function actions(job, cancel) {
  return [
    TERMINAL.includes(job.status) ? null : h('button', { type: 'button', id: 'cancel-job', onclick: cancel }, 'Cancel'),
    link('#/compare?ids=' + job.id, 'Compare with other jobs'),
    link('#/jobs/' + job.id + '/search', 'Search its learning rate'),
    h('details', {}, h('summary', {}, 'Spec'), h('pre', { class: 'mono' }, JSON.stringify(job.spec, null, 2))),
  ].filter(Boolean);
}
