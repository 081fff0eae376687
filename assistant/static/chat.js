// Citizen chat: multi-turn through the server's HttpOnly session cookie, citations, clarification buttons.
"use strict";
const log = document.getElementById("log");
const form = document.getElementById("ask-form");
const input = document.getElementById("question");

function add(cls, html) {
  const div = document.createElement("div");
  div.className = "msg " + cls;
  div.innerHTML = html;
  log.appendChild(div);
  div.scrollIntoView({block: "end"});
  return div;
}

function showReply(r) {
  let html = "";
  if (r.status === "clarification" && r.clarification) {
    html = "<p>" + esc(r.clarification.question) + "</p><div class='choices'>" +
      r.clarification.choices.map(c => `<button type="button" class="choice" data-code="${esc(c.code)}">${esc(c.label)}</button>`).join("") +
      "</div>";
  } else {
    html = markdown(r.answer);
  }
  if (r.citations && r.citations.length) {
    html += "<details class='cites'><summary>Nguồn trích dẫn</summary><ul>" +
      r.citations.map(c => "<li>" + esc(c.label) + "</li>").join("") + "</ul></details>";
  }
  const div = add("bot status-" + r.status, html);
  div.dataset.status = r.status;
  div.querySelectorAll("button.choice").forEach(b => b.addEventListener("click", () => send(b.dataset.code, b.textContent)));
}

async function send(question, shown) {
  add("user", esc(shown || question));
  try {
    const r = await postJSON("/v1/ask", {question, channel: "web", session_cookie: true});
    showReply(r);
  } catch (e) {
    add("bot error", esc(e.message));
  }
}

form.addEventListener("submit", ev => {
  ev.preventDefault();
  const q = input.value.trim();
  if (!q) return;
  input.value = "";
  send(q);
});
