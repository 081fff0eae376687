// Offline API reference: one card per operation of /openapi.json (no CDN, no inline script).
"use strict";
(async () => {
  const box = document.getElementById("ops");
  let spec;
  try { spec = await (await fetch("/openapi.json")).json(); }
  catch (e) { box.innerHTML = "<p class='error'>Không tải được /openapi.json.</p>"; return; }
  const cards = [];
  for (const [path, ops] of Object.entries(spec.paths || {})) {
    for (const [method, op] of Object.entries(ops)) {
      const params = (op.parameters || []).map(p => `<li><code>${esc(p.name)}</code> (${esc(p.in)})` +
        (p.required ? " — bắt buộc" : "") + (p.description ? ": " + esc(p.description) : "") + "</li>").join("");
      const statuses = Object.entries(op.responses || {}).map(([code, r]) =>
        `<li><code>${esc(code)}</code> ${esc(r.description || "")}</li>`).join("");
      const body = op.requestBody ? "<p>Thân yêu cầu: JSON (xem <code>/openapi.json</code>).</p>" : "";
      cards.push(`<article class="card"><h3><code>${esc(method.toUpperCase())} ${esc(path)}</code>` +
        (op.security ? " <small>(cần mã truy cập)</small>" : "") + `</h3><p>${esc(op.summary || "")}</p>` +
        `<p class="muted">${esc((op.description || "").split("\n")[0])}</p>` +
        (params ? `<h4>Tham số</h4><ul>${params}</ul>` : "") + body + `<h4>Mã trạng thái</h4><ul>${statuses}</ul></article>`);
    }
  }
  box.innerHTML = cards.join("");
})();
