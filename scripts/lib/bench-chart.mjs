// The chart of docs/benchmarks.md: build time against archive size, one line per pipeline.
// Hand-rolled SVG (no dependency): linear axes from zero, a point and a label per measurement.

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A "nice" axis maximum and step for values up to `max`. */
function niceScale(max, ticks = 5) {
  const raw = max / ticks;
  const mag = 10 ** Math.floor(Math.log10(raw || 1));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  return { step, top: Math.ceil(max / step) * step || step };
}

/**
 * @param {{ title: string, xLabel: string, yLabel: string,
 *   series: { name: string, color: string, points: { x: number, y: number, label?: string }[] }[] }} o
 */
export function lineChart({ title, xLabel, yLabel, series }) {
  const W = 720;
  const H = 420;
  const m = { l: 70, r: 40, t: 50, b: 60 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const all = series.flatMap((s) => s.points);
  const xs = niceScale(Math.max(...all.map((p) => p.x)));
  const ys = niceScale(Math.max(...all.map((p) => p.y)));
  const X = (x) => m.l + (x / xs.top) * pw;
  const Y = (y) => m.t + ph - (y / ys.top) * ph;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-labelledby="chart-title" font-family="system-ui, sans-serif" font-size="13">`);
  out.push(`<title id="chart-title">${esc(title)}</title>`);
  out.push(`<rect width="${W}" height="${H}" fill="#fff"/>`);
  out.push(`<text x="${m.l}" y="28" font-size="16" font-weight="600" fill="#111">${esc(title)}</text>`);
  for (let v = 0; v <= ys.top + 1e-9; v += ys.step) {
    out.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${Y(v).toFixed(1)}" y2="${Y(v).toFixed(1)}" stroke="#e3e3e3"/>`);
    out.push(`<text x="${m.l - 8}" y="${(Y(v) + 4).toFixed(1)}" text-anchor="end" fill="#444">${+v.toFixed(2)}</text>`);
  }
  for (let v = 0; v <= xs.top + 1e-9; v += xs.step) {
    out.push(`<line x1="${X(v).toFixed(1)}" x2="${X(v).toFixed(1)}" y1="${m.t + ph}" y2="${m.t + ph + 5}" stroke="#444"/>`);
    out.push(`<text x="${X(v).toFixed(1)}" y="${m.t + ph + 20}" text-anchor="middle" fill="#444">${v.toLocaleString('en')}</text>`);
  }
  out.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${m.t + ph}" y2="${m.t + ph}" stroke="#444"/>`);
  out.push(`<line x1="${m.l}" x2="${m.l}" y1="${m.t}" y2="${m.t + ph}" stroke="#444"/>`);
  out.push(`<text x="${m.l + pw / 2}" y="${H - 14}" text-anchor="middle" fill="#111">${esc(xLabel)}</text>`);
  out.push(`<text transform="translate(18 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle" fill="#111">${esc(yLabel)}</text>`);
  series.forEach((s, i) => {
    const pts = [...s.points].sort((a, b) => a.x - b.x);
    out.push(`<polyline fill="none" stroke="${s.color}" stroke-width="2.5" points="${pts.map((p) => `${X(p.x).toFixed(1)},${Y(p.y).toFixed(1)}`).join(' ')}"/>`);
    pts.forEach((p, j) => {
      out.push(`<circle cx="${X(p.x).toFixed(1)}" cy="${Y(p.y).toFixed(1)}" r="4" fill="${s.color}"/>`);
      // Labels left of the last point, right of the others, so none runs off the plot.
      const last = j === pts.length - 1 && pts.length > 1;
      if (p.label) out.push(`<text x="${(X(p.x) + (last ? -8 : 8)).toFixed(1)}" y="${(Y(p.y) - 8).toFixed(1)}" text-anchor="${last ? 'end' : 'start'}" fill="${s.color}" font-size="12">${esc(p.label)}</text>`);
    });
    // The legend, top left inside the plot (the lines rise to the right).
    const ly = m.t + 14 + i * 22;
    out.push(`<line x1="${m.l + 16}" x2="${m.l + 40}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2.5"/>`);
    out.push(`<text x="${m.l + 46}" y="${ly + 4}" fill="#111">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
