// Plain SVG charts for the analytics page (our own drawing code: no library, no CDN).
"use strict";
const STATUS_LABEL = { answered: "Trả lời trực tiếp", clarification: "Hỏi lại cho rõ", out_of_scope: "Ngoài phạm vi",
  no_content: "Chưa có nội dung", handoff: "Chuyển chuyên viên", error: "Lỗi" };
const fmt = (n) => Number(n).toLocaleString("vi-VN");


// Stacked columns per day, one colour per status.
function dayColumns(box, days, statuses) {
  box.textContent = "";
  if (!days.length) { box.appendChild(el("p", { class: "muted" }, "Không có lượt hỏi trong khoảng này.")); return; }
  const W = 1200, H = 220, pad = 30, colW = Math.min(40, Math.max(2, (W - pad) / days.length - 2));
  const max = Math.max(...days.map((d) => d.total), 1);
  const s = svg("svg", { viewBox: `0 0 ${W} ${H + 20}`, role: "img", "aria-label": "Số lượt hỏi theo ngày" });
  s.appendChild(svg("text", { x: 0, y: 12 }, fmt(max)));
  days.forEach((d, i) => {
    const x = pad + i * (colW + 2);
    let y = H;
    const g = svg("g", { class: "day", "data-day": d.day });
    g.appendChild(svg("title", {}, `${d.day}: ${fmt(d.total)} lượt`));
    for (const st of statuses) {
      const h = ((d[st] || 0) / max) * (H - 20);
      if (!h) continue;
      y -= h;
      g.appendChild(svg("rect", { class: "s-" + st, x, y, width: colW, height: h }));
    }
    s.appendChild(g);
    if (days.length <= 31 || i % Math.ceil(days.length / 31) === 0) {
      s.appendChild(svg("text", { x, y: H + 14 }, d.day.slice(8)));
    }
  });
  box.appendChild(s);
}

// Horizontal bars: rows [{label, value, cls?, note?}].
function hbars(box, rows, labelW) {
  box.textContent = "";
  if (!rows.length) { box.appendChild(el("p", { class: "muted" }, "Không có dữ liệu.")); return; }
  const W = 600, rowH = 24, H = rows.length * rowH + 6, max = Math.max(...rows.map((r) => r.value), 1);
  const s = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img" });
  rows.forEach((r, i) => {
    const y = i * rowH + 3, w = Math.max(1, (r.value / max) * (W - labelW - 80));
    const g = svg("g", { class: "row" });
    g.appendChild(svg("title", {}, r.title || r.label));
    g.appendChild(svg("text", { x: 0, y: y + 15 }, r.label.length > 40 ? r.label.slice(0, 39) + "…" : r.label));
    g.appendChild(svg("rect", { class: r.cls || "bar", x: labelW, y: y + 3, width: w, height: rowH - 8, rx: 2 }));
    g.appendChild(svg("text", { class: "val", x: labelW + w + 6, y: y + 15 }, fmt(r.value) + (r.note || "")));
    s.appendChild(g);
  });
  box.appendChild(s);
}

function table(box, header, rows) {
  box.textContent = "";
  if (!rows.length) { box.appendChild(el("p", { class: "muted" }, "Không có dữ liệu.")); return; }
  const t = el("table"), head = el("tr");
  header.forEach((h) => head.appendChild(el("th", {}, h)));
  t.appendChild(head);
  rows.forEach((r) => { const tr = el("tr"); r.forEach((c) => tr.appendChild(el("td", {}, String(c)))); t.appendChild(tr); });
  box.appendChild(t);
}

// Legend: a coloured square and the label of each status present.
function legend(box, statuses) {
  box.textContent = "";
  statuses.forEach((st) => {
    const sw = svg("svg", { width: 12, height: 12, class: "chart sw-svg" });
    sw.appendChild(svg("rect", { class: "s-" + st, width: 12, height: 12 }));
    box.appendChild(sw);
    box.appendChild(el("span", { class: "lg" }, " " + STATUS_LABEL[st] + "  "));
  });
}
