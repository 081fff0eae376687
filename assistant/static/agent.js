// Agent console: suggestions update as the agent types; copy the script to the clipboard.
"use strict";
const caller = document.getElementById("caller");
const box = document.getElementById("suggestions");
const clarify = document.getElementById("clarify");
let timer = null, seq = 0;
let callSession = null;  // the call's signed session id (agent_feedback.js rates it and starts a new call)

function list(title, items) {
  if (!items || !items.length) return "";
  return `<h4>${esc(title)}</h4><ul>` + items.map(i => "<li>" + esc(i) + "</li>").join("") + "</ul>";
}

function articles(s) {
  // Compendium articles of the procedure's own bases, next to the bases themselves.
  if (!s.legal_articles || !s.legal_articles.length) return "";
  return "<h4>Điều khoản trong Bộ pháp điển</h4><ul class='articles'>" + s.legal_articles.map(a =>
    `<li data-article="${esc(a.code)}"><b>${esc(a.citation)}</b> — ${esc(a.title)}` +
    (a.effective_date ? ` <small>(hiệu lực từ ${esc(a.effective_date.split("-").reverse().join("/"))})</small>` : "") +
    "</li>").join("") + "</ul>";
}

function place(s) {
  // The 2025 unit for the place the caller named, and where this procedure's level is filed.
  const p = s.place;
  if (!p || !p.items || !p.items.length) return "";
  return `<div class="place${p.ask ? " ask" : ""}"><h4>Nơi nộp theo đơn vị hành chính mới (${esc(p.level_label)})</h4>` +
    "<ul>" + p.items.map(i => "<li>" + esc(i) + "</li>").join("") + "</ul></div>";
}

function units(data) {
  if (!data.units || !data.units.length) return "";
  return "<p class='units'><b>Địa danh người gọi nêu:</b> " + data.units.map(u =>
    esc(u.name) + (u.district ? ", " + esc(u.district) : "") + (u.province ? ", " + esc(u.province) : "") +
    (u.kind === "old" ? " (đơn vị cũ" + (u.split ? ", đã chia cho nhiều đơn vị mới" : "") + ")" : " (đơn vị hiện hành)")
  ).join("; ") + "</p>";
}

function render(data) {
  if (data.clarifying_question) {
    clarify.hidden = false;
    clarify.innerHTML = "<b>Câu hỏi làm rõ:</b> " + esc(data.clarifying_question) + "<ul>" +
      data.choices.map(c => "<li>" + esc(c) + "</li>").join("") + "</ul>";
  } else {
    clarify.hidden = true;
  }
  if (!data.suggestions.length) {
    box.innerHTML = "<p class='muted'>Chưa tìm thấy thủ tục phù hợp. Hỏi thêm người gọi hoặc chuyển chuyên viên.</p>";
    return;
  }
  box.innerHTML = units(data) + data.suggestions.map((s, i) => `
    <article class="card suggestion" data-code="${esc(s.code)}">
      <h3>${i + 1}. ${esc(s.name)} <small>(mã ${esc(s.code)}${s.updated_at ? ", cập nhật " + esc(s.updated_at) : ""})</small></h3>
      ${(s.warnings || []).map(w => `<p class="warning">${esc(w)}</p>`).join("")}
      <div class="script"><p class="script-text">${esc(s.script)}</p>
      <button type="button" class="copy">Sao chép lời thoại</button></div>
      ${place(s)}
      ${list("Thời hạn", s.time)}${list("Phí, lệ phí", s.fees)}${list("Nơi thực hiện", s.where)}
      <details><summary>Thành phần hồ sơ (${s.checklist.filter(i => !i.startsWith("[") && !i.startsWith("Lưu ý")).length} giấy tờ)</summary>${list("", s.checklist)}</details>
      <details class="legal"${s.legal_articles.length ? " open" : ""}><summary>Căn cứ pháp lý` +
      (s.legal_articles.length ? ` (${s.legal_articles.length} điều khoản trong Bộ pháp điển)` : "") +
      `</summary>${articles(s)}${list("Văn bản", s.legal_basis)}</details>
    </article>`).join("");
  box.querySelectorAll("button.copy").forEach(b => b.addEventListener("click", async () => {
    const text = b.parentElement.querySelector(".script-text").textContent;
    try { await navigator.clipboard.writeText(text); b.textContent = "Đã sao chép"; }
    catch (e) {
      const r = document.createRange(); r.selectNodeContents(b.parentElement.querySelector(".script-text"));
      const sel = getSelection(); sel.removeAllRanges(); sel.addRange(r); document.execCommand("copy");
      b.textContent = "Đã sao chép";
    }
  }));
}

async function update() {
  const text = caller.value.trim();
  if (!text) return;
  const mine = ++seq;
  try {
    const data = await postJSON("/v1/agent/suggest", {text, k: 3, session_id: callSession}, update);
    callSession = data.session_id;
    if (mine === seq) { render(data); if (typeof showCorrection === "function") showCorrection(data); }
  } catch (e) {
    if (e instanceof AuthNeeded) return;
    box.innerHTML = "<p class='error'>" + esc(e.message) + "</p>";
  }
}

caller.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(update, 300); });
