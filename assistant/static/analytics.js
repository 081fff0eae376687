// Analytics page: loads /v1/analytics/summary for the chosen period and channel, draws it, exports it.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  // Days are the hotline's (Vietnam, UTC+7), as the server counts them.
  const iso = (d) => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Ho_Chi_Minh" }).format(d);
  const query = () => {
    const q = new URLSearchParams({ from: $("from").value, to: $("to").value });
    if ($("channel").value) q.set("channel", $("channel").value);
    return q;
  };

  function kpis(d) {
    const box = $("kpis");
    box.textContent = "";
    const rate = d.feedback.up + d.feedback.down ? Math.round((100 * d.feedback.up) / (d.feedback.up + d.feedback.down)) + "%" : "—";
    for (const [v, label] of [[fmt(d.total), "lượt hỏi"], [fmt(d.outcomes.answered), "trả lời trực tiếp"],
      [fmt(d.outcomes.clarified), "hỏi lại cho rõ"], [fmt(d.outcomes.declined), "chưa trả lời được"],
      [fmt(d.feedback.up) + " / " + fmt(d.feedback.down), "đánh giá tốt / chưa tốt"], [rate, "tỷ lệ đánh giá tốt"],
      [fmt(d.latency_ms.p50) + " ms", "thời gian trả lời (trung vị)"]]) {
      const k = el("div", { class: "kpi" });
      k.appendChild(el("b", {}, v));
      k.appendChild(el("span", {}, label));
      box.appendChild(k);
    }
  }

  function render(d) {
    kpis(d);
    const statuses = Object.keys(STATUS_LABEL);
    dayColumns($("chart-days"), d.by_day, statuses);
    legend($("days-legend"), statuses.filter((s) => d.by_status[s]));
    hbars($("chart-status"), statuses.filter((s) => d.by_status[s]).map((s) =>
      ({ label: STATUS_LABEL[s], value: d.by_status[s], cls: "s-" + s })), 170);
    hbars($("chart-top"), d.top_procedures.slice(0, 12).map((p) =>
      ({ label: p.code + " " + p.name, value: p.count, title: p.name })), 280);
    const topics = $("topics");
    topics.textContent = "";
    if (!d.topics.length) topics.appendChild(el("p", { class: "muted" }, d.topics_note || "Không có câu hỏi chưa trả lời được."));
    d.topics.forEach((t) => {
      const div = el("div", { class: "topic" });
      div.appendChild(el("b", {}, t.label));
      div.appendChild(el("span", { class: "muted" }, fmt(t.size) + " câu hỏi"));
      const ul = el("ul");
      t.examples.forEach((x) => ul.appendChild(el("li", {}, x)));
      div.appendChild(ul);
      topics.appendChild(div);
    });
    table($("papers"), ["Mã", "Thủ tục", "Thành phần hồ sơ", "Số lượt"],
      d.papers.map((p) => [p.code, p.name, p.component, fmt(p.count)]));
    const b = d.backlog;
    table($("backlog"), ["Mã", "Thủ tục", "Người dân hỏi", "Giấy tờ Nhà nước đã có", "Tổng giấy tờ được yêu cầu"],
      b ? b.procedures.map((p) => [p.code, p.name, fmt(p.citizens), fmt(p.papers_saved), fmt(p.papers_asked)]) : []);
  }

  async function load() {
    const r = await authFetch("/v1/analytics/summary?" + query(), {}, load);
    const d = await r.json();
    if (!r.ok) { $("kpis").textContent = d.detail || "Không tải được số liệu."; return; }
    render(d);
    document.body.setAttribute("data-ready", "1");
  }

  async function download(fmtName) {
    const r = await authFetch(`/v1/analytics/export.${fmtName}?` + query(), {}, () => download(fmtName));
    if (!r.ok) return;
    const a = el("a", { href: URL.createObjectURL(await r.blob()), download: `tthc-analytics.${fmtName}` });
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  const now = new Date();
  $("from").value = iso(new Date(now.getTime() - 29 * 86400000));
  $("to").value = iso(now);
  $("filters").addEventListener("submit", (e) => { e.preventDefault(); load().catch(() => {}); });
  $("export-csv").addEventListener("click", () => download("csv").catch(() => {}));
  $("export-xlsx").addEventListener("click", () => download("xlsx").catch(() => {}));
  load().catch((e) => { $("kpis").textContent = e instanceof AuthNeeded ? "Cần mã truy cập để xem số liệu." : "Lỗi: " + e; });
})();
