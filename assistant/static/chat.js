// Citizen chat: multi-turn through the server's HttpOnly session cookie, citations, clarification buttons,
// thumbs up/down (with a reason from a short list) on each answer.
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
  if (r.status !== "clarification") div.appendChild(thumbs());
}

const REASONS = [["wrong_procedure", "Sai thủ tục"], ["incomplete", "Thiếu thông tin"],
                 ["unclear", "Khó hiểu"], ["outdated", "Thông tin cũ"], ["other", "Lý do khác"]];

function thumbs() {
  // Rates the latest answer of this session (the server finds it through the session cookie).
  const box = document.createElement("div");
  box.className = "feedback";
  box.innerHTML = "<span>Câu trả lời có hữu ích không?</span> " +
    "<button type='button' class='up' aria-label='Hữu ích'>👍</button> " +
    "<button type='button' class='down' aria-label='Chưa hữu ích'>👎</button>" +
    "<span class='reasons' hidden>" + REASONS.map(([v, l]) =>
      `<button type='button' class='reason' data-reason='${v}'>${esc(l)}</button>`).join(" ") + "</span>";
  const rate = async (rating, reason) => {
    try {
      await postJSON("/v1/feedback", {rating, reason: reason || null, session_cookie: true});
      box.innerHTML = "<span class='thanks'>Cảm ơn anh/chị đã góp ý.</span>";
    } catch (e) {
      box.innerHTML = "<span class='error'>" + esc(e.message) + "</span>";
    }
  };
  box.querySelector(".up").addEventListener("click", () => rate("up"));
  box.querySelector(".down").addEventListener("click", () => { box.querySelector(".reasons").hidden = false; });
  box.querySelectorAll("button.reason").forEach(b => b.addEventListener("click", () => rate("down", b.dataset.reason)));
  return box;
}

async function send(question, shown) {
  add("user", esc(shown || question));
  try {
    const r = await postJSON("/v1/ask", {question, channel: "web", session_cookie: true});
    if (r.disclosure) add("bot disclosure", markdown(r.disclosure));
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
