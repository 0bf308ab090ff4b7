// A small SVG line chart of one series over time (a table's current block while the page is open), with a text
// summary for readers who do not see it.
const NS = 'http://www.w3.org/2000/svg';

function svg(tag, attrs) {
  const el = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  return el;
}

/** samples: [{t: ms, v: number}] oldest first; label: what v is. */
export function lineChart(samples, label) {
  const w = 320, hgt = 80, pad = 4;
  const root = svg('svg', { viewBox: `0 0 ${w} ${hgt}`, class: 'chart', role: 'img', width: w, height: hgt });
  const title = svg('title', {});
  const first = samples[0], last = samples[samples.length - 1];
  title.textContent = samples.length < 2
    ? label + ': ' + (last ? last.v : 'no figures yet')
    : `${label} from ${first.v} to ${last.v} over ${Math.round((last.t - first.t) / 1000)} s`;
  root.append(title);
  root.append(svg('rect', { x: 0, y: 0, width: w, height: hgt, class: 'chart-bg' }));
  if (samples.length >= 2) {
    const t0 = first.t, t1 = last.t || t0 + 1;
    const vs = samples.map(s => s.v), lo = Math.min(...vs), hi = Math.max(...vs);
    const x = t => pad + (w - 2 * pad) * (t1 === t0 ? 1 : (t - t0) / (t1 - t0));
    const y = v => hgt - pad - (hgt - 2 * pad) * (hi === lo ? 0.5 : (v - lo) / (hi - lo));
    root.append(svg('polyline', { points: samples.map(s => x(s.t).toFixed(1) + ',' + y(s.v).toFixed(1)).join(' '), class: 'chart-line' }));
  }
  return root;
}
