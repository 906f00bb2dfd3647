// The new-job form, built from the dataset's columns, showing the API's defaults; a 400's errors[] are put
// beside the fields they name.
import { get, post, ApiError } from '../api.js';
import { h, field, errorBanner } from '../dom.js';

const DEFAULTS = {
  model: 'linear', fitIntercept: true, standardize: true, missing: 'error', huberDelta: 1.0,
  'regularization.l2': 0, 'regularization.l1': 0,
  'optimizer.algorithm': 'gd', 'optimizer.update': 'plain', 'optimizer.learningRate': 0.1,
  'optimizer.schedule': 'constant', 'optimizer.batchSize': 256, 'optimizer.maxIterations': 1000,
  'optimizer.tolerance': 1e-8, 'optimizer.partitions': 8, 'optimizer.parallelMode': 'gradient',
  'validation.fraction': 0, 'validation.patience': 10, maxRuntimeSeconds: null, seed: 42,
};
const CHOICES = {
  model: ['linear', 'logistic', 'poisson', 'huber', 'multinomial', 'gamma'],
  missing: ['error', 'skip', 'impute_mean'],
  'optimizer.algorithm': ['gd', 'sgd', 'minibatch', 'newton', 'lbfgs'],
  'optimizer.update': ['plain', 'momentum', 'nesterov', 'adagrad', 'adam'],
  'optimizer.schedule': ['constant', 'inverse_scaling', 'step', 'adaptive'],
  'optimizer.parallelMode': ['gradient', 'model_averaging'],
};
const LABELS = {
  model: 'Model', fitIntercept: 'Intercept', standardize: 'Standardize', missing: 'Missing values',
  huberDelta: 'Huber delta', 'regularization.l2': 'L2 penalty', 'regularization.l1': 'L1 penalty',
  'optimizer.algorithm': 'Algorithm', 'optimizer.update': 'Update rule', 'optimizer.learningRate': 'Learning rate',
  'optimizer.schedule': 'Schedule', 'optimizer.batchSize': 'Batch size', 'optimizer.maxIterations': 'Max iterations',
  'optimizer.tolerance': 'Tolerance', 'optimizer.partitions': 'Partitions', 'optimizer.parallelMode': 'Parallel mode',
  'validation.fraction': 'Validation fraction', 'validation.patience': 'Patience',
  maxRuntimeSeconds: 'Time limit (seconds)', seed: 'Seed',
};
const GROUPS = [
  ['Model', ['model', 'missing', 'fitIntercept', 'standardize', 'huberDelta', 'regularization.l2', 'regularization.l1']],
  ['Optimizer', ['optimizer.algorithm', 'optimizer.update', 'optimizer.learningRate', 'optimizer.schedule',
    'optimizer.batchSize', 'optimizer.maxIterations', 'optimizer.tolerance', 'optimizer.partitions',
    'optimizer.parallelMode']],
  ['Validation, time limit and seed', ['validation.fraction', 'validation.patience', 'maxRuntimeSeconds', 'seed']],
];

function input(path) {
  const id = 'f-' + path.replace(/\./g, '-');
  const value = DEFAULTS[path];
  if (CHOICES[path]) {
    return h('select', { id, name: path }, CHOICES[path].map((c) => h('option', { value: c, selected: c === value }, c)));
  }
  if (typeof value === 'boolean') return h('input', { id, name: path, type: 'checkbox', checked: value });
  return h('input', { id, name: path, type: 'number', step: 'any', value: value === null ? '' : String(value) });
}

export async function newJobView(main, { args }) {
  const datasetId = args[0];
  const dataset = await get('/api/v1/datasets/' + datasetId);
  const columns = dataset.columns.map((c) => c.name);
  const target = h('select', { id: 'f-target', name: 'target' }, columns.map((c) => h('option', { value: c }, c)));
  const name = h('input', { id: 'f-name', name: 'name', placeholder: 'optional' });
  const features = h('div', { class: 'features', id: 'f-features' });
  const drawFeatures = () => features.replaceChildren(...columns.filter((c) => c !== target.value).map((c) =>
    h('label', {}, h('input', { type: 'checkbox', name: 'feature', value: c, checked: true }), ' ', c)));
  const numeric = dataset.columns.filter((c) => c.type === 'numeric');
  target.value = (numeric.length ? numeric[numeric.length - 1] : dataset.columns[dataset.columns.length - 1]).name;
  target.addEventListener('change', drawFeatures);
  drawFeatures();
  const top = h('div', {});
  const form = h('form', { id: 'job-form', class: 'panel', onsubmit: (e) => submit(e, form, top, datasetId) },
    h('div', { class: 'row' }, field('Name', name), field('Target', target, 'required')),
    h('div', { class: 'field', 'data-field': 'features' }, h('label', {}, 'Features (default: every column but the target)'),
      features, h('span', { class: 'field-error' })),
    GROUPS.map(([legend, paths]) => h('fieldset', {}, h('legend', {}, legend),
      h('div', { class: 'row' }, paths.map((p) => field(LABELS[p], input(p), 'default: ' + (DEFAULTS[p] ?? 'none')))))),
    h('p', {}, h('button', { type: 'submit', id: 'submit-job' }, 'Submit job')));
  main.append(h('h1', {}, 'New job on ', h('a', { href: '#/datasets/' + datasetId }, dataset.name)), top, form);
}

/** The spec from the form: every field as shown, so that what was submitted is what the user saw. */
function spec(form, datasetId) {
  const out = { datasetId, target: form.elements.target.value };
  const name = form.elements.name.value.trim();
  if (name) out.name = name;
  out.features = [...form.querySelectorAll('input[name=feature]:checked')].map((i) => i.value);
  for (const path of Object.keys(DEFAULTS)) {
    const el = form.elements[path];
    let value;
    if (el.type === 'checkbox') value = el.checked;
    else if (el.type === 'number') value = el.value.trim() === '' ? null : Number(el.value);
    else value = el.value;
    if (value === null) continue;
    const [head, tail] = path.split('.');
    if (tail) (out[head] = out[head] || {})[tail] = value;
    else out[head] = value;
  }
  return out;
}

async function submit(e, form, top, datasetId) {
  e.preventDefault();
  top.replaceChildren();
  form.querySelectorAll('.field').forEach((f) => {
    f.classList.remove('invalid');
    f.querySelector('.field-error').textContent = '';
  });
  try {
    const job = await post('/api/v1/jobs', spec(form, datasetId));
    location.hash = '#/jobs/' + job.id;
  } catch (err) {
    if (!(err instanceof ApiError) || !err.problem.errors) { top.append(errorBanner(err)); return; }
    const unplaced = [];
    for (const error of err.problem.errors) {
      const path = (error.field || '').replace(/\[\d+\]$/, '');
      const holder = form.querySelector('.field[data-field="' + CSS.escape(path) + '"]');
      if (holder) {
        holder.classList.add('invalid');
        const note = holder.querySelector('.field-error');
        note.textContent = (note.textContent ? note.textContent + '; ' : '') + error.message;
      } else unplaced.push(error);
    }
    top.append(h('div', { class: 'banner error', role: 'alert' }, 'The service refused the job: ' + err.message,
      unplaced.length ? h('ul', {}, unplaced.map((u) => h('li', {}, (u.field || '') + ': ' + u.message))) : null));
  }
}
