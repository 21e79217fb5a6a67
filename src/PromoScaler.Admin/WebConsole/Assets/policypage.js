'use strict';
// One policy: its chart over 1h / 6h / 24h, the coming pre-warms, the last decision explained step by step, and
// the actions the token's role allows. Refreshed every few seconds without reloading the page.
(function () {
  const PS = window.PS;
  const el = PS.el;
  const refreshMs = 5000;
  const sec = (iso) => Date.parse(iso) / 1000;
  const colors = ['#1f6feb', '#8250df', '#bf3989', '#0a7d8c'];

  // The chart model of timechart.js from the API's chart view.
  function chartSpec(view, ahead) {
    const pts = view.points;
    const x = pts.map((p) => sec(p.at));
    const columns = [
      pts.map((p) => p.current), pts.map((p) => p.desired), pts.map((p) => p.predictive ?? null), pts.map((p) => p.floor ?? null),
      pts.map((p) => p.reason), pts.map((p) => p.forecast ?? null),
    ];
    view.metrics.forEach((m, i) => {
      columns.push(pts.map((p) => p.demand[i] ?? null));
      columns.push(pts.map((p) => p.ready != null ? p.ready * m.capacityPerReplica : null));
    });
    const g = PromoScalerChart.withGaps(x, columns, view.intervalSeconds * 3);
    const c = g.columns;
    const demandSeries = [];
    view.metrics.forEach((m, i) => {
      demandSeries.push({ label: 'demand ' + m.name, values: c[6 + 2 * i], color: colors[i % colors.length], width: 2 });
      demandSeries.push({ label: 'capacity ' + m.name, values: c[7 + 2 * i], color: colors[i % colors.length], dash: [6, 4], stepped: true });
    });
    demandSeries.push({ label: 'forecast', values: c[5], color: '#d4a72c', dash: [2, 3] });
    const markers = [
      ...pts.filter((p) => p.scaled).map((p) => ({ at: sec(p.at), kind: 'scale', label: 'scaled ' + p.current + '→' + p.desired })),
      ...view.markers.map((m) => ({ at: sec(m.at), kind: 'operator', label: m.actor + ' ' + m.action + (m.subject ? ' ' + m.subject : '') + (m.reason ? ': ' + m.reason : '') })),
    ];
    return {
      // The axis runs a quarter of the range past now, or the whole 48 h ahead when asked, to show the coming pre-warms.
      x: g.x, xMin: sec(view.from), xMax: ahead ? sec(view.until) : sec(view.now) + (sec(view.now) - sec(view.from)) / 4, now: sec(view.now), reasons: c[4], snap: view.intervalSeconds,
      bands: view.windows.map((w) => ({ from: sec(w.from), until: sec(w.until), kind: w.kind, label: w.name || '' })),
      markers,
      panels: [
        { title: 'Demand and capacity', height: 200, series: demandSeries },
        { title: 'Replicas', height: 220, series: [
          { label: 'current', values: c[0], color: '#24292f', width: 2, stepped: true },
          { label: 'desired', values: c[1], color: '#cf222e', stepped: true },
          { label: 'forecast (replicas)', values: c[2], color: '#d4a72c', dash: [2, 3], stepped: true },
          { label: 'pre-warm floor', values: c[3], color: '#2da44e', width: 2, dash: [8, 3], stepped: true },
        ] },
      ],
    };
  }

  function header(p) {
    const health = p.degraded.length ? p.degraded.join('; ') : 'healthy';
    return el('div', { class: 'policyhead' },
      el('h1', { class: 'cut', title: p.name }, p.name),
      el('dl', { class: 'facts' },
        el('dt', {}, 'Target'), el('dd', { class: 'cut' }, p.target.kind + ' ' + p.target.namespace + '/' + p.target.name),
        el('dt', {}, 'Current / desired'), el('dd', { class: 'counts' }, (p.current ?? '-') + ' / ' + (p.desired ?? '-')),
        el('dt', {}, 'Replicas'), el('dd', {}, p.minReplicas + '..' + p.maxReplicas + (p.dryRun ? ' (dry run)' : '')),
        el('dt', {}, 'Health'), el('dd', { class: 'cut ' + (p.degraded.length ? 'bad' : 'good'), title: health }, health),
        el('dt', {}, 'Overrides'), el('dd', { class: 'cut overrides' }, p.overrides.length ? p.overrides.map((o) => o.kind + (o.replicas != null ? ' ' + o.replicas : '') + ' by ' + o.owner + ' until ' + PS.time(o.expiresAt) + ': ' + o.reason).join('; ') : '-'),
        el('dt', {}, 'Pause'), el('dd', { class: 'cut' }, p.pause ? 'by ' + p.pause.owner + ' until ' + PS.time(p.pause.expiresAt) + ': ' + p.pause.reason : '-')));
  }

  function explanation(p) {
    const d = p.lastDecision;
    if (!d) return el('p', { class: 'empty' }, 'No decision yet: the policy has just started.');
    return el('div', {},
      el('p', {}, 'Decided at ' + PS.time(d.at) + ': ' + d.action + ', ' + d.current + ' → ' + d.desired + ', because ', PS.reasonLink(d.reason), '.'),
      el('table', { class: 'explanation' },
        el('thead', {}, el('tr', {}, el('th', {}, 'Stage'), el('th', {}, 'Code'), el('th', {}, 'Step'))),
        el('tbody', {}, d.explanation.map((s) => el('tr', {}, el('td', { class: 'num' }, s.stage), el('td', {}, PS.reasonLink(s.code)), el('td', { class: 'wrap' }, s.text))))));
  }

  function upcoming(view) {
    const now = sec(view.now);
    const coming = view.windows.filter((w) => w.kind === 'prewarm' && sec(w.until) > now);
    if (!coming.length) return el('p', { class: 'empty' }, 'No pre-warm in the next 48 hours.');
    return el('ul', { class: 'upcoming' }, coming.map((w) => el('li', { class: 'cut', title: w.name },
      w.name + (w.runtime ? ' (runtime)' : '') + ': ' + (w.replicas != null ? w.replicas + ' replicas, ' : '') + 'from ' + PS.time(w.from) + ', sale ' + PS.time(w.start) + ', until ' + PS.time(w.until))));
  }

  PS.policyPage = function (main, name) {
    let range = '1h';
    let ahead = false;
    let chart = null;
    let timer = null;
    let stopped = false;
    const title = el('div', {});
    const chartBox = el('div', { class: 'chart', id: 'chart' });
    const comingBox = el('div', {});
    const explainBox = el('div', { id: 'explanation' });
    const actionsBox = el('div', { id: 'actions' });
    const note = el('p', { class: 'status', role: 'status' });
    const ranges = el('div', { class: 'ranges', role: 'group', 'aria-label': 'Chart range' }, ['1h', '6h', '24h'].map((r) =>
      el('button', { type: 'button', 'data-range': r, 'aria-pressed': String(r === range), onclick: () => { range = r; ranges.querySelectorAll('button[data-range]').forEach((b) => b.setAttribute('aria-pressed', String(b.dataset.range === r))); redrawChart(true); } }, r)),
    el('button', { type: 'button', id: 'ahead', 'aria-pressed': 'false', title: 'Extend the time axis over the next 48 hours',
      onclick: (e) => { ahead = !ahead; e.currentTarget.setAttribute('aria-pressed', String(ahead)); redrawChart(true); } }, 'next 48 h'));
    main.replaceChildren(el('p', { class: 'crumbs' }, el('a', { href: '/' }, '← All policies')), title, note,
      el('section', {}, el('div', { class: 'toolbar' }, el('h2', {}, 'Last hours'), ranges), chartBox,
        el('h3', {}, 'Pre-warms of the next 48 hours'), comingBox),
      el('div', { class: 'columns' },
        el('section', { class: 'explain' }, el('h2', {}, 'Why: the last decision'), explainBox),
        el('section', { class: 'act' }, el('h2', {}, 'Actions'), actionsBox)));

    let lastChart = null;
    async function redrawChart(reset) {
      const answer = await PS.api('GET', '/api/v1/policies/' + encodeURIComponent(name) + '/chart?window=' + range);
      if (!answer.ok) return;
      lastChart = answer.data;
      // A refresh keeps the range the user zoomed to; a new range or axis starts whole.
      const spec = chartSpec(answer.data, ahead);
      if (chart && !reset) spec.zoom = chart.zoom();
      if (chart) chart.destroy();
      chart = PromoScalerChart.render(chartBox, spec);
      chartBox.plots = chart.plots;
      chartBox.dataset.points = String(answer.data.points.length);
      chartBox.dataset.windows = String(answer.data.windows.length);
      comingBox.replaceChildren(upcoming(answer.data));
      if (reset) main.dataset.range = range;
    }

    function notFound(message) {
      stopped = true;
      document.title = 'Not found - PromoScaler';
      main.replaceChildren(el('section', { class: 'notfound' }, el('h1', {}, 'Not found'), el('p', {}, message), el('p', {}, el('a', { href: '/' }, 'Back to the policies'))));
      main.dataset.notFound = 'true';
    }

    async function refresh(first) {
      if (stopped) return;
      try {
        const answer = await PS.api('GET', '/api/v1/policies/' + encodeURIComponent(name));
        if (answer.status === 404) return notFound(PS.problem(answer));
        if (answer.ok) {
          document.title = answer.data.name + ' - PromoScaler';
          title.replaceChildren(header(answer.data));
          explainBox.replaceChildren(explanation(answer.data));
          if (first) PS.actions(actionsBox, answer.data, () => refresh(false));
          await redrawChart(false);
          note.textContent = '';
          main.dataset.loaded = String(Date.now());
        } else if (answer.status !== 401) {
          note.textContent = 'The API refused: ' + PS.problem(answer);
        }
      } catch (e) {
        note.textContent = 'The daemon does not answer (' + e.message + '); retrying.';
      }
      if (!stopped) { clearTimeout(timer); timer = setTimeout(() => refresh(false), refreshMs); }
    }

    refresh(true);
    return () => { stopped = true; clearTimeout(timer); if (chart) chart.destroy(); };
  };
})();
