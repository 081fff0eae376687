// Shared helpers for the chat and agent pages: escaping, tiny Markdown, JSON POST.
"use strict";
function esc(s) {
  return String(s).replace(/[&<>"']/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}[c]));
}
function inline(s) {
  return esc(s).replace(/\*\*(.+?)\*\*/g, "<strong>$1</strong>").replace(/(^|\s)_(.+?)_(?=\s|$)/g, "$1<em>$2</em>");
}
function markdown(md) {
  const out = [];
  let list = false;
  for (const line of md.split("\n")) {
    if (line.startsWith("- ")) {
      if (!list) { out.push("<ul>"); list = true; }
      out.push("<li>" + inline(line.slice(2)) + "</li>");
      continue;
    }
    if (list) { out.push("</ul>"); list = false; }
    if (line.trim()) out.push("<p>" + inline(line) + "</p>");
  }
  if (list) out.push("</ul>");
  return out.join("");
}
// POST JSON; pages that load auth.js send the tab's token (``retry`` runs after a token is entered).
async function postJSON(url, body, retry) {
  const opts = {method: "POST", headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)};
  const r = typeof authFetch === "function" ? await authFetch(url, opts, retry || (() => {})) : await fetch(url, opts);
  const data = await r.json().catch(() => ({detail: "Lỗi máy chủ."}));
  if (!r.ok) throw new Error(typeof data.detail === "string" ? data.detail : "Yêu cầu không hợp lệ.");
  return data;
}
