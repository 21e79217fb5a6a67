'use strict';
// Time chart shared by the console and the backtest's report.html: stacked uPlot panels on one time axis, with
// pre-warm and freeze windows shaded, scale and operator markers, a synchronised cursor that shows every value and
// the reason code at that instant, and drag-to-zoom (double click resets). Gaps in the data (null) stay gaps.
//
// spec = { x: [unix seconds], xMin, xMax, zoom?: [min, max], now?, reasons?: [code per x],
//          panels: [{ title, height, series: [{ label, values, color, dash?, stepped?, width? }] }],
//          bands: [{ from, until, kind: 'prewarm' | 'freeze', label }],
//          markers: [{ at, kind: 'scale' | 'operator', label }] }
(function () {
  const bandColors = { prewarm: 'rgba(46, 160, 67, 0.16)', freeze: 'rgba(56, 120, 220, 0.14)' };
  const markerColors = { scale: 'rgba(90, 90, 90, 0.55)', operator: 'rgba(214, 120, 0, 0.95)' };

  function shade(u, spec) {
    const ctx = u.ctx;
    const { top, height } = u.bbox;
    ctx.save();
    for (const band of spec.bands || []) {
      const x0 = u.valToPos(Math.max(band.from, u.scales.x.min), 'x', true);
      const x1 = u.valToPos(Math.min(band.until, u.scales.x.max), 'x', true);
      if (x1 <= x0) continue;
      ctx.fillStyle = bandColors[band.kind] || bandColors.prewarm;
      ctx.fillRect(x0, top, x1 - x0, height);
    }
    ctx.restore();
  }

  function mark(u, spec) {
    const ctx = u.ctx;
    const { top, height } = u.bbox;
    ctx.save();
    const line = (at, color, dash, width) => {
      if (at < u.scales.x.min || at > u.scales.x.max) return;
      const x = Math.round(u.valToPos(at, 'x', true));
      ctx.strokeStyle = color;
      ctx.lineWidth = width;
      ctx.setLineDash(dash);
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
    };
    for (const m of spec.markers || []) line(m.at, markerColors[m.kind] || markerColors.scale, m.kind === 'operator' ? [6, 4] : [2, 3], m.kind === 'operator' ? 2 : 1);
    if (spec.now) line(spec.now, 'rgba(200, 30, 30, 0.8)', [], 1.5);
    ctx.restore();
  }

  function nearest(xs, t) {
    let lo = 0, hi = xs.length - 1;
    if (hi < 0) return -1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (xs[mid] < t) lo = mid + 1; else hi = mid;
    }
    return lo > 0 && Math.abs(xs[lo - 1] - t) < Math.abs(xs[lo] - t) ? lo - 1 : lo;
  }

  function describe(spec, t, idx) {
    const parts = [new Date(t * 1000).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z')];
    if (idx >= 0 && spec.reasons && spec.reasons[idx] && Math.abs(spec.x[idx] - t) <= (spec.snap || Infinity)) parts.push('reason ' + spec.reasons[idx]);
    for (const b of spec.bands || []) if (t >= b.from && t < b.until) parts.push(b.kind + (b.label ? ' ' + b.label : ''));
    for (const m of spec.markers || []) if (Math.abs(m.at - t) <= (spec.snap || 0)) parts.push(m.label);
    return parts.join(' · ');
  }

  function render(container, spec) {
    const width = () => Math.max(320, container.clientWidth || 800);
    const hover = document.createElement('div');
    hover.className = 'chart-hover';
    hover.textContent = 'Hover the chart for the values and the reason at that instant; drag to zoom, double click to reset.';
    container.replaceChildren(hover);
    const plots = [];
    let syncing = false;
    // The range the user dragged to (null: the whole axis), kept across a redraw with new data.
    let zoom = spec.zoom || null;
    for (const panel of spec.panels) {
      const holder = document.createElement('div');
      holder.className = 'chart-panel';
      container.append(holder);
      const opts = {
        title: panel.title,
        width: width(),
        height: panel.height || 220,
        cursor: { sync: { key: spec.syncKey || 'promoscaler', setSeries: false }, drag: { x: true, y: false } },
        scales: { x: { time: true }, y: { range: (u, min, max) => [Math.min(0, min ?? 0), (max ?? 1) * 1.1 || 1] } },
        series: [{ label: 'time', value: (u, v) => v == null ? '-' : new Date(v * 1000).toISOString().slice(11, 19) + 'Z' },
          ...panel.series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: s.width || 1.5,
            dash: s.dash,
            spanGaps: false,
            paths: s.stepped ? uPlot.paths.stepped({ align: 1 }) : undefined,
            value: (u, v) => v == null ? '-' : (Math.round(v * 100) / 100).toString(),
          }))],
        axes: [{}, { size: 60 }],
        hooks: {
          drawClear: [(u) => shade(u, spec)],
          draw: [(u) => mark(u, spec)],
          setCursor: [(u) => {
            if (u.cursor.idx == null && u.cursor.left < 0) return;
            const t = u.posToVal(u.cursor.left, 'x');
            hover.textContent = describe(spec, t, nearest(spec.x, t));
          }],
          setScale: [(u, key) => {
            if (key !== 'x' || syncing) return;
            zoom = [u.scales.x.min, u.scales.x.max];
            syncing = true;
            for (const other of plots) if (other !== u) other.setScale('x', { min: u.scales.x.min, max: u.scales.x.max });
            syncing = false;
          }],
        },
      };
      const plot = new uPlot(opts, [spec.x, ...panel.series.map((s) => s.values)], holder);
      plots.push(plot);
    }

    const setRange = (min, max) => {
      syncing = true;
      for (const p of plots) p.setScale('x', { min, max });
      syncing = false;
    };
    const fullRange = () => { zoom = null; setRange(spec.xMin, spec.xMax); };
    if (zoom) setRange(zoom[0], zoom[1]);
    else if (spec.xMin != null && spec.xMax != null) fullRange();
    for (const p of plots) p.over.addEventListener('dblclick', (e) => { e.stopPropagation(); setTimeout(fullRange, 0); });
    const resize = () => { for (const p of plots) p.setSize({ width: width(), height: p.height }); };
    window.addEventListener('resize', resize);
    return { plots, zoom: () => zoom, destroy: () => { window.removeEventListener('resize', resize); for (const p of plots) p.destroy(); } };
  }

  // Inserts a null row wherever two samples are further apart than maxStep seconds, so the lines break there.
  function withGaps(x, columns, maxStep) {
    const outX = [];
    const out = columns.map(() => []);
    for (let i = 0; i < x.length; i++) {
      if (i > 0 && x[i] - x[i - 1] > maxStep) {
        outX.push((x[i] + x[i - 1]) / 2);
        out.forEach((c) => c.push(null));
      }
      outX.push(x[i]);
      columns.forEach((c, j) => out[j].push(c[i] == null ? null : c[i]));
    }
    return { x: outX, columns: out };
  }

  window.PromoScalerChart = { render, withGaps };
})();
