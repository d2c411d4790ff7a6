/* The "My progress" page: per module, read, first-attempt quiz score, mastered and exercises
 * done; moving progress to another device (transfer.js). Reads this browser only. */
import { all, button, stylesheet } from "./dom.js";
import { courseData, moduleState } from "./data.js";
import { PREFIX, keys, remove, store } from "./store.js";
import { exportButton, importControl } from "./transfer.js";
import { formatNumber, t } from "./i18n.js";

function fill(root, data) {
  /* Column names on each cell, for the stacked layout on narrow screens (learner.css). */
  const labels = all(root, "thead th").map((th) => th.textContent);
  all(root, "tbody tr").forEach((row) => all(row, "td").forEach((td, i) => td.setAttribute("data-label", labels[i + 1] || "")));
  let mastered = 0;
  const rows = all(root, "tr[data-cq-module]");
  rows.forEach((row) => {
    const module = data.modules.find((m) => m.slug === row.getAttribute("data-cq-module"));
    if (!module) return;
    const s = moduleState(module, data.mastery);
    const cell = (name) => row.querySelector(`[data-cq-${name}]`);
    cell("read").textContent = s.read ? t("progress.yes") : t("progress.not_yet");
    const percent = formatNumber(s.percent / 100, { style: "percent" });
    cell("score").textContent = !s.total ? t("progress.no_quiz") : !s.answered ? "–"
      : s.answered < s.total ? t("progress.score_partial", { right: s.right, count: s.total, percent, answered: s.answered }) : t("progress.score", { right: s.right, count: s.total, percent });
    cell("mastered").textContent = s.mastered ? t("progress.yes") : t("progress.not_yet");
    const exercises = s.exercisesTotal ? t("progress.exercises", { done: s.exercisesDone, count: s.exercisesTotal }) : t("progress.no_exercises");
    /* A module's worksheet counts apart from its exercises, as on My workbook. */
    const sheets = !s.worksheetsTotal ? "" : s.worksheetsTotal === 1
      ? "; " + (s.worksheetsDone ? t("progress.sheet_saved") : t("progress.sheet_not_saved"))
      : "; " + t("progress.sheets_saved", { done: s.worksheetsDone, count: s.worksheetsTotal });
    cell("exercises").textContent = exercises + sheets;
    const state = s.mastered ? t("progress.mastered") : s.started ? t("progress.in_progress") : t("progress.not_started");
    cell("status").textContent = state;
    row.setAttribute("data-cq-state", s.mastered ? "done" : s.started ? "started" : "new");
    if (s.mastered) mastered += 1;
  });
  const note = root.querySelector("[data-cq-progress-note]");
  if (note) {
    note.textContent = store()
      ? t("progress.summary", { mastered, count: rows.length, mastery: formatNumber(data.mastery / 100, { style: "percent" }) })
      : t("progress.no_storage");
  }
}

function render(root) {
  return courseData().then((data) => {
    fill(root, data);
    if (root.querySelector(".cq-progress__tools")) return;
    const tools = document.createElement("div");
    tools.className = "cq-progress__tools";
    const reset = button(t("progress.clear"), "md-button cq-progress__reset");
    reset.addEventListener("click", () => {
      if (!window.confirm(t("progress.clear_confirm"))) return;
      keys(PREFIX).filter((k) => !k.endsWith(".view")).forEach(remove);
      fill(root, data);
    });
    tools.append(exportButton(data), importControl(() => fill(root, data)), reset);
    root.appendChild(tools);
  });
}

export function start() {
  return stylesheet("learner.css").then(() => Promise.all(all(document, "[data-cq-progress]").map(render)));
}

/* @feature {"name": "progress", "when": "[data-cq-progress]", "bundle": false} */
