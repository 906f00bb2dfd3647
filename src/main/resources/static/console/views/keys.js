// API keys (administrators): the list, a new key (shown once, with a copy button), revoke.
import { get, post, del } from '../api.js';
import { h, table, when, field, errorBanner } from '../dom.js';

export async function keysView(main, { signal }) {
  const outcome = h('div', { id: 'key-outcome' });
  const name = h('input', { id: 'k-name', name: 'name', required: true });
  const role = h('select', { id: 'k-role', name: 'role' }, h('option', { value: 'user' }, 'user'),
    h('option', { value: 'admin' }, 'admin'));
  const list = h('div', {});
  const load = async () => {
    const keys = await get('/api/v1/keys?size=100', { signal });
    list.replaceChildren(table([
      ['Name', (k) => k.name], ['Role', (k) => k.role], ['Prefix', (k) => h('code', {}, k.prefix || '')],
      ['Created', (k) => when(k.createdAt)],
      // a key provisioned from the configuration is revoked there, not here (the API answers 409)
      ['', (k) => k.configured ? h('span', { class: 'configured' }, 'from configuration')
        : h('button', { type: 'button', class: 'revoke', onclick: async () => {
          if (!confirm('Revoke key "' + k.name + '"? Requests with it fail at once.')) return;
          try { await del('/api/v1/keys/' + k.id); await load(); } catch (err) { outcome.replaceChildren(errorBanner(err)); }
        } }, 'Revoke')],
    ], keys.content));
  };
  main.append(h('h1', {}, 'API keys'),
    h('form', { class: 'panel', id: 'key-form', onsubmit: async (e) => {
      e.preventDefault();
      try {
        const created = await post('/api/v1/keys', { name: name.value.trim(), role: role.value });
        const shown = h('code', { class: 'key-once', id: 'new-key' }, created.key);
        const copy = h('button', { type: 'button', id: 'copy-key', onclick: async () => {
          try {
            await navigator.clipboard.writeText(created.key);
            copy.textContent = 'Copied';
          } catch (err) {
            // no clipboard outside a secure context: select the key for the user to copy
            getSelection().selectAllChildren(shown);
            copy.textContent = 'Selected: press Ctrl+C';
          }
        } }, 'Copy');
        outcome.replaceChildren(h('div', { class: 'panel' },
          h('p', {}, 'The key of "' + created.name + '" — shown this once; it cannot be read again:'),
          h('p', { class: 'row' }, shown, copy)));
        name.value = '';
        await load();
      } catch (err) {
        outcome.replaceChildren(errorBanner(err));
      }
    } }, h('h2', {}, 'New key'), h('div', { class: 'row' }, field('Name', name), field('Role', role)),
    h('p', {}, h('button', { type: 'submit' }, 'Create key'))),
    outcome, list);
  await load();
}
