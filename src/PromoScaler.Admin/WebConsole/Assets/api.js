'use strict';
// The bearer token lives in sessionStorage only (this tab, until it closes): never a cookie, never a URL, never logged.
(function () {
  const PS = window.PS = window.PS || {};
  const tokenKey = 'promoscaler.token';

  PS.token = () => sessionStorage.getItem(tokenKey);
  PS.setToken = (token) => sessionStorage.setItem(tokenKey, token);
  PS.forgetToken = () => sessionStorage.removeItem(tokenKey);
  PS.session = null;
  PS.onUnauthorized = () => {};

  // Calls the admin API with the token; answers { status, ok, data } (data: the JSON body, or { detail: text }).
  // A 401 (wrong or expired token) hands the API's message to onUnauthorized, which brings the prompt back.
  PS.api = async (method, path, body) => {
    const headers = { Accept: 'application/json', Authorization: 'Bearer ' + (PS.token() || '') };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const response = await fetch(path, {
      method, headers, credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    let data = null;
    try { data = text ? JSON.parse(text) : null; } catch { data = { detail: text }; }
    const answer = { status: response.status, ok: response.ok, data };
    if (response.status === 401) PS.onUnauthorized(PS.problem(answer));
    return answer;
  };

  // The message of an API problem (RFC 9457 detail, naming the field at fault).
  PS.problem = (answer) => {
    const d = answer.data || {};
    const field = d.field ? ' (' + d.field + ')' : '';
    return (d.detail || d.title || ('HTTP ' + answer.status)) + field;
  };

  // Element builder: text only, never HTML from data.
  PS.el = (tag, attrs, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v === true ? '' : v);
    }
    for (const c of children.flat()) {
      if (c === undefined || c === null || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  };

  PS.reasonLink = (code) => PS.el('a', { href: '/reasons#' + encodeURIComponent(code), class: 'reason', title: 'What ' + code + ' means' }, code);

  PS.time = (iso) => iso ? new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-';

  PS.left = (iso, now) => {
    const s = Math.max(0, Math.round((new Date(iso) - new Date(now)) / 1000));
    return s >= 3600 ? Math.floor(s / 3600) + 'h' + String(Math.floor(s % 3600 / 60)).padStart(2, '0') + 'm'
      : s >= 60 ? Math.floor(s / 60) + 'm' : s + 's';
  };
})();
