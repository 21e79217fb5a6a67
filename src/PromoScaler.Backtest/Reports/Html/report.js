'use strict';
// report.html's chart: the run as the console draws a policy (timechart.js), from the JSON in #report-data.
(function () {
  const data = JSON.parse(document.getElementById('report-data').textContent);
  const x = data.x;
  const chart = PromoScalerChart.render(document.getElementById('chart'), {
    x, xMin: x[0], xMax: x[x.length - 1], reasons: data.reasons, snap: data.step, syncKey: 'report',
    bands: data.bands, markers: [],
    panels: [
      { title: 'Demand and capacity', height: 260, series: [
        { label: 'demand (max)', values: data.demandMax, color: '#1f6feb', width: 2 },
        { label: 'demand (min)', values: data.demandMin, color: '#8ab4f8' },
        { label: 'policy capacity', values: data.policyCapacity, color: '#cf222e', stepped: true },
        { label: 'HPA capacity', values: data.hpaCapacity, color: '#8250df', dash: [6, 4], stepped: true },
      ] },
      { title: 'Replicas', height: 220, series: [
        { label: 'requested', values: data.requested, color: '#24292f', width: 2, stepped: true },
        { label: 'ready', values: data.policyReady, color: '#cf222e', stepped: true },
        { label: 'HPA ready', values: data.hpaReady, color: '#8250df', dash: [6, 4], stepped: true },
      ] },
    ],
  });
  document.getElementById('chart').plots = chart.plots;
})();
