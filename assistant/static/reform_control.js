// Reform dashboard, human control: rules in force, their history, and a form to pin or switch off answers.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  function cell(tr, text) { const td = document.createElement("td"); td.textContent = text; tr.appendChild(td); }

  async function list() {
    const r = await authFetch("/v1/control", {}, list);
    const data = await r.json();
    const body = $("control-rules");
    body.textContent = "";
    if (!r.ok) { $("control-msg").textContent = data.detail || "Không tải được."; return; }
    const KIND = { pin: "Ghim câu trả lời", disable: "Tắt trả lời tự động" };
    if (!data.rules.length) { const tr = document.createElement("tr"); cell(tr, "Chưa có điều chỉnh nào."); body.appendChild(tr); }
    data.rules.forEach((x) => {
      const tr = document.createElement("tr");
      tr.dataset.kind = x.kind;
      [KIND[x.kind], x.code || x.family, x.aspect, x.kind === "pin" ? x.answer : x.note, x.by, x.at].forEach((t) => cell(tr, t || ""));
      body.appendChild(tr);
    });
  }

  async function submit(e) {
    e.preventDefault();
    const scope = $("control-scope").value.trim();
    const body = { action: $("control-action").value, aspect: $("control-aspect").value,
      answer: $("control-answer").value, note: $("control-note").value };
    if ($("control-by-code").checked) body.code = scope; else body.family = scope;
    const r = await authFetch("/v1/control", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body) }, () => submit(e));
    const data = await r.json();
    $("control-msg").textContent = r.ok ? "Đã ghi nhận." : (data.detail || "Không ghi nhận được.");
    if (r.ok) await list();
  }

  window.showControl = async function () {
    $("control-form").addEventListener("submit", (e) => submit(e).catch(() => {}));
    await list();
  };
})();
