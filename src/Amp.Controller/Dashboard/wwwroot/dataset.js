// One dataset: its versions, the selected version's manifest facts and tables with the rows, files and bytes its
// jobs wrote, its jobs, deploy (with a token), and the query box aimed at its tables.
import { api } from './api.js';
import { h, fill, table, badge, facts, link, num, bytes, time, errorBox } from './dom.js';
import { actionBar, post } from './actions.js';
import { queryBox } from './query.js';

const revisionLimit = 1000;

export function datasetPage(ctx) {
  const [ns, name] = ctx.args;
  const base = '/datasets/' + encodeURIComponent(ns) + '/' + encodeURIComponent(name);
  let selected = ctx.params.get('version');
  const versions = h('section', { 'aria-labelledby': 'versions-h' });
  const detail = h('section', { 'aria-labelledby': 'version-h' });
  const actions = actionBar(ctx.session, 'Dataset actions', [
    { label: 'Deploy', when: () => !!selected,
      confirm: 'Deploy ' + ns + '/' + name + '@' + (selected || 'latest') + '? This schedules its extraction job (continuous).',
      run: async () => { const r = await post(base + '/versions/' + encodeURIComponent(selected) + '/deploy', {}); return h('span', {}, 'Scheduled ', link('#/jobs/' + r.job_id, 'job ' + r.job_id), '.'); } },
  ], () => refresh());

  async function refresh() {
    const v = await api(base + '/versions');
    if (!ctx.alive()) return;
    if (!selected) selected = v.special_tags.latest || (v.versions[0] && v.versions[0].version) || null;
    fill(versions, h('h2', { id: 'versions-h' }, 'Versions'),
      table('Versions', [
        { label: 'Version', cell: x => link('#/datasets/' + encodeURIComponent(ns) + '/' + encodeURIComponent(name) + '?version=' + encodeURIComponent(x.version), x.version + (x.version === selected ? ' (shown)' : '')) },
        { label: 'Manifest hash', cell: x => h('code', { title: x.manifest_hash }, x.manifest_hash.slice(0, 12) + '…') },
        { label: 'Tags', cell: x => [x.version === v.special_tags.latest ? 'latest' : null, x.version === v.special_tags.dev ? 'dev' : null].filter(Boolean).join(', ') || '—' },
        { label: 'Registered', cell: x => time(x.created_at) },
      ], v.versions, { id: 'versions' }));
    if (actions.refreshActions && !actions.querySelector('.confirm-q')) actions.refreshActions();
    if (!selected) { fill(detail, h('h2', { id: 'version-h' }, 'Tables'), h('p', {}, 'No versions.')); return; }
    const rev = base + '/versions/' + encodeURIComponent(selected);
    const [info, jobs, revisions] = await Promise.all([api(rev), api(rev + '/jobs'), api('/revisions?dataset=' + encodeURIComponent(ns + '/' + name) + '&limit=' + revisionLimit)]);
    // The physical revisions of this version's tables (newest first): GET /revisions lists the dataset's, on the server.
    const own = revisions.filter(r => r.metadata && r.metadata.manifest_hash === info.manifest_hash);
    const activeOf = t => { const r = own.find(x => x.active && x.metadata.table_name === t); return r ? String(r.id) : '—'; };
    const newest = jobs.jobs.slice().sort((a, b) => b.id - a.id)[0];
    const progress = newest ? await api('/jobs/' + newest.id + '/progress') : { tables: {} };
    if (!ctx.alive()) return;
    fill(detail,
      h('h2', { id: 'version-h' }, 'Version ' + selected),
      facts([['Kind', info.kind], ['Network', info.network], ['Start block', num(info.start_block)],
        ['Finalized blocks only', info.finalized_blocks_only ? 'yes' : 'no'], ['Manifest hash', h('code', {}, info.manifest_hash)]]),
      table('Tables of ' + selected + (newest ? ' (as written by job ' + newest.id + ')' : ''), [
        { label: 'Table', cell: t => t },
        { label: 'Start block', cell: t => num(progress.tables[t] && progress.tables[t].start_block), num: true },
        { label: 'Current block', cell: t => num(progress.tables[t] && progress.tables[t].current_block), num: true },
        { label: 'Files', cell: t => num(progress.tables[t] ? progress.tables[t].files_count : 0), num: true },
        { label: 'Size', cell: t => bytes(progress.tables[t] ? progress.tables[t].total_size_bytes : 0), num: true },
        { label: 'Active revision', cell: t => activeOf(t), num: true },
      ], info.tables, { id: 'tables' }),
      h('h3', {}, 'Revisions'),
      table('Revisions of the tables of ' + selected, [
        { label: 'Revision', cell: r => String(r.id), num: true },
        { label: 'Table', cell: r => r.metadata.table_name },
        { label: 'State', cell: r => r.active ? 'active' : 'inactive' },
        { label: 'Writer job', cell: r => r.writer === undefined || r.writer === null ? '—' : link('#/jobs/' + r.writer, String(r.writer)) },
        { label: 'Path', cell: r => h('code', {}, r.path) },
      ], own, { id: 'revisions', empty: 'No revisions yet: deploy the version, or restore its files (docs/tables.md).' }),
      revisions.length === revisionLimit ? h('p', { class: 'muted' }, 'Among the dataset\'s newest ' + num(revisionLimit) + ' revisions; list all with ampctl table list.') : null,
      h('h3', {}, 'Jobs'),
      table('Jobs of ' + selected, [
        { label: 'ID', cell: j => link('#/jobs/' + j.id, String(j.id)), num: true },
        { label: 'Status', cell: j => badge(j.status) },
        { label: 'Worker', cell: j => j.node_id },
        { label: 'Updated', cell: j => time(j.updated_at) },
      ], jobs.jobs, { id: 'dataset-jobs', empty: 'Not deployed yet.' }));
  }

  return {
    title: ns + '/' + name,
    element: h('div', {}, h('p', { class: 'crumbs' }, h('a', { href: '#/datasets' }, 'Datasets'), ' › ', ns + '/' + name),
      h('h1', {}, 'Dataset ', h('code', {}, ns + '/' + name)), versions, actions, detail,
      queryBox('SELECT block_num, hash FROM ' + name + '.blocks ORDER BY block_num DESC')),
    refresh,
    showError: (e) => fill(versions, errorBox(e)),
  };
}
