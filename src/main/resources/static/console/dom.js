// Building the page. Every string given here becomes a text node, never markup: names that users chose
// (datasets, columns, levels, jobs) cannot inject HTML or script.

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else if (name === 'value') el.value = value;
    else if (name === 'checked' || name === 'selected' || name === 'disabled') el[name] = true;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function svg(tag, attrs, ...children) {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value !== undefined && value !== null) el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

/** A table of rows: columns are [header, (row) => cell, numeric?]. */
export function table(columns, rows, rowClass) {
  return h('table', {},
    h('thead', {}, h('tr', {}, columns.map(([title, , numeric]) => h('th', { class: numeric ? 'num' : null }, title)))),
    h('tbody', {}, rows.map((row) => h('tr', { class: rowClass ? rowClass(row) : null },
      columns.map(([, cell, numeric]) => h('td', { class: numeric ? 'num' : null }, cell(row)))))));
}

export function num(value, digits = 4) {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'number') return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e6 || abs < 1e-3) return value.toExponential(digits - 1);
  return Number(value.toPrecision(digits + 2)).toString();
}

export function bytes(n) {
  if (n === null || n === undefined) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i === 0 ? n : n.toFixed(1)) + ' ' + units[i];
}

export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : '—';
}

export function status(value) {
  return h('span', { class: 'status ' + value }, value);
}

export function field(label, input, hint) {
  return h('div', { class: 'field', 'data-field': input.name || null },
    h('label', { for: input.id || null }, label), input, hint ? h('span', { class: 'hint' }, hint) : null,
    h('span', { class: 'field-error' }));
}

export function errorBanner(err) {
  const problem = err && err.problem;
  const text = problem ? (problem.detail || problem.title || 'Request failed') : (err && err.message) || String(err);
  return h('div', { class: 'banner error', role: 'alert' },
    problem && problem.status ? problem.status + ' · ' : '', text,
    problem && problem.errors && problem.errors.length
      ? h('ul', {}, problem.errors.map((e) => h('li', {}, (e.field ? e.field + ': ' : '') + e.message))) : null);
}

export function link(href, text) {
  return h('a', { href }, text);
}
