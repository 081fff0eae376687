// Bearer token of the agent and reform pages: asked on the page, kept for this tab only (sessionStorage).
"use strict";
const TOKEN_KEY = "tthc-token";

function authHeaders() {
  const t = sessionStorage.getItem(TOKEN_KEY);
  return t ? {"Authorization": "Bearer " + t} : {};
}

// Show the token form with the server's message; `retry` runs once a token is entered.
function askToken(message, retry) {
  const form = document.getElementById("login");
  form.hidden = false;
  form.querySelector(".login-msg").textContent = message;
  const input = form.querySelector("input");
  input.focus();
  form.onsubmit = ev => {
    ev.preventDefault();
    const v = input.value.trim();
    if (!v) return;
    sessionStorage.setItem(TOKEN_KEY, v);
    input.value = "";
    form.hidden = true;
    retry();
  };
}

class AuthNeeded extends Error {}

// fetch with the tab's token; on 401/403 forget it, ask for a new one and throw AuthNeeded.
async function authFetch(url, options, retry) {
  const opts = Object.assign({}, options || {});
  opts.headers = Object.assign({}, opts.headers || {}, authHeaders());
  const r = await fetch(url, opts);
  if (r.status === 401 || r.status === 403) {
    const data = await r.json().catch(() => ({}));
    sessionStorage.removeItem(TOKEN_KEY);
    askToken(data.detail || "Cần mã truy cập.", retry);
    throw new AuthNeeded(data.detail || "Cần mã truy cập.");
  }
  return r;
}
