// Agent console: suggestions update as the agent types; copy the script to the clipboard.
"use strict";
const caller = document.getElementById("caller");
const box = document.getElementById("suggestions");
const clarify = document.getElementById("clarify");
let timer = null, seq = 0;

function list(title, items) {
  if (!items || !items.length) return "";
  return `<h4>${esc(title)}</h4><ul>` + items.map(i => "<li>" + esc(i) + "</li>").join("") + "</ul>";
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
  box.innerHTML = data.suggestions.map((s, i) => `
    <article class="card suggestion" data-code="${esc(s.code)}">
      <h3>${i + 1}. ${esc(s.name)} <small>(mã ${esc(s.code)})</small></h3>
      <div class="script"><p class="script-text">${esc(s.script)}</p>
      <button type="button" class="copy">Sao chép lời thoại</button></div>
      ${list("Thời hạn", s.time)}${list("Phí, lệ phí", s.fees)}${list("Nơi thực hiện", s.where)}
      <details><summary>Thành phần hồ sơ (${s.checklist.filter(i => !i.startsWith("[") && !i.startsWith("Lưu ý")).length} giấy tờ)</summary>${list("", s.checklist)}</details>
      <details><summary>Căn cứ pháp lý</summary>${list("", s.legal_basis)}</details>
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
    const data = await postJSON("/v1/agent/suggest", {text, k: 3});
    if (mine === seq) render(data);
  } catch (e) {
    box.innerHTML = "<p class='error'>" + esc(e.message) + "</p>";
  }
}

caller.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(update, 300); });
