// Reform dashboard, demand part: the backlog re-ranked by how many citizens asked (GET /v1/analytics/backlog).
"use strict";
(function () {
  const fmt = (n) => Number(n).toLocaleString("vi-VN");
  // Days are the hotline's (Vietnam, UTC+7), as the server counts them.
  const iso = (d) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(d);

  async function load(bars, showProcedure) {
    const from = document.getElementById("demand-from").value, to = document.getElementById("demand-to").value;
    const note = document.getElementById("demand-note");
    const q = new URLSearchParams({ from, to });
    const r = await authFetch("/v1/analytics/backlog?" + q, {}, () => load(bars, showProcedure));
    const data = await r.json();
    if (!r.ok) { note.textContent = data.detail || "Không tải được dữ liệu nhu cầu."; return; }
    note.textContent = `${fmt(data.turns)} lượt hỏi, ${fmt(data.citizens)} lượt người dân hỏi về thủ tục có câu trả lời`;
    bars(document.getElementById("chart-demand"),
      data.procedures.slice(0, 20).map((p) => ({ key: p.code, label: `${p.code} ${p.name}`, value: p.papers_asked,
        note: `${fmt(p.citizens)} người × ${fmt(p.papers_saved)} giấy tờ`,
        title: `${p.name}: ${p.citizens} người dân hỏi, mỗi người được yêu cầu ${p.papers_saved} giấy tờ Nhà nước đã có dữ liệu`,
        onClick: () => showProcedure(p.code) })),
      { aria: "Ưu tiên theo nhu cầu", labelW: 760, chars: 110, W: 1200, reserve: 220 });
    bars(document.getElementById("chart-demand-db"),
      data.databases.slice(0, 15).map((d) => ({ label: d.name, value: d.papers_asked,
        note: `${fmt(d.components)} thành phần hồ sơ` })),
      { aria: "Nhu cầu theo cơ sở dữ liệu", labelW: 420, chars: 60, W: 1200, reserve: 200 });
  }

  window.showDemand = async function (bars, showProcedure) {
    const now = new Date(), start = new Date(now.getTime() - 29 * 86400000);
    document.getElementById("demand-from").value = iso(start);
    document.getElementById("demand-to").value = iso(now);
    document.getElementById("demand-filter").addEventListener("submit", (e) => {
      e.preventDefault();
      load(bars, showProcedure);
    });
    await load(bars, showProcedure);
  };
})();
