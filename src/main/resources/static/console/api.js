// The public /api/v1 API, with the credential of this browser tab. The credential lives in sessionStorage only
// (gone when the tab closes; never localStorage, never a URL) and travels as Authorization: Bearer.

const KEY = 'estimator.credential';

export const credential = {
  get: () => sessionStorage.getItem(KEY),
  set: (value) => sessionStorage.setItem(KEY, value),
  clear: () => sessionStorage.removeItem(KEY),
};

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && (problem.detail || problem.title)) || 'HTTP ' + status);
    this.status = status;
    this.problem = problem || { status, title: 'HTTP ' + status };
  }
}

function headers(extra) {
  const all = { Accept: 'application/json', ...extra };
  const token = credential.get();
  if (token) all.Authorization = 'Bearer ' + token;
  return all;
}

async function failure(response) {
  let problem = null;
  try { problem = await response.json(); } catch (e) { /* not JSON */ }
  if (response.status === 401) window.dispatchEvent(new CustomEvent('estimator:unauthorized'));
  return new ApiError(response.status, problem);
}

export async function request(method, path, body, options = {}) {
  const init = { method, headers: headers(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    signal: options.signal };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(path, init);
  if (!response.ok) throw await failure(response);
  if (response.status === 204) return null;
  return response.json();
}

export const get = (path, options) => request('GET', path, undefined, options);
export const post = (path, body) => request('POST', path, body === undefined ? {} : body);
export const del = (path) => request('DELETE', path);

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? '?' + s : '';
}

/**
 * Server-sent events read through fetch (EventSource cannot send an Authorization header). Calls
 * onEvent(name, data) for each event; resolves when the stream ends. Abort with the signal.
 */
export async function events(path, onEvent, signal) {
  const response = await fetch(path, { headers: headers({ Accept: 'text/event-stream' }), signal });
  if (!response.ok) throw await failure(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let name = 'message';
      const data = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) {
        let parsed = data.join('\n');
        try { parsed = JSON.parse(parsed); } catch (e) { /* plain text */ }
        onEvent(name, parsed);
      }
    }
  }
}

/** Uploads a file as multipart (part "file"), reporting bytes sent; resolves to the Dataset. */
export function upload(file, params, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/api/v1/datasets' + query(params));
    const token = credential.get();
    if (token) xhr.setRequestHeader('Authorization', 'Bearer ' + token);
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body = null;
      try { body = JSON.parse(xhr.responseText); } catch (e) { /* not JSON */ }
      if (xhr.status === 201) resolve(body);
      else reject(new ApiError(xhr.status, body));
    };
    xhr.onerror = () => reject(new Error('The upload could not reach the service'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
}
