/* The "My progress" page: per module, read, first-attempt quiz score, mastered and exercises
 * done; moving progress to another device (transfer.js). Reads this browser only. */
import { all, button } from "./dom.js";
import { courseData, moduleState } from "./data.js";
import { PREFIX, keys, remove, store } from "./store.js";
import { exportButton, importControl } from "./transfer.js";

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
    cell("read").textContent = s.read ? "Yes" : "Not yet";
    cell("score").textContent = !s.total ? "No quiz" : s.answered ? `${s.right} of ${s.total} (${s.percent}%)` + (s.answered < s.total ? `, ${s.answered} answered` : "") : "–";
    cell("mastered").textContent = s.mastered ? "Yes" : "Not yet";
    const exercises = s.exercisesTotal ? `${s.exercisesDone} of ${s.exercisesTotal}` : "No exercises";
    /* A module's worksheet counts apart from its exercises, as on My workbook. */
    const sheets = !s.worksheetsTotal ? "" : s.worksheetsTotal === 1
      ? (s.worksheetsDone ? "; worksheet saved" : "; worksheet not saved")
      : `; worksheets: ${s.worksheetsDone} of ${s.worksheetsTotal} saved`;
    cell("exercises").textContent = exercises + sheets;
    const state = s.mastered ? "Mastered" : s.started ? "In progress" : "Not started";
    cell("status").textContent = state;
    row.setAttribute("data-cq-state", s.mastered ? "done" : s.started ? "started" : "new");
    if (s.mastered) mastered += 1;
  });
  const note = root.querySelector("[data-cq-progress-note]");
  if (note) {
    note.textContent = store()
      ? `Modules mastered: ${mastered} of ${rows.length}. A module is mastered when at least ${data.mastery}% of its quiz is right on the first attempt. Your progress is kept in this browser only.`
      : "This browser does not allow local storage, so progress cannot be kept.";
  }
}

function render(root) {
  return courseData().then((data) => {
    fill(root, data);
    if (root.querySelector(".cq-progress__tools")) return;
    const tools = document.createElement("div");
    tools.className = "cq-progress__tools";
    const reset = button("Clear all my progress", "md-button cq-progress__reset");
    reset.addEventListener("click", () => {
      if (!window.confirm("Clear all your saved answers, review dates, workbook answers and reading marks in this browser? Export them first if you want to keep them.")) return;
      keys(PREFIX).filter((k) => !k.endsWith(".view")).forEach(remove);
      fill(root, data);
    });
    tools.append(exportButton(data), importControl(() => fill(root, data)), reset);
    root.appendChild(tools);
  });
}

export function start() {
  return Promise.all(all(document, "[data-cq-progress]").map(render));
}

/* @feature {"name": "progress", "when": "[data-cq-progress]"} */
