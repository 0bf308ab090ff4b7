// One job: status, owner, attempts, descriptor, error detail, per-table progress (current block against the chain
// head, blocks/s measured while the page is open, files, bytes, a chart), failovers and the events timeline.
import { api } from './api.js';
import { h, fill, table, badge, facts, link, num, bytes, time, errorBox } from './dom.js';
import { actionBar, put } from './actions.js';
import { lineChart } from './chart.js';
import { datasetOf } from './jobs.js';

const samplesByJob = new Map();   // job id -> table -> [{t, v}], kept while the tab is open
const maxSamples = 300;
const rateWindowMs = 30_000;
const eventLimit = 100;   // the newest events shown; one more is asked for to know whether there are older ones

export function jobPage(ctx) {
  const id = ctx.args[0];
  let job = null;
  let descriptorOpen = false;   // a reader's unfolding survives the live refresh
  const info = h('section', { 'aria-labelledby': 'job-facts-h' });
  const progress = h('section', { 'aria-labelledby': 'progress-h' });
  const events = h('section', { 'aria-labelledby': 'events-h' });
  const eventDetails = new Map();
  const actions = actionBar(ctx.session, 'Job actions', [
    { label: 'Stop', when: () => job && ['SCHEDULED', 'RUNNING'].includes(job.status),
      confirm: 'Stop job ' + id + '? Its worker finishes the current step and marks it STOPPED.',
      run: async () => { await put('/jobs/' + id + '/stop'); return 'Stop requested for job ' + id + '.'; } },
  ], () => refresh());
  if (!samplesByJob.has(id)) samplesByJob.set(id, new Map());
  const samples = samplesByJob.get(id);

  function record(tables) {
    const now = Date.now();
    for (const [name, t] of Object.entries(tables)) {
      if (t.current_block === null || t.current_block === undefined) continue;
      if (!samples.has(name)) samples.set(name, []);
      const list = samples.get(name);
      if (list.length === 0 || list[list.length - 1].v !== t.current_block || now - list[list.length - 1].t > 5000) list.push({ t: now, v: t.current_block });
      if (list.length > maxSamples) list.shift();
    }
  }

  function rate(name) {
    const list = samples.get(name) || [];
    if (list.length < 2) return null;
    const last = list[list.length - 1];
    const first = list.find(s => last.t - s.t <= rateWindowMs) || list[0];
    const dt = (Date.now() - first.t) / 1000;
    return dt > 0 ? (last.v - first.v) / dt : null;
  }

  async function refresh() {
    const [j, p, ev] = await Promise.all([api('/jobs/' + id), api('/jobs/' + id + '/progress'), api('/jobs/' + id + '/events?limit=' + (eventLimit + 1))]);
    if (!ctx.alive()) return;
    job = j;
    record(p.tables);
    const head = p.progress && p.progress.chain_head;
    // Read the descriptor's state from the page too: its toggle event comes a moment after the click, and a refresh in
    // between must not fold it away again.
    const shown = info.querySelector('details.descriptor');
    if (shown) descriptorOpen = shown.open;
    fill(info,
      h('h2', { id: 'job-facts-h' }, 'Status'),
      facts([
        ['Status', badge(j.status)],
        ['Kind', j.descriptor && j.descriptor.kind],
        ['Dataset', datasetOf(j.descriptor)],
        ['Owner', [link('#/workers/' + encodeURIComponent(j.node_id), j.node_id), j.epoch !== null ? ' (epoch ' + j.epoch + ')' : '']],
        ['Attempts', num(j.attempts) + ' of ' + num(j.max_attempts)],
        ['Created', time(j.created_at)],
        ['Updated', time(j.updated_at)],
      ]),
      p.detail ? [h('h3', {}, 'Error'), h('pre', { class: 'error-detail', id: 'job-error' }, JSON.stringify(p.detail, null, 2))] : null,
      h('details', { class: 'descriptor', open: descriptorOpen, ontoggle: (e) => { descriptorOpen = e.currentTarget.open; } },
        h('summary', { 'data-key': 'descriptor' }, 'Descriptor'), h('pre', { id: 'descriptor' }, JSON.stringify(j.descriptor, null, 2))));
    if (actions.refreshActions && !actions.querySelector('.confirm-q')) actions.refreshActions();
    const names = Object.keys(p.tables);
    fill(progress,
      h('h2', { id: 'progress-h' }, 'Progress'),
      names.length === 0 ? h('p', {}, 'This job writes no tables' + (j.descriptor && j.descriptor.kind === 'materialize-raw' ? ' yet.' : '.')) : [
        // The head is the worker's sample (every few seconds), so a table's current block may pass it for a moment;
        // it is shown as sampled, with its time, rather than raised to the files: a provider whose head went back
        // (a reset chain) must show as such.
        h('p', {}, 'Chain head: ', head === null || head === undefined ? 'not known yet' : [h('strong', { id: 'chain-head' }, num(head)),
          p.progress.updated_at ? [' (reported by the worker at ', time(p.progress.updated_at), ')'] : ''],
          p.progress && p.progress.blocks_written !== undefined ? ' · blocks written by this run: ' + num(p.progress.blocks_written) : ''),
        table('Per-table progress', [
          { label: 'Table', cell: n => n },
          { label: 'Start block', cell: n => num(p.tables[n].start_block), num: true },
          { label: 'Current block', cell: n => num(p.tables[n].current_block), num: true },
          { label: 'Behind head', cell: n => head === null || head === undefined || p.tables[n].current_block === null ? '—' : num(Math.max(0, head - p.tables[n].current_block)), num: true },
          { label: 'Blocks/s', cell: n => { const r = rate(n); return r === null ? '—' : r.toFixed(1); }, num: true },
          { label: 'Files', cell: n => num(p.tables[n].files_count), num: true },
          { label: 'Size', cell: n => bytes(p.tables[n].total_size_bytes), num: true },
        ], names, { id: 'progress' }),
        h('div', { class: 'charts' }, names.map(n => h('figure', {}, lineChart(samples.get(n) || [], n + ' current block'),
          h('figcaption', {}, n + ': current block while this page is open')))),
      ]);
    const older = ev.events.length > eventLimit;
    await renderEvents(older ? ev.events.slice(1) : ev.events, older);
  }

  async function renderEvents(list, older) {
    // A failover is a SCHEDULED event whose context says so; fetch each event's detail once (events never change).
    for (const e of list) {
      if (e.event_type !== 'SCHEDULED' || eventDetails.has(e.id)) continue;
      eventDetails.set(e.id, await api('/jobs/' + id + '/events/' + e.id).catch(() => null));
    }
    if (!ctx.alive()) return;
    const failovers = list.filter(e => reasonOf(e) === 'failover');
    fill(events,
      h('h2', { id: 'failovers-h' }, 'Failovers'),
      failovers.length === 0 ? h('p', { id: 'failovers' }, 'None: the job has not been moved between workers.') :
        table('Failovers', [
          { label: 'At', cell: e => time(e.created_at) },
          { label: 'From', cell: e => ctxOf(e).from_node || '—' },
          { label: 'To', cell: e => e.node_id },
          { label: 'Why', cell: e => ctxOf(e).why || '—' },
        ], failovers, { id: 'failovers' }),
      h('h2', { id: 'events-h' }, 'Events'),
      older ? h('p', { class: 'muted', id: 'events-older' }, 'The newest ' + eventLimit + ' events (failovers among them above); list them all with ampctl job events ' + id + '.') : null,
      h('ol', { class: 'timeline', id: 'events' }, list.map(e => h('li', {},
        time(e.created_at), ' ', h('strong', {}, e.event_type), ' on ', e.node_id,
        e.epoch !== null && e.epoch !== undefined ? ' (epoch ' + e.epoch + ')' : '',
        reasonOf(e) ? ' — ' + reasonOf(e) : ''))));
  }

  function ctxOf(e) { return e.context || (eventDetails.get(e.id) || {}).context || {}; }
  function reasonOf(e) {
    const c = ctxOf(e);
    const d = (eventDetails.get(e.id) || {}).detail || {};
    return c.reason || d.reason || null;
  }

  return {
    title: 'Job ' + id,
    element: h('div', {}, h('p', { class: 'crumbs' }, h('a', { href: '#/jobs?status=all' }, 'Jobs'), ' › ', id), h('h1', {}, 'Job ' + id), info, actions, progress, events),
    refresh,
    showError: (e) => fill(info, errorBox(e)),
  };
}
