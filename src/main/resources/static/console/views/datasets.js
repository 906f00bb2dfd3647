// Datasets: the list with the upload panel, and a dataset's page (column summaries, first rows, delete).
import { get, del, upload, ApiError } from '../api.js';
import { h, table, num, bytes, when, field, errorBanner, link } from '../dom.js';

export async function datasetsView(main, { params }) {
  const page = Number(params.get('page') || 0);
  main.append(h('h1', {}, 'Datasets'), uploadPanel());
  const list = await get('/api/v1/datasets?size=20&page=' + page);
  main.append(table([
    ['Name', (d) => link('#/datasets/' + d.id, d.name)],
    ['Rows', (d) => d.rows ?? '—', true],
    ['Columns', (d) => d.columns.length, true],
    ['Size', (d) => bytes(d.sizeBytes), true],
    ['Status', (d) => d.status || 'READY'],
    ['Created', (d) => when(d.createdAt)],
  ], list.content), pager('#/datasets', list.page));
}

export function pager(base, page) {
  if (page.totalPages <= 1) return h('p', { class: 'muted' }, page.totalElements + ' in all');
  const sep = base.includes('?') ? '&' : '?';
  return h('p', { class: 'row' },
    page.number > 0 ? link(base + sep + 'page=' + (page.number - 1), '← newer') : null,
    h('span', { class: 'muted' }, 'page ' + (page.number + 1) + ' of ' + page.totalPages),
    page.number + 1 < page.totalPages ? link(base + sep + 'page=' + (page.number + 1), 'older →') : null);
}

function uploadPanel() {
  const file = h('input', { type: 'file', id: 'upload-file', accept: '.csv,text/csv' });
  const name = h('input', { id: 'upload-name', name: 'name', placeholder: 'the file name' });
  const header = h('input', { type: 'checkbox', id: 'upload-header', checked: true });
  const delimiter = h('input', { id: 'upload-delimiter', value: ',', maxlength: 1, size: 2 });
  const categorical = h('input', { id: 'upload-categorical', placeholder: 'e.g. zip,rooms' });
  const bar = h('progress', { id: 'upload-progress', max: 1, value: 0, hidden: true });
  const sent = h('span', { id: 'upload-sent', class: 'muted' });
  const outcome = h('div', { id: 'upload-outcome' });
  const drop = h('div', { class: 'drop', id: 'upload-drop' }, 'Drop a CSV file here, or choose one: ', file);
  let chosen = null;
  const choose = (f) => { chosen = f; sent.textContent = f ? f.name + ' · ' + bytes(f.size) : ''; };
  file.addEventListener('change', () => choose(file.files[0]));
  drop.addEventListener('dragover', (e) => { e.preventDefault(); drop.classList.add('over'); });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer.files.length) choose(e.dataTransfer.files[0]);
  });
  const button = h('button', { type: 'submit', id: 'upload-submit' }, 'Upload');
  return h('form', { class: 'panel', id: 'upload', onsubmit: async (e) => {
    e.preventDefault();
    outcome.replaceChildren();
    if (!chosen) { outcome.append(h('p', { class: 'error' }, 'Choose a file first.')); return; }
    bar.hidden = false;
    bar.value = 0;
    button.disabled = true;
    try {
      const dataset = await upload(chosen, {
        name: name.value.trim() || null, header: header.checked ? null : 'false',
        delimiter: delimiter.value && delimiter.value !== ',' ? delimiter.value : null,
        categorical: categorical.value.trim() || null,
      }, (loaded, total) => {
        bar.max = total || 1;
        bar.value = loaded;
        sent.textContent = bytes(loaded) + ' of ' + bytes(total) + ' sent';
      });
      location.hash = '#/datasets/' + dataset.id;
    } catch (err) {
      outcome.append(errorBanner(err));
      if (err.problem && err.problem.line) {
        outcome.append(h('p', {}, 'Line ' + err.problem.line + (err.problem.column ? ', column ' + err.problem.column : '')));
      }
    } finally {
      button.disabled = false;
    }
  } },
  h('h2', {}, 'Upload a CSV'), drop,
  h('div', { class: 'row' }, field('Name', name, 'default: the file name'),
    field('Header row', header, 'default: yes'), field('Delimiter', delimiter, 'default: ,'),
    field('Categorical columns', categorical, 'comma-separated; typed categorical even if numeric')),
  h('p', { class: 'row' }, button, bar, sent), outcome);
}

export async function datasetView(main, { args }) {
  const id = args[0];
  const dataset = await get('/api/v1/datasets/' + id);
  const outcome = h('div', {});
  main.append(h('h1', {}, 'Dataset ', h('span', { id: 'dataset-name' }, dataset.name)),
    h('p', { class: 'muted' }, (dataset.rows ?? '?') + ' rows · ' + bytes(dataset.sizeBytes) + ' · created '
      + when(dataset.createdAt) + ' · sha256 ', h('code', {}, dataset.sha256 || '—')),
    h('p', { class: 'row' },
      h('a', { href: '#/datasets/' + id + '/new-job', id: 'new-job' }, 'New job on this dataset'),
      link('#/jobs?datasetId=' + id, 'Its jobs'),
      h('button', { type: 'button', id: 'delete-dataset', onclick: async () => {
        if (!confirm('Delete dataset "' + dataset.name + '"?')) return;
        outcome.replaceChildren();
        try {
          await del('/api/v1/datasets/' + id);
          location.hash = '#/datasets';
        } catch (err) {
          if (err instanceof ApiError && err.status === 409) {
            outcome.append(h('div', { class: 'banner error', role: 'alert' },
              'This dataset cannot be deleted while a queued or running job uses it. Cancel those jobs or wait for '
              + 'them to finish, then delete it. ', h('span', { class: 'muted' }, err.message), ' ',
              link('#/jobs?datasetId=' + id, 'See its jobs')));
          } else outcome.append(errorBanner(err));
        }
      } }, 'Delete')),
    outcome,
    h('h2', {}, 'Columns'),
    table([
      ['#', (c) => c.index, true],
      ['Name', (c) => c.name],
      ['Type', (c) => c.type],
      ['Missing', (c) => c.missing, true],
      ['Min', (c) => num(c.min), true],
      ['Max', (c) => num(c.max), true],
      ['Mean', (c) => num(c.mean), true],
      ['Std', (c) => num(c.std), true],
      ['Levels', (c) => levels(c.levels)],
    ], dataset.columns));
  if (dataset.status && dataset.status !== 'READY') return;
  const rows = await get('/api/v1/datasets/' + id + '/rows?limit=20');
  main.append(h('h2', {}, 'First rows'),
    h('table', { id: 'first-rows' },
      h('thead', {}, h('tr', {}, rows.columns.map((c) => h('th', {}, c)))),
      h('tbody', {}, rows.rows.map((r) => h('tr', {}, r.map((v) => h('td', {}, v === null ? '—' : String(v))))))));
}

function levels(list) {
  if (!list) return '';
  const shown = list.slice(0, 12).join(', ');
  return list.length > 12 ? shown + ', … (' + list.length + ')' : shown;
}
