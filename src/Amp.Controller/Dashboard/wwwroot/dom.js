// Small DOM helpers: elements from data (never from HTML strings), tables, definition lists and formatting.

/** h('a', {href: '#/x', class: 'c', onclick: fn}, 'text', child): an element; null and false children are skipped. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/**
 * Replaces an element's children, keeping keyboard focus: the focused element's data-key is looked up in the new
 * content and focused again, so a live refresh never throws the reader back to the top.
 */
export function fill(el, ...children) {
  const active = document.activeElement;
  const key = active && el.contains(active) ? active.getAttribute('data-key') : null;
  el.replaceChildren();
  append(el, children);
  if (key) {
    const again = el.querySelector('[data-key="' + CSS.escape(key) + '"]');
    if (again) again.focus({ preventScroll: true });
  }
}

/** A table with a caption; columns: [{label, cell: row => node|text, num: bool}]. */
export function table(caption, columns, rows, { empty = 'None.', id } = {}) {
  return h('div', { class: 'table-wrap' },
    h('table', { id },
      h('caption', {}, caption),
      h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col', class: c.num ? 'num' : null }, c.label)))),
      h('tbody', {}, rows.length === 0
        ? h('tr', {}, h('td', { colspan: columns.length, class: 'empty' }, empty))
        : rows.map(r => h('tr', {}, columns.map((c, i) => h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : null, class: c.num ? 'num' : null }, c.cell(r))))))));
}

/** A definition list from [label, value] pairs (null values shown as an em dash). */
export function facts(pairs, cls = 'facts') {
  return h('dl', { class: cls }, pairs.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]));
}

const symbols = { active: '●', stalled: '◐', inactive: '○' };

/** A worker or job status as a badge: a symbol and the word, so it reads without colour. */
export function badge(status) {
  const s = String(status || 'unknown');
  const sym = symbols[s] || '';
  return h('span', { class: 'badge badge-' + s.toLowerCase().replace(/_/g, '-') }, sym ? h('span', { 'aria-hidden': 'true' }, sym + ' ') : null, s);
}

export function link(href, text, key) { return h('a', { href, 'data-key': key || href }, text); }

export function age(ms) {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return ms + ' ms ago';
  return duration(Math.floor(ms / 1000)) + ' ago';
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '—';
  const s = Math.floor(seconds);
  if (s < 60) return s + 's';
  if (s < 3600) return Math.floor(s / 60) + 'm ' + (s % 60) + 's';
  if (s < 86400) return Math.floor(s / 3600) + 'h ' + Math.floor(s % 3600 / 60) + 'm';
  return Math.floor(s / 86400) + 'd ' + Math.floor(s % 86400 / 3600) + 'h';
}

export function bytes(n) {
  if (n === null || n === undefined) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n, i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return (i === 0 ? v : v.toFixed(1)) + ' ' + units[i];
}

export function num(n) { return n === null || n === undefined ? '—' : Number(n).toLocaleString('en-US'); }

export function time(rfc3339) { return rfc3339 ? h('time', { datetime: rfc3339 }, rfc3339.replace('T', ' ').replace('Z', ' UTC')) : '—'; }

/** An error as the API phrased it: code and message, announced to screen readers. */
export function errorBox(e) {
  return h('div', { class: 'error', role: 'alert' }, h('strong', {}, e.code || 'ERROR'), ': ', e.message);
}

/** Previous/next buttons for a cursor-paged list; from is the 1-based index of the first row shown. */
export function pager(label, from, count, { onPrev, onNext }) {
  const range = count === 0 ? 'none' : from + '–' + (from + count - 1);
  return h('nav', { class: 'pager', 'aria-label': label + ' pages' },
    h('button', { type: 'button', onclick: onPrev, disabled: !onPrev, 'data-key': label + '-prev' }, '← Previous page'),
    h('span', { class: 'range' }, label + ' ' + range),
    h('button', { type: 'button', onclick: onNext, disabled: !onNext, 'data-key': label + '-next' }, 'Next page →'));
}
