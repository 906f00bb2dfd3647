// Charts: loss curves with uPlot (from the uplot webjar), small SVG plots for coefficients and search scores.
import uPlot from '/webjars/uplot/dist/uPlot.esm.js';
import { h, svg, num } from './dom.js';

const COLORS = ['#2459c7', '#d9480f', '#2b8a3e', '#862e9c', '#c2255c', '#0b7285', '#5c940d', '#e67700'];
export const color = (i) => COLORS[i % COLORS.length];

function width(container) {
  return Math.max(480, Math.min(1200, (container.parentElement || document.body).clientWidth - 24));
}

/** Non-positive values cannot be drawn on a log axis: they become gaps. */
function forLog(values, log) {
  return log ? values.map((v) => (v === null || v === undefined || !(v > 0) ? null : v)) : values;
}

export function xValues(points, by) {
  return points.map((p) => (by === 'time' ? p.elapsedMs / 1000 : p.iteration));
}

/**
 * A chart of series over one x axis, redrawn from scratch when its options change.
 * series: [{label, values, scale?, color?}]; options: {log, xLabel, yLabel, y2Label}.
 */
export class LineChart {
  constructor(container, id) {
    this.container = h('div', { class: 'chart', id });
    container.append(this.container);
    this.plot = null;
  }

  draw(x, series, options) {
    const log = !!options.log;
    const data = [x, ...series.map((s) => forLog(s.values, log && s.scale !== 'y2'))];
    const scales = { x: { time: false }, y: { distr: log ? 3 : 1 } };
    const axes = [{ label: options.xLabel }, { label: options.yLabel, size: 70 }];
    if (series.some((s) => s.scale === 'y2')) {
      scales.y2 = { distr: options.log2 ? 3 : 1 };
      axes.push({ scale: 'y2', side: 1, label: options.y2Label, size: 70, grid: { show: false } });
    }
    const opts = {
      width: width(this.container), height: options.height || 300, scales, axes,
      series: [{ label: options.xLabel }, ...series.map((s, i) => ({
        label: s.label, scale: s.scale || 'y', stroke: s.color || color(i), width: 1.5, spanGaps: true,
        points: { show: false }, value: (u, v) => num(v),
      }))],
    };
    const same = this.plot && this.shape === JSON.stringify([options, series.map((s) => [s.label, s.scale])]);
    if (same) {
      this.plot.setData(data);
    } else {
      if (this.plot) this.plot.destroy();
      this.container.replaceChildren();
      this.plot = new uPlot(opts, data, this.container);
      this.shape = JSON.stringify([options, series.map((s) => [s.label, s.scale])]);
    }
    this.container.dataset.points = String(x.length);
    // the last x drawn (an iteration for loss curves): grows with the run while the point count, downsampled to the
    // chart's width, need not
    this.container.dataset.lastX = x.length ? String(x[x.length - 1]) : '';
  }
}

/** Several (x, y) series with their own x values on one chart: aligned with uPlot.join, gaps spanned. */
export function joinSeries(tables) {
  return tables.length ? uPlot.join(tables) : [[]];
}

/** A forest plot: each coefficient's value with its 95% interval, and the zero line. */
export function coefficientPlot(coefficients) {
  const rows = coefficients.filter((c) => c.value !== null && c.value !== undefined);
  const lo = Math.min(0, ...rows.map((c) => (c.ci95 ? c.ci95[0] : c.value)));
  const hi = Math.max(0, ...rows.map((c) => (c.ci95 ? c.ci95[1] : c.value)));
  const pad = (hi - lo) * 0.05 || 1;
  const left = 180; const plotWidth = 520; const rowHeight = 22; const top = 10;
  const x = (v) => left + ((v - (lo - pad)) / (hi - lo + 2 * pad)) * plotWidth;
  const heightPx = top + rows.length * rowHeight + 30;
  return svg('svg', { id: 'coefficient-plot', width: left + plotWidth + 20, height: heightPx, role: 'img',
    'aria-label': 'Coefficients with 95% intervals' },
  svg('line', { x1: x(0), x2: x(0), y1: top, y2: heightPx - 24, stroke: '#98a2b3', 'stroke-dasharray': '4 3' }),
  rows.map((c, i) => {
    const y = top + i * rowHeight + rowHeight / 2;
    return svg('g', { class: 'coef' },
      svg('text', { x: left - 8, y: y + 4, 'text-anchor': 'end' }, c.name),
      c.ci95 ? svg('line', { x1: x(c.ci95[0]), x2: x(c.ci95[1]), y1: y, y2: y, stroke: '#2459c7', 'stroke-width': 2 })
        : null,
      svg('circle', { cx: x(c.value), cy: y, r: 4, fill: '#10213f' }, svg('title', {}, c.name + ' = ' + num(c.value))));
  }),
  svg('text', { x: x(lo - pad), y: heightPx - 8 }, num(lo - pad, 3)),
  svg('text', { x: x(hi + pad), y: heightPx - 8, 'text-anchor': 'end' }, num(hi + pad, 3)),
  svg('text', { x: x(0) + 4, y: top + 8 }, '0'),
  svg('text', { x: left + plotWidth / 2, y: heightPx - 8, 'text-anchor': 'middle' }, 'estimate with its 95% interval'));
}

/**
 * Candidates' mean ± std against one grid value: points with error bars, the best ringed, failed ones as
 * red crosses on the axis. A log axis when asked (learning rates).
 */
export function scorePlot(points, { log, xLabel, yLabel }) {
  const ok = points.filter((p) => p.mean !== null && p.mean !== undefined);
  const xs = points.map((p) => p.x).filter((v) => typeof v === 'number' && (!log || v > 0));
  const tx = (v) => (log ? Math.log10(v) : v);
  const xmin = Math.min(...xs.map(tx)); const xmax = Math.max(...xs.map(tx));
  const ys = ok.flatMap((p) => [p.mean - (p.std || 0), p.mean + (p.std || 0)]);
  const ymin = ys.length ? Math.min(...ys) : 0; const ymax = ys.length ? Math.max(...ys) : 1;
  const W = 640; const H = 300; const L = 70; const B = 40; const T = 10; const R = 20;
  const px = (v) => L + (xmax === xmin ? 0.5 : (tx(v) - xmin) / (xmax - xmin)) * (W - L - R);
  const py = (v) => T + (ymax === ymin ? 0.5 : 1 - (v - ymin) / (ymax - ymin)) * (H - T - B);
  return svg('svg', { id: 'score-plot', width: W, height: H, role: 'img', 'aria-label': 'Mean score by grid value' },
    svg('line', { x1: L, x2: W - R, y1: H - B, y2: H - B, stroke: '#98a2b3' }),
    svg('line', { x1: L, x2: L, y1: T, y2: H - B, stroke: '#98a2b3' }),
    [...new Set(xs)].map((v) => svg('text', { x: px(v), y: H - B + 16, 'text-anchor': 'middle' }, num(v, 3))),
    svg('text', { x: (W + L) / 2, y: H - 4, 'text-anchor': 'middle' }, xLabel + (log ? ' (log scale)' : '')),
    svg('text', { x: 4, y: T + 10 }, num(ymax, 3)), svg('text', { x: 4, y: H - B }, num(ymin, 3)),
    svg('text', { x: 4, y: (H - B) / 2 }, yLabel),
    points.map((p) => {
      if (typeof p.x !== 'number' || (log && !(p.x > 0))) return null;
      if (p.mean === null || p.mean === undefined) {
        const cx = px(p.x); const cy = H - B - 8;
        return p.status === 'FAILED' ? svg('g', { class: 'failed' },
          svg('path', { d: `M${cx - 5},${cy - 5}L${cx + 5},${cy + 5}M${cx - 5},${cy + 5}L${cx + 5},${cy - 5}`,
            stroke: '#b42318', 'stroke-width': 2 }), svg('title', {}, 'failed: ' + (p.error || ''))) : null;
      }
      const cx = px(p.x); const s = p.std || 0;
      return svg('g', { class: p.best ? 'best' : 'candidate' },
        svg('line', { x1: cx, x2: cx, y1: py(p.mean - s), y2: py(p.mean + s), stroke: '#2459c7', 'stroke-width': 2 }),
        svg('circle', { cx, cy: py(p.mean), r: p.best ? 6 : 4, fill: p.best ? '#067647' : '#10213f' },
          svg('title', {}, num(p.mean) + ' ± ' + num(s) + (p.best ? ' (best)' : ''))),
        p.best ? svg('text', { x: cx + 9, y: py(p.mean) - 6 }, 'best') : null);
    }));
}
