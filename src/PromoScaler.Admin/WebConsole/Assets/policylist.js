'use strict';
// The policy list: the columns of `promoscaler status`, unhealthy and active-window policies first, paged, refreshed
// every few seconds without reloading the page.
(function () {
  const PS = window.PS;
  const el = PS.el;
  const pageSize = 50;
  const refreshMs = 3000;

  const target = (t) => t.kind + ' ' + t.namespace + '/' + t.name;
  const windows = (p) => p.activeWindows.map((w) => w.kind + (w.name ? ' ' + w.name : '') + (w.floor != null ? ' (' + w.floor + ')' : '')).join(', ');
  const intent = (p) => [
    ...p.overrides.map((o) => o.kind + (o.replicas != null ? ' ' + o.replicas : '') + ' until ' + PS.time(o.expiresAt) + ' by ' + o.owner),
    ...(p.pause ? ['paused until ' + PS.time(p.pause.expiresAt) + ' by ' + p.pause.owner] : []),
  ].join('; ');
  // Unhealthy first, then policies inside a window (or under operator control), then by name.
  const rank = (p) => (p.degraded.length > 0 ? 0 : 2) + (p.activeWindows.length > 0 || p.pause ? 0 : 1);
  const order = (a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

  function cell(text, cls, title) {
    return el('td', { class: cls, title: title || text || undefined }, text === undefined || text === null || text === '' ? '-' : String(text));
  }

  function row(p) {
    const reason = p.lastDecision ? p.lastDecision.reason : null;
    const health = p.degraded.length === 0 ? 'ok' : 'degraded: ' + p.degraded.join('; ');
    return el('tr', { 'data-policy': p.name, class: p.degraded.length ? 'unhealthy' : (p.activeWindows.length ? 'inwindow' : undefined) },
      el('td', { class: 'name cut', title: p.name }, el('a', { href: '/policies/' + encodeURIComponent(p.name) }, p.name)),
      cell(target(p.target), 'cut'),
      cell(p.current, 'num current'),
      cell(p.desired, 'num desired'),
      cell(!p.forecast ? '-' : p.forecast.code === 'forecastUsed' && p.forecast.value != null ? String(Math.round(p.forecast.value * 100) / 100) : p.forecast.code, 'num cut'),
      el('td', { class: 'cut' }, reason ? PS.reasonLink(reason) : '-'),
      cell(windows(p), 'cut window'),
      cell(intent(p), 'cut intent'),
      cell(health, 'cut health ' + (p.degraded.length ? 'bad' : 'good')));
  }

  PS.listPage = function (main) {
    let policies = [];
    let page = 0;
    let filter = '';
    let timer = null;
    let stopped = false;
    const status = el('p', { class: 'status', role: 'status' });
    const body = el('tbody');
    const pager = el('nav', { class: 'pager' });
    const search = el('input', { type: 'search', placeholder: 'Filter by name, target or reason', 'aria-label': 'Filter' });
    search.addEventListener('input', () => { filter = search.value.trim().toLowerCase(); page = 0; render(); });
    const head = ['Policy', 'Target', 'Current', 'Desired', 'Forecast', 'Reason', 'Active window', 'Override / pause', 'Health'];
    main.replaceChildren(
      el('div', { class: 'toolbar' }, el('h1', {}, 'Policies'), search),
      status,
      el('div', { class: 'tablewrap' }, el('table', { class: 'policies' }, el('thead', {}, el('tr', {}, head.map((h) => el('th', {}, h)))), body)),
      pager);

    function render() {
      const shown = policies.filter((p) => !filter || p.name.toLowerCase().includes(filter)
        || target(p.target).toLowerCase().includes(filter) || (p.lastDecision && p.lastDecision.reason.toLowerCase().includes(filter)));
      const pages = Math.max(1, Math.ceil(shown.length / pageSize));
      page = Math.min(page, pages - 1);
      body.replaceChildren(...shown.slice(page * pageSize, (page + 1) * pageSize).map(row));
      const unhealthy = policies.filter((p) => p.degraded.length).length;
      status.textContent = policies.length + ' policies, ' + unhealthy + ' unhealthy' + (filter ? ', ' + shown.length + ' match' : '');
      pager.replaceChildren(
        el('button', { type: 'button', disabled: page === 0, onclick: () => { page--; render(); } }, 'Previous'),
        el('span', { class: 'pageno' }, 'Page ' + (page + 1) + ' of ' + pages),
        el('button', { type: 'button', disabled: page >= pages - 1, onclick: () => { page++; render(); } }, 'Next'));
    }

    async function refresh() {
      if (stopped) return;
      try {
        const answer = await PS.api('GET', '/api/v1/policies');
        if (answer.ok) {
          policies = answer.data.slice().sort(order);
          render();
          main.dataset.loaded = String(Date.now());
        } else if (answer.status !== 401) {
          status.textContent = 'The API refused the list: ' + PS.problem(answer);
        }
      } catch (e) {
        status.textContent = 'The daemon does not answer (' + e.message + '); retrying.';
      }

      if (!stopped) timer = setTimeout(refresh, refreshMs);
    }

    refresh();
    return () => { stopped = true; clearTimeout(timer); };
  };
})();
