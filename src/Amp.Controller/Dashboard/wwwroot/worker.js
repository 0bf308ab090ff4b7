// One worker: its status and build, drain/retire state and actions, its incarnations (starts, ends, why) and the
// duplicate starts that were refused because its node ID was in use.
import { api } from './api.js';
import { h, fill, table, badge, facts, age, duration, num, time, errorBox } from './dom.js';
import { actionBar, post } from './actions.js';
import { state } from './fleet.js';

export function workerPage(ctx) {
  const id = ctx.args[0];
  const path = '/workers/' + encodeURIComponent(id);
  let worker = null;
  const info = h('section', { 'aria-labelledby': 'worker-facts-h' });
  const history = h('section', { 'aria-labelledby': 'incarnations-h' });
  const actions = actionBar(ctx.session, 'Worker actions', [
    { label: 'Drain', when: () => worker && !worker.draining_since && !worker.retired_at,
      confirm: 'Drain ' + id + '? It takes no new jobs; running ones continue.',
      run: async () => { await post(path + '/drain'); return 'Drain requested for ' + id + '.'; } },
    { label: 'Undrain', when: () => worker && worker.draining_since && !worker.retired_at,
      confirm: 'Undrain ' + id + '? It takes new jobs again.',
      run: async () => { await post(path + '/undrain'); return id + ' takes jobs again.'; } },
    { label: 'Retire', when: () => worker && !worker.retired_at,
      // The Admin API retires only a worker whose process is gone (409 WORKER_ACTIVE otherwise).
      unavailable: () => worker.status === 'inactive' ? null
        : 'Only an inactive worker can be retired: ' + id + ' is ' + worker.status + '; stop its process first (SIGTERM).',
      confirm: 'Retire ' + id + '? It leaves the fleet views.',
      run: async () => { await post(path + '/retire'); return id + ' is retired.'; } },
  ], () => refresh());

  async function refresh() {
    const [w, hist] = await Promise.all([api(path), api(path + '/incarnations?limit=50')]);
    if (!ctx.alive()) return;
    worker = w;
    fill(info,
      h('h2', { id: 'worker-facts-h' }, 'Status'),
      facts([
        ['Status', badge(w.status)],
        ['Version', w.info.version],
        ['Commit', h('code', {}, w.info.commit_sha)],
        ['Last heartbeat', age(w.heartbeat_age_ms)],
        ['Uptime', duration(w.uptime_seconds)],
        ['Restarts', num(w.restarts)],
        ['Epoch', String(w.epoch)],
        ['Running jobs', num(w.running_jobs)],
        ['Drain / retire', state(w)],
        ['First seen', time(w.created_at)],
        ['Registered', time(w.registered_at)],
      ]));
    if (actions.refreshActions && !actions.querySelector('.confirm-q')) actions.refreshActions();
    fill(history,
      h('h2', { id: 'incarnations-h' }, 'Incarnations'),
      h('p', {}, num(w.incarnation_count) + ' starts in all; the newest ' + hist.incarnations.length + ' below.'),
      table('Incarnations, newest first', [
        { label: 'Epoch', cell: i => String(i.epoch), num: true },
        { label: 'Host', cell: i => i.host },
        { label: 'PID', cell: i => String(i.pid), num: true },
        { label: 'Version', cell: i => i.version },
        { label: 'Started', cell: i => time(i.started_at) },
        { label: 'Last heartbeat', cell: i => time(i.last_heartbeat_at) },
        { label: 'Ended', cell: i => time(i.ended_at) },
        { label: 'End reason', cell: i => i.end_reason || (i.ended_at ? '—' : 'running') },
      ], hist.incarnations, { id: 'incarnations' }),
      h('h2', { id: 'duplicates-h' }, 'Refused duplicate starts'),
      h('p', {}, num(w.duplicate_start_count) + ' refused in all: another process started with this node ID while it was in use.'),
      table('Refused duplicate starts, newest first', [
        { label: 'Refused at', cell: d => time(d.refused_at) },
        { label: 'Host', cell: d => d.host },
        { label: 'PID', cell: d => String(d.pid), num: true },
        { label: 'Version', cell: d => d.version },
      ], hist.duplicate_starts, { id: 'duplicate-starts', empty: 'No refused starts.' }));
  }

  return {
    title: 'Worker ' + id,
    element: h('div', {}, h('p', { class: 'crumbs' }, h('a', { href: '#/fleet' }, 'Fleet'), ' › ', id), h('h1', {}, 'Worker ', h('code', {}, id)), info, actions, history),
    refresh,
    showError: (e) => fill(info, errorBox(e)),
  };
}
