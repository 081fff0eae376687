// Agent console: mark the call's suggestions right or wrong, pick the right procedure, add a note.
"use strict";
const corr = document.getElementById("correction");
const pick = document.getElementById("correct-pick");
const codeIn = document.getElementById("correct-code");
const noteIn = document.getElementById("correct-note");
const corrMsg = document.getElementById("correction-msg");

function showCorrection(data) {
  corr.hidden = false;
  pick.innerHTML = "<option value=''>— chọn trong gợi ý —</option>" + data.suggestions.map(s =>
    `<option value="${esc(s.code)}">${esc(s.code)} — ${esc(s.name)}</option>`).join("");
}

async function sendFeedback(body) {
  if (!callSession) return;
  try {
    await postJSON("/v1/feedback", {session_id: callSession, ...body}, () => sendFeedback(body));
    corrMsg.textContent = body.correct_code ? "Đã lưu mã đúng " + body.correct_code + " làm ví dụ có nhãn." : "Đã ghi nhận.";
  } catch (e) {
    if (e instanceof AuthNeeded) return;
    corrMsg.textContent = e.message;
  }
}

document.getElementById("mark-right").addEventListener("click", () => sendFeedback({rating: "up"}));
corr.addEventListener("submit", ev => {
  ev.preventDefault();
  const code = codeIn.value.trim() || pick.value;
  sendFeedback({rating: "down", reason: "wrong_procedure", correct_code: code || null,
                note: noteIn.value.trim() || null});
});
document.getElementById("new-call").addEventListener("click", () => {
  callSession = null;
  caller.value = "";
  codeIn.value = noteIn.value = "";
  corrMsg.textContent = "";
  corr.hidden = true;
  box.innerHTML = "<p class='muted'>Gợi ý sẽ hiện ở đây.</p>";
});
