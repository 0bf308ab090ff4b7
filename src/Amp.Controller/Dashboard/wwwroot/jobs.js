// Jobs, newest first, 50 a page, filtered by status and kind (kept in the address so a filtered view can be shared).
import { api } from './api.js';
import { h, fill, table, badge, link, num, time, errorBox, pager } from './dom.js';

const pageSize = 50;
const statuses = ['active', 'all', 'terminal', 'SCHEDULED', 'RUNNING', 'STOP_REQUESTED', 'STOPPING', 'COMPLETED', 'STOPPED', 'ERROR', 'FATAL'];
const kinds = ['', 'materialize-raw', 'sleep'];

export function jobsPage(ctx) {
  const status = ctx.params.get('status') || 'active';
  const kind = ctx.params.get('kind') || '';
  const cursors = [null];
  const list = h('section', { 'aria-labelledby': 'jobs-h' });

  const filters = h('form', { class: 'filters', 'aria-label': 'Filter jobs', onsubmit: (ev) => ev.preventDefault(), onchange: (ev) => {
    const f = ev.currentTarget.elements;
    const q = new URLSearchParams();
    if (f.status.value !== 'active') q.set('status', f.status.value);
    if (f.kind.value) q.set('kind', f.kind.value);
    ctx.navigate('#/jobs' + (q.size ? '?' + q : ''));
  } },
  h('label', { for: 'j-status' }, 'Status'),
  h('select', { id: 'j-status', name: 'status' }, statuses.map(s => h('option', { value: s, selected: s === status }, s))),
  h('label', { for: 'j-kind' }, 'Kind'),
  h('select', { id: 'j-kind', name: 'kind' }, [...new Set([...kinds, kind])].map(k => h('option', { value: k, selected: k === kind }, k || 'any'))));

  async function refresh() {
    const q = new URLSearchParams({ limit: String(pageSize), status });
    if (kind) q.set('kind', kind);
    const cursor = cursors[cursors.length - 1];
    if (cursor) q.set('last_job_id', String(cursor));
    const page = await api('/jobs?' + q);
    if (!ctx.alive()) return;
    fill(list,
      h('h2', { id: 'jobs-h' }, 'Jobs'),
      table('Jobs (' + status + (kind ? ', ' + kind : '') + '), newest first', [
        { label: 'ID', cell: j => link('#/jobs/' + j.id, String(j.id)), num: true },
        { label: 'Kind', cell: j => j.descriptor && j.descriptor.kind || '—' },
        { label: 'Dataset', cell: j => datasetOf(j.descriptor) },
        { label: 'Status', cell: j => badge(j.status) },
        { label: 'Worker', cell: j => link('#/workers/' + encodeURIComponent(j.node_id), j.node_id, 'w-' + j.id) },
        { label: 'Attempts', cell: j => num(j.attempts) + ' of ' + num(j.max_attempts), num: true },
        { label: 'Created', cell: j => time(j.created_at) },
        { label: 'Updated', cell: j => time(j.updated_at) },
      ], page.jobs, { empty: 'No jobs match.', id: 'jobs' }),
      pager('Jobs', (cursors.length - 1) * pageSize + 1, page.jobs.length, {
        onPrev: cursors.length > 1 ? () => { cursors.pop(); refresh(); } : null,
        onNext: page.next_cursor ? () => { cursors.push(page.next_cursor); refresh(); } : null,
      }));
  }

  return {
    title: 'Jobs',
    element: h('div', {}, h('h1', {}, 'Jobs'), filters, list),
    refresh,
    showError: (e) => fill(list, h('h2', { id: 'jobs-h' }, 'Jobs'), errorBox(e)),
  };
}

/** The dataset a materialize-raw descriptor names, linked to its page; a dash for other kinds. */
export function datasetOf(d) {
  if (!d || !d.dataset_namespace || !d.dataset_name) return '—';
  const name = d.dataset_namespace + '/' + d.dataset_name;
  return link('#/datasets/' + encodeURIComponent(d.dataset_namespace) + '/' + encodeURIComponent(d.dataset_name), name);
}
