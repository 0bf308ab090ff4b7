// Datasets with their versions, the providers (secrets masked by the API), and the query box.
import { api } from './api.js';
import { h, fill, table, link, errorBox } from './dom.js';
import { queryBox } from './query.js';

export function datasetsPage(ctx) {
  const list = h('section', { 'aria-labelledby': 'datasets-h' });
  const providers = h('section', { 'aria-labelledby': 'providers-h' });
  let sqlSet = false;
  const query = queryBox('');

  async function refresh() {
    const [d, p] = await Promise.all([api('/datasets'), api('/providers')]);
    if (!ctx.alive()) return;
    fill(list, h('h2', { id: 'datasets-h' }, 'Datasets'),
      table('Datasets', [
        { label: 'Dataset', cell: x => link('#/datasets/' + encodeURIComponent(x.namespace) + '/' + encodeURIComponent(x.name), x.namespace + '/' + x.name) },
        { label: 'Latest version', cell: x => x.latest_version || '—' },
        { label: 'Versions', cell: x => x.versions.join(', ') || '—' },
      ], d.datasets, { id: 'datasets', empty: 'No datasets registered (ampctl dataset register).' }));
    fill(providers, h('h2', { id: 'providers-h' }, 'Providers'),
      h('p', { class: 'muted' }, 'Secrets are masked by the Admin API; ${VAR} placeholders are shown as written.'),
      table('Providers', [
        { label: 'Name', cell: x => x.name || '—' },
        { label: 'Kind', cell: x => x.kind || '—' },
        { label: 'Network', cell: x => x.network || '—' },
        { label: 'Settings', cell: x => h('code', {}, settings(x)) },
      ], p.providers, { id: 'providers', empty: 'No providers registered (ampctl provider register).' }));
    if (!sqlSet && d.datasets.length > 0) {
      sqlSet = true;
      const first = d.datasets[0];
      const sql = query.querySelector('textarea');
      if (!sql.value) sql.value = 'SELECT block_num, hash FROM ' + first.name + '.blocks ORDER BY block_num DESC';
    }
  }

  return {
    title: 'Datasets',
    element: h('div', {}, h('h1', {}, 'Datasets'), list, providers, query),
    refresh,
    showError: (e) => fill(list, h('h2', { id: 'datasets-h' }, 'Datasets'), errorBox(e)),
  };
}

function settings(p) {
  return Object.entries(p).filter(([k]) => !['name', 'kind', 'network'].includes(k))
    .map(([k, v]) => k + ' = ' + (typeof v === 'object' ? JSON.stringify(v) : String(v))).join('; ') || '—';
}
