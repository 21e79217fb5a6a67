'use strict';
// The actions of the policy page, only those the token's role allows (the API refuses the others anyway): operators
// override, pause and resume; operators and ci register pre-warms. Each asks for a reason and a duration, then shows
// what the API answered and the audit entry it created.
(function () {
  const PS = window.PS;
  const el = PS.el;

  const field = (label, input) => el('label', { class: 'field' }, el('span', {}, label), input);
  const text = (name, attrs) => el('input', Object.assign({ name, type: 'text', autocomplete: 'off', spellcheck: 'false' }, attrs || {}));

  function resultBox() {
    return el('div', { class: 'result', 'aria-live': 'polite' });
  }

  // Shows the API's answer, then (for roles that may read it) the audit entry the change created.
  async function show(box, policy, answer) {
    const head = el('p', { class: answer.ok ? 'good' : 'bad' }, (answer.ok ? 'Done: ' : 'Refused: ') + 'HTTP ' + answer.status + (answer.ok ? '' : ', ' + PS.problem(answer)));
    const parts = [head, el('pre', { class: 'answer' }, JSON.stringify(answer.data, null, 2))];
    if (answer.ok && PS.session.role !== 'ci') {
      const audit = await PS.api('GET', '/api/v1/audit?since=1h');
      const mine = audit.ok ? audit.data.filter((a) => a.policy === policy && a.actor === PS.session.name) : [];
      const entry = mine[mine.length - 1];
      parts.push(el('p', {}, entry ? 'Audit entry #' + entry.sequence + ':' : 'No audit entry (nothing changed).'));
      if (entry) parts.push(el('pre', { class: 'audit' }, JSON.stringify(entry, null, 2)));
    }
    box.replaceChildren(...parts);
  }

  function form(title, id, inputs, submit) {
    const box = resultBox();
    const f = el('form', { class: 'action', id, autocomplete: 'off' }, el('h3', {}, title), inputs, el('button', { type: 'submit' }, title), box);
    f.addEventListener('submit', async (e) => {
      e.preventDefault();
      const button = f.querySelector('button[type=submit]');
      button.disabled = true;
      try { await submit(new FormData(f), box); } finally { button.disabled = false; }
    });
    return f;
  }

  const value = (data, key) => { const v = (data.get(key) || '').toString().trim(); return v === '' ? undefined : v; };
  const number = (data, key) => { const v = value(data, key); return v === undefined ? undefined : Number(v); };

  PS.actions = function (box, policy, changed) {
    const role = PS.session.role;
    const base = '/api/v1/policies/' + encodeURIComponent(policy.name);
    const forms = [];
    if (role === 'operator') {
      forms.push(form('Set override', 'override-form', [
        field('Kind', el('select', { name: 'kind' }, ['pin', 'floor', 'ceiling'].map((k) => el('option', { value: k }, k)))),
        field('Replicas', el('input', { name: 'replicas', type: 'number', min: '0', max: String(policy.maxReplicas), required: true })),
        field('For (e.g. 30m, 2h)', text('for', { required: true, value: '30m' })),
        field('Reason', text('reason', { required: true, maxlength: '500' })),
      ], async (d, out) => {
        await show(out, policy.name, await PS.api('POST', base + '/overrides', { kind: value(d, 'kind'), replicas: number(d, 'replicas'), for: value(d, 'for'), reason: value(d, 'reason') }));
        changed();
      }));
      forms.push(form('Clear overrides', 'clear-form', [field('Reason', text('reason', { required: true, maxlength: '500' }))], async (d, out) => {
        await show(out, policy.name, await PS.api('DELETE', base + '/overrides?reason=' + encodeURIComponent(value(d, 'reason') || '')));
        changed();
      }));
      forms.push(form('Pause', 'pause-form', [
        field('For (e.g. 30m, 2h)', text('for', { required: true, value: '30m' })),
        field('Reason', text('reason', { required: true, maxlength: '500' })),
      ], async (d, out) => {
        await show(out, policy.name, await PS.api('POST', base + '/pause', { for: value(d, 'for'), reason: value(d, 'reason') }));
        changed();
      }));
      forms.push(form('Resume', 'resume-form', [field('Reason', text('reason', { required: true, maxlength: '500' }))], async (d, out) => {
        await show(out, policy.name, await PS.api('POST', base + '/resume', { reason: value(d, 'reason') }));
        changed();
      }));
    }
    if (role === 'operator' || role === 'ci') {
      forms.push(form('Add pre-warm', 'prewarm-form', [
        field('Name', text('name', { required: true, pattern: '[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?' })),
        field('Sale start (ISO-8601 with Z)', text('start', { required: true, placeholder: '2027-11-11T00:00:00Z' })),
        field('Replicas', el('input', { name: 'replicas', type: 'number', min: '1', required: true })),
        field('Lead (e.g. 15m)', text('lead', { value: '15m' })),
        field('Hold: how long (e.g. 1h)', text('hold', { required: true, value: '1h' })),
        field('Reason', text('reason', { required: true, maxlength: '500' })),
      ], async (d, out) => {
        await show(out, policy.name, await PS.api('PUT', base + '/prewarms/' + encodeURIComponent(value(d, 'name') || ''),
          { start: value(d, 'start'), replicas: number(d, 'replicas'), lead: value(d, 'lead'), hold: value(d, 'hold'), reason: value(d, 'reason') }));
        changed();
      }));
    }
    if (forms.length === 0) {
      box.replaceChildren(el('p', { class: 'empty', id: 'no-actions' }, 'The ' + role + ' role may look, not act: no action here.'));
      return;
    }
    box.replaceChildren(...forms);
  };
})();
