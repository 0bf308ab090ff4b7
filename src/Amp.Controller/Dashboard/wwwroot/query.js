// The query box: SQL and a row limit, sent through POST /ui/query to the query server; rows as a table.
import { api } from './api.js';
import { h, fill, table, errorBox } from './dom.js';

export function queryBox(initialSql) {
  const result = h('div', { class: 'query-result', id: 'query-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'query', 'aria-label': 'Query', onsubmit: async (ev) => {
    ev.preventDefault();
    const f = ev.currentTarget.elements;
    const limit = Number(f.limit.value);
    fill(result, h('p', {}, 'Running…'));
    f.run.disabled = true;
    try {
      const r = await api('/ui/query', { method: 'POST', body: { sql: f.sql.value, limit } });
      fill(result,
        h('p', { id: 'query-summary' }, r.rows.length + (r.rows.length === 1 ? ' row' : ' rows') + (r.truncated ? ' (row limit ' + r.row_limit + ' reached; more rows exist)' : '')),
        table('Query result', r.columns.map(c => ({ label: c, cell: row => cell(row[c]) })), r.rows, { id: 'query-rows', empty: 'No rows.' }));
    } catch (e) {
      fill(result, errorBox(e));
    } finally {
      f.run.disabled = false;
    }
  } },
  h('label', { for: 'q-sql' }, 'SQL'),
  h('textarea', { id: 'q-sql', name: 'sql', rows: 4, spellcheck: 'false', required: true }, initialSql || ''),
  h('div', { class: 'query-row' },
    h('label', { for: 'q-limit' }, 'Row limit'),
    h('input', { id: 'q-limit', name: 'limit', type: 'number', min: 1, max: 10000, value: 100, required: true }),
    h('button', { type: 'submit', name: 'run' }, 'Run query')));
  return h('section', { 'aria-labelledby': 'query-h' }, h('h2', { id: 'query-h' }, 'Query'),
    h('p', { class: 'muted' }, 'Runs one SQL statement on the query server (JSON Lines); at most the row limit is shown.'), form, result);
}

function cell(v) {
  if (v === undefined || v === null) return '—';
  return typeof v === 'object' ? JSON.stringify(v) : String(v);
}
