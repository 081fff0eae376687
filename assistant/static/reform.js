// Reform dashboard: plain DOM + SVG, no external libraries, works offline.
"use strict";
(function () {
  const VERDICT = {
    replaceable: "Thay bằng dữ liệu", already_data_first: "Đã khai thác dữ liệu", prefill: "Điền sẵn từ dữ liệu",
    reuse_result: "Tái sử dụng kết quả", keep: "Giữ nguyên", note: "Ghi chú"
  };
  const fmt = (n) => Number(n).toLocaleString("vi-VN");
  let DB = {};

  const short = (s, n) => (s.length > n ? s.slice(0, n - 1) + "…" : s);

  // Horizontal bar chart; rows: [{label, value, value2?, title?, onClick?}]
  function bars(container, rows, opts) {
    container.textContent = "";
    if (!rows.length) { container.appendChild(el("p", { class: "muted" }, "Không có dữ liệu.")); return; }
    const W = opts.W || 720, labelW = opts.labelW || 300, rowH = 24, H = rows.length * rowH + 8;
    const max = Math.max(...rows.map((r) => r.value + (r.value2 || 0)), 1);
    const s = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": opts.aria || "" });
    rows.forEach((r, i) => {
      const y = i * rowH + 4, scale = (W - labelW - (opts.reserve || 90)) / max;
      const g = svg("g", { class: "row", "data-key": r.key || r.label });
      g.appendChild(svg("title", {}, r.title || r.label));
      g.appendChild(svg("text", { x: 0, y: y + 15 }, short(r.label, opts.chars || 44)));
      const w1 = Math.max(r.value * scale, r.value ? 1 : 0);
      g.appendChild(svg("rect", { class: "bar", x: labelW, y: y + 3, width: w1, height: rowH - 8, rx: 2 }));
      let end = labelW + w1;
      if (r.value2) {
        const w2 = Math.max(r.value2 * scale, 1);
        g.appendChild(svg("rect", { class: "adf", x: end, y: y + 3, width: w2, height: rowH - 8, rx: 2 }));
        end += w2;
      }
      const txt = fmt(r.value) + (r.value2 ? " + " + fmt(r.value2) : "") + (r.note ? " · " + r.note : "");
      g.appendChild(svg("text", { class: "val", x: end + 6, y: y + 15 }, txt));
      if (r.onClick) g.addEventListener("click", r.onClick);
      s.appendChild(g);
    });
    container.appendChild(s);
  }

  function kpis(sum) {
    const box = document.getElementById("kpis");
    box.textContent = "";
    const items = [
      [sum.procedures, "thủ tục"], [sum.components, "thành phần hồ sơ"],
      [sum.by_verdict.replaceable, "có thể thay bằng dữ liệu"], [sum.by_verdict.already_data_first, "đã khai thác dữ liệu"],
      [sum.by_verdict.reuse_result, "tái sử dụng kết quả"], [sum.papers_saved, "giấy tờ có thể cắt giảm"],
      [sum.papers_from_registries, "trong đó nhờ CSDL quốc gia, chuyên ngành"],
      [sum.procedures_with_savings, "thủ tục có thể cắt giảm"]
    ];
    for (const [v, label] of items) {
      const d = el("div", { class: "kpi" });
      d.appendChild(el("b", {}, fmt(v)));
      d.appendChild(el("span", {}, label));
      box.appendChild(d);
    }
  }

  async function showProcedure(code) {
    const out = document.getElementById("detail");
    out.textContent = "Đang tải…";
    const r = await authFetch("/v1/audit/" + encodeURIComponent(code), {}, () => showProcedure(code));
    const data = await r.json();
    out.textContent = "";
    if (!r.ok) { out.appendChild(el("p", { class: "err" }, data.detail || "Lỗi")); return; }
    const s = data.summary;
    out.appendChild(el("h2", {}, `${data.code} — ${data.name}`));
    out.appendChild(el("p", { class: "muted" },
      `${s.field} · có thể bỏ ${fmt(s.papers_saved)} giấy tờ (${fmt(s.copies_saved)} bản sao) · điểm một lần cung cấp ${s.once_only_score}/100`));
    const t = el("table", { id: "detail-table" });
    const head = el("tr");
    for (const h of ["#", "Thành phần hồ sơ", "Đánh giá", "Cơ sở dữ liệu", "Căn cứ"]) head.appendChild(el("th", {}, h));
    t.appendChild(head);
    data.components.forEach((c, i) => {
      const tr = el("tr", { "data-verdict": c.verdict, "data-id": c.id });
      tr.appendChild(el("td", {}, String(i + 1)));
      const td = el("td");
      td.appendChild(el("div", {}, short(c.text.replace(/\s+/g, " "), 400)));
      td.appendChild(el("div", { class: "why" }, c.rationale));
      tr.appendChild(td);
      const v = el("td");
      v.appendChild(el("span", { class: "badge v-" + c.verdict }, VERDICT[c.verdict] || c.verdict));
      tr.appendChild(v);
      tr.appendChild(el("td", {}, c.database_name || ""));
      tr.appendChild(el("td", {}, c.legal_basis || ""));
      t.appendChild(tr);
    });
    out.appendChild(t);
  }

  async function main() {
    document.getElementById("lookup").addEventListener("submit", (e) => {
      e.preventDefault();
      showProcedure(document.getElementById("code").value.trim());
    });
    const r = await authFetch("/v1/audit/summary", {}, () => location.reload());
    const sum = await r.json();
    DB = sum.databases || {};
    kpis(sum);
    bars(document.getElementById("chart-field"),
      sum.by_field.filter((f) => f.papers_saved > 0).slice(0, 15).map((f) => ({ label: f.name || "(không rõ)", value: f.papers_saved })),
      { aria: "Giấy tờ có thể cắt giảm theo lĩnh vực" });
    bars(document.getElementById("chart-db"),
      sum.by_database.map((d) => ({ label: (DB[d.database] || {}).short || d.database, value: d.replaceable + d.reuse_result,
        value2: d.already_data_first, title: (DB[d.database] || {}).name })),
      { aria: "Thành phần hồ sơ theo cơ sở dữ liệu", labelW: 220, reserve: 110 });
    const LEVEL = { xa: "Cấp xã", tinh: "Cấp tỉnh", trung_uong: "Cấp trung ương", khac: "Cơ quan khác" };
    bars(document.getElementById("chart-level"),
      sum.by_level.map((l) => ({ label: LEVEL[l.name] || l.name, value: l.papers_saved,
        note: `${fmt(l.procedures)} thủ tục, điểm TB ${l.mean_once_only_score}` })),
      { aria: "Giấy tờ có thể cắt giảm theo cấp", labelW: 200, W: 1200, reserve: 300 });
    bars(document.getElementById("chart-top"),
      sum.backlog.slice(0, 20).map((p) => ({ key: p.code, label: `${p.code} ${p.name}`, value: p.papers_saved,
        note: "ưu tiên " + fmt(p.priority), title: `${p.name} — ưu tiên ${p.priority}`,
        onClick: () => showProcedure(p.code) })),
      { aria: "Danh sách ưu tiên", labelW: 760, chars: 110, W: 1200, reserve: 150 });
    if (typeof window.showDemand === "function") await window.showDemand(bars, showProcedure);
    if (typeof window.showControl === "function") await window.showControl();
    document.body.setAttribute("data-ready", "1");
  }
  main().catch((e) => {
    document.getElementById("kpis").textContent = e instanceof AuthNeeded ? "Cần mã truy cập để xem số liệu."
      : "Không tải được số liệu: " + e;
  });
})();
