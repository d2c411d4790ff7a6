/* The "My progress" table, fetched on the progress page only. Reads saved answers from this
 * browser; sends nothing anywhere. */
import { all, button } from "./dom.js";
import { QUIZ_PREFIX, keys, loadAnswer, remove, store } from "./store.js";

function renderProgress(root) {
  const rows = all(root, "tr[data-cq-module]");
  let done = 0;
  rows.forEach((row) => {
    const ids = (row.getAttribute("data-cq-items") || "").split(/\s+/).filter(Boolean);
    let answered = 0;
    let correct = 0;
    ids.forEach((id) => {
      const saved = loadAnswer(id);
      if (saved) {
        answered += 1;
        if (saved.correct) correct += 1;
      }
    });
    const scoreCell = row.querySelector("[data-cq-score]");
    const statusCell = row.querySelector("[data-cq-status]");
    if (ids.length) scoreCell.textContent = answered ? `${correct} of ${ids.length} correct` : "–";
    const state = !ids.length ? "No quiz" : answered === 0 ? "Not started" : answered < ids.length ? `In progress (${answered} of ${ids.length} answered)` : "Done";
    if (ids.length && answered === ids.length) done += 1;
    statusCell.textContent = state;
    row.setAttribute("data-cq-state", state === "Done" ? "done" : answered ? "started" : "new");
  });
  const note = root.querySelector("[data-cq-progress-note]");
  if (note) {
    note.textContent = store()
      ? `Modules done: ${done} of ${rows.length}. A module is done when you have answered every question in its quiz. Your answers are kept in this browser only.`
      : "This browser does not allow local storage, so progress cannot be kept.";
  }
  if (!root.querySelector(".cq-progress__reset")) {
    const reset = button("Clear all my answers", "md-button cq-progress__reset");
    reset.addEventListener("click", () => {
      if (!window.confirm("Clear all your saved quiz answers in this browser?")) return;
      keys(QUIZ_PREFIX).forEach(remove);
      renderProgress(root);
    });
    root.appendChild(reset);
  }
}

export function start() {
  all(document, "[data-cq-progress]").forEach(renderProgress);
}
