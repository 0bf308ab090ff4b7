// Fleet: counts and the version mix at the top, then every worker (100 a page) with its status, heartbeat age,
// uptime, restarts, running jobs and drain/retire state, refreshed live.
import { api } from './api.js';
import { h, fill, table, badge, link, age, duration, num, errorBox, pager } from './dom.js';

const pageSize = 100;

export function fleetPage(ctx) {
  const status = ctx.params.get('status') || '';
  const version = ctx.params.get('version') || '';
  const retired = ctx.params.get('include_retired') === 'true';
  const cursors = [null];   // cursor of each page seen; the last is the current page's
  const summary = h('section', { 'aria-labelledby': 'fleet-summary-h' });
  const list = h('section', { 'aria-labelledby': 'workers-h' });
  const versionSelect = h('select', { id: 'f-version', name: 'version' }, h('option', { value: '' }, 'any'));

  const filters = h('form', { class: 'filters', 'aria-label': 'Filter workers', onchange: (ev) => {
    const f = ev.currentTarget.elements;
    const q = new URLSearchParams();
    if (f.status.value) q.set('status', f.status.value);
    if (f.version.value) q.set('version', f.version.value);
    if (f.include_retired.checked) q.set('include_retired', 'true');
    ctx.navigate('#/fleet' + (q.size ? '?' + q : ''));
  }, onsubmit: (ev) => ev.preventDefault() },
  h('label', { for: 'f-status' }, 'Status'),
  h('select', { id: 'f-status', name: 'status' }, ['', 'active', 'stalled', 'inactive'].map(s =>
    h('option', { value: s, selected: s === status }, s || 'any'))),
  h('label', { for: 'f-version' }, 'Version'), versionSelect,
  h('label', { class: 'check' }, h('input', { type: 'checkbox', name: 'include_retired', checked: retired }), ' include retired'));

  function renderSummary(f) {
    if (versionSelect.options.length === 1) {
      for (const v of f.by_version) versionSelect.append(h('option', { value: v.version, selected: v.version === version }, v.version));
      if (version && !f.by_version.some(v => v.version === version)) versionSelect.append(h('option', { value: version, selected: true }, version));
    }
    fill(summary,
      h('h2', { id: 'fleet-summary-h', class: 'visually-hidden' }, 'Summary'),
      h('ul', { class: 'counts', id: 'fleet-counts' },
        h('li', {}, h('span', { class: 'count' }, num(f.workers_total)), ' workers'),
        h('li', { class: 'c-active' }, h('span', { class: 'count' }, num(f.by_status.active)), ' active'),
        h('li', { class: 'c-stalled' }, h('span', { class: 'count' }, num(f.by_status.stalled)), ' stalled'),
        h('li', { class: 'c-inactive' }, h('span', { class: 'count' }, num(f.by_status.inactive)), ' inactive'),
        h('li', {}, h('span', { class: 'count' }, num(f.draining)), ' draining'),
        h('li', {}, h('span', { class: 'count' }, num(f.retired)), ' retired'),
        h('li', {}, h('span', { class: 'count' }, num(f.duplicate_starts_24h)), ' refused duplicate starts (24 h)')),
      h('p', { class: 'versions' }, f.by_version.length > 1 ? h('strong', {}, 'Version mix: ') : 'Version: ',
        f.by_version.length === 0 ? 'no workers yet' : f.by_version.map((v, i) => [i ? ', ' : '', v.version + ' (' + v.active + ' of ' + v.workers + ' active)'])));
  }

  function renderWorkers(page) {
    const from = (cursors.length - 1) * pageSize + 1;
    fill(list,
      h('h2', { id: 'workers-h' }, 'Workers'),
      table('Workers' + (status ? ' (' + status + ')' : '') + (version ? ' on ' + version : ''), [
        { label: 'Node ID', cell: w => link('#/workers/' + encodeURIComponent(w.node_id), w.node_id) },
        { label: 'Status', cell: w => badge(w.status) },
        { label: 'Version', cell: w => w.info.version },
        { label: 'Last heartbeat', cell: w => age(w.heartbeat_age_ms) },
        { label: 'Uptime', cell: w => duration(w.uptime_seconds) },
        { label: 'Restarts', cell: w => num(w.restarts), num: true },
        { label: 'Running jobs', cell: w => num(w.running_jobs), num: true },
        { label: 'Drain / retire', cell: w => state(w) },
      ], page.workers, { empty: 'No workers match.', id: 'workers' }),
      pager('Workers', from, page.workers.length, {
        onPrev: cursors.length > 1 ? () => { cursors.pop(); refresh(); } : null,
        onNext: page.next_cursor ? () => { cursors.push(page.next_cursor); refresh(); } : null,
      }));
  }

  async function refresh() {
    const q = new URLSearchParams({ limit: String(pageSize) });
    if (status) q.set('status', status);
    if (version) q.set('version', version);
    if (retired) q.set('include_retired', 'true');
    const cursor = cursors[cursors.length - 1];
    if (cursor) q.set('cursor', cursor);
    const [f, page] = await Promise.all([api('/fleet'), api('/workers?' + q)]);
    if (!ctx.alive()) return;
    renderSummary(f);
    renderWorkers(page);
  }

  return {
    title: 'Fleet',
    element: h('div', {}, h('h1', {}, 'Fleet'), summary, filters, list),
    refresh,
    showError: (e) => fill(list, h('h2', { id: 'workers-h' }, 'Workers'), errorBox(e)),
  };
}

export function state(w) {
  if (w.retired_at) return 'retired';
  if (w.draining_since) return w.drain_acknowledged_at ? 'draining (acknowledged)' : 'draining (requested)';
  return '—';
}
