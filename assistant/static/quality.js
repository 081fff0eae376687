// Data-quality tab of /reform: counts by rule and the findings of one rule, from GET /v1/quality.
"use strict";
(function () {
  const LABEL = {
    stale_district_level: "Còn nêu cấp huyện", stale_ministry: "Còn nêu bộ đã hợp nhất",
    stale_general_department: "Còn nêu tổng cục đã giải thể", expired_time_limited_rule: "Quy định có thời hạn đã hết",
    unparsed_fee: "Phí, lệ phí không đọc được", unparsed_time: "Thời hạn không đọc được",
    contradictory_quantity: "Số lượng bản chính/bản sao mâu thuẫn", note_as_paper: "Ghi chú đăng như giấy tờ",
    empty_component: "Thành phần hồ sơ trống", no_results: "Không có kết quả thực hiện",
    no_steps: "Không có trình tự thực hiện", legal_amended: "Căn cứ pháp lý đã được sửa đổi",
    legal_unresolved: "Căn cứ không có trong pháp điển", near_duplicate: "Thủ tục trùng lặp", code_conflict: "Trùng mã"
  };
  const SEV = { high: "cao", medium: "trung bình", low: "thấp", info: "thông tin" };
  const fmt = (n) => Number(n).toLocaleString("vi-VN");
  let loaded = false;


  function show(tab) {
    for (const name of ["audit", "quality"]) {
      document.getElementById("tab-" + name).hidden = name !== tab;
      document.getElementById("tab-btn-" + name).setAttribute("aria-selected", String(name === tab));
    }
    if (tab === "quality" && !loaded) { loaded = true; load(); }
  }

  function kpis(c) {
    const box = document.getElementById("q-kpis");
    box.textContent = "";
    const items = [[c.total, "phát hiện"], [c.procedures_by_rule.stale_district_level, "thủ tục còn nêu cấp huyện"],
      [c.procedures_by_rule.stale_ministry, "thủ tục còn nêu bộ đã hợp nhất"],
      [c.procedures_by_rule.expired_time_limited_rule, "thủ tục có quy định đã hết hạn"],
      [c.by_severity.high || 0, "mức độ cao"]];
    for (const [n, label] of items) {
      const k = el("div", { class: "kpi" });
      k.appendChild(el("b", {}, fmt(n || 0)));
      k.appendChild(el("span", {}, label));
      box.appendChild(k);
    }
  }

  function chart(c) {
    const box = document.getElementById("q-chart-rule");
    box.textContent = "";
    const rows = Object.entries(c.by_rule).filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
    const max = Math.max(...rows.map(([, n]) => n), 1);
    const table = el("table", { class: "q-rules" });
    for (const [rule, n] of rows) {
      const tr = el("tr", { class: "row", "data-rule": rule, tabindex: "0" });
      tr.appendChild(el("td", {}, LABEL[rule] || rule));
      const bar = el("td");
      const b = el("span", { class: "qbar", style: `display:inline-block;height:12px;background:#a31f24;width:${Math.max(2, 300 * n / max)}px` });
      bar.appendChild(b);
      tr.appendChild(bar);
      tr.appendChild(el("td", {}, `${fmt(n)} (${fmt(c.procedures_by_rule[rule])} thủ tục)`));
      tr.addEventListener("click", () => list(rule));
      table.appendChild(tr);
    }
    box.appendChild(table);
  }

  async function list(rule) {
    const box = document.getElementById("q-list");
    document.getElementById("q-title").textContent = "Danh sách phát hiện: " + (LABEL[rule] || rule);
    box.textContent = "Đang tải…";
    let r;
    try { r = await authFetch(`/v1/quality?rule=${encodeURIComponent(rule)}&limit=300`, {}, () => list(rule)); }
    catch (e) { if (e instanceof AuthNeeded) { box.textContent = ""; return; } throw e; }
    if (!r.ok) { box.textContent = "Không tải được danh sách."; return; }
    const data = await r.json();
    box.textContent = "";
    box.appendChild(el("p", { class: "muted" }, `${fmt(data.total)} phát hiện` + (data.total > data.findings.length ? `, hiển thị ${data.findings.length} đầu tiên` : "")));
    const t = el("table", { id: "q-table" });
    const head = el("tr");
    for (const h of ["Mã thủ tục", "Mức độ", "Trường", "Bằng chứng (trích nguyên văn)", "Đề xuất"]) head.appendChild(el("th", {}, h));
    t.appendChild(head);
    for (const f of data.findings) {
      const tr = el("tr");
      tr.appendChild(el("td", {}, f.code));
      const sev = el("td");
      sev.appendChild(el("span", { class: "badge s-" + f.severity }, SEV[f.severity] || f.severity));
      tr.appendChild(sev);
      tr.appendChild(el("td", {}, f.field));
      const ev = el("td", { class: "ev" });
      ev.appendChild(el("q", {}, f.evidence));
      tr.appendChild(ev);
      tr.appendChild(el("td", { class: "why" }, f.suggestion));
      t.appendChild(tr);
    }
    box.appendChild(t);
  }

  async function load() {
    let r;
    try { r = await authFetch("/v1/quality?limit=0", {}, load); }
    catch (e) { if (e instanceof AuthNeeded) return; throw e; }
    if (!r.ok) {
      const box = document.getElementById("q-kpis");
      box.textContent = "";
      box.appendChild(el("p", { class: "err" }, "Chưa có kết quả rà soát chất lượng: hãy chạy 'tthc build'."));
      return;
    }
    const data = await r.json();
    kpis(data.counts);
    chart(data.counts);
    list("stale_district_level");
  }

  document.getElementById("tab-btn-audit").addEventListener("click", () => show("audit"));
  document.getElementById("tab-btn-quality").addEventListener("click", () => show("quality"));
  if (location.hash === "#chat-luong") show("quality");
})();
