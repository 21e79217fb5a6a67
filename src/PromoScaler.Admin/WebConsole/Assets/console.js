'use strict';
// Start-up and routing: asks for the token when there is none (or the API refused it), then shows the policy list
// at / or one policy at /policies/NAME.
(function () {
  const PS = window.PS;
  const main = document.getElementById('main');
  const login = document.getElementById('login');
  const loginError = document.getElementById('login-error');
  const who = document.getElementById('who');
  const signout = document.getElementById('signout');
  let stopPage = null;

  function prompt(message) {
    if (stopPage) { stopPage(); stopPage = null; }
    PS.forgetToken();
    PS.session = null;
    main.replaceChildren();
    who.textContent = '';
    signout.hidden = true;
    login.hidden = false;
    loginError.textContent = message || '';
    document.getElementById('token').focus();
  }

  PS.onUnauthorized = (message) => prompt('The API refused the token: ' + message);

  async function start() {
    if (!PS.token()) return prompt('');
    let answer;
    try {
      answer = await PS.api('GET', '/api/v1/session');
    } catch (e) {
      return prompt('The daemon does not answer: ' + e.message);
    }
    if (answer.status === 401) return;
    if (!answer.ok) return prompt('The API refused: ' + PS.problem(answer));
    PS.session = answer.data;
    login.hidden = true;
    who.textContent = answer.data.name + ' (' + answer.data.role + ')';
    who.dataset.role = answer.data.role;
    signout.hidden = false;
    route();
  }

  function route() {
    const match = /^\/policies\/([^/]+)$/.exec(location.pathname);
    stopPage = match ? PS.policyPage(main, decodeURIComponent(match[1])) : PS.listPage(main);
  }

  document.getElementById('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const input = document.getElementById('token');
    const token = input.value.trim();
    input.value = '';
    if (!token) return;
    PS.setToken(token);
    start();
  });
  signout.addEventListener('click', () => prompt('Token forgotten.'));
  start();
})();
