/* The Review page: the questions due today from every module the learner has started, mixed
 * across modules. A right answer moves a question to the next spacing (1, 3, 7, 21 days); a
 * wrong one starts again at 1 day (schedule.js). Review answers never change quiz scores. */
import { all, button, el, stylesheet } from "./dom.js";
import { applyOrder } from "./order.js";
import { isCorrect } from "./grading.js";
import { clearMarks, correctKeys, markOptions, primaryButton } from "./quiz.js";
import { DAYS, dueIds, recordResult, reviewState } from "./schedule.js";
import { REVIEW_PREFIX } from "./saved.js";
import { keys, remove } from "./store.js";
import { formatDate, t } from "./i18n.js";

const SESSION = 20; /* at most this many questions at a time */

/* One from each module in turn, so that modules are mixed. */
function interleave(items) {
  const groups = new Map();
  items.forEach((item) => {
    const m = item.getAttribute("data-cq-module");
    if (!groups.has(m)) groups.set(m, []);
    groups.get(m).push(item);
  });
  const lists = Array.from(groups.values());
  const out = [];
  for (let i = 0; out.length < items.length; i += 1) lists.forEach((list) => { if (list[i]) out.push(list[i]); });
  return out;
}

function when(ms) {
  return formatDate(new Date(ms), { weekday: "long", day: "numeric", month: "long" });
}

function countText(root) {
  const left = all(root, "[data-cq-review-items] > .cq-item:not(.cq-item--reviewed)").length;
  if (left) return t("review.due", { count: left });
  const states = keys(REVIEW_PREFIX).map((k) => reviewState(k.slice(REVIEW_PREFIX.length))).filter(Boolean);
  if (!states.length) return t("review.none_yet");
  const next = Math.min(...states.map((s) => s.due));
  return t("review.next_due", { date: when(next) });
}

function enhance(item, root, count) {
  applyOrder(item);
  item.querySelector(".cq-answer").hidden = true;
  const from = el("p", { class: "cq-review__from" }, t("review.from_module", { title: item.getAttribute("data-cq-module-title") }));
  item.insertBefore(from, item.firstChild);
  const actions = el("div", { class: "cq-actions" });
  const check = button(t("quiz.check"), "md-button md-button--primary cq-check");
  const retry = button(t("quiz.try_again"), "md-button cq-retry");
  retry.hidden = true;
  actions.append(check, retry);
  item.querySelector(".cq-fieldset").after(actions);
  const status = item.querySelector(".cq-status");
  check.addEventListener("click", () => {
    const chosen = all(item, ".cq-options input").filter((i) => i.checked).map((i) => i.value);
    clearMarks(item);
    if (!chosen.length) {
      actions.after(el("p", { class: "cq-verdict cq-verdict--prompt" }, t("quiz.choose_first")));
      status.textContent = t("quiz.choose_first");
      return;
    }
    const correct = isCorrect(chosen, correctKeys(item));
    const first = !item.classList.contains("cq-item--reviewed");
    const spoken = markOptions(item, chosen, true);
    let text;
    if (first) {
      const state = recordResult(item.getAttribute("data-cq-item"), correct);
      item.classList.add("cq-item--reviewed");
      text = correct ? t("review.correct_back_in", { count: DAYS[state.step] }) : t("review.wrong_back_tomorrow");
    } else {
      text = correct ? t("review.correct_again") : t("review.wrong_again");
    }
    item.classList.add(correct ? "cq-item--correct" : "cq-item--wrong");
    actions.after(el("p", { class: "cq-verdict" }, text));
    retry.hidden = false;
    primaryButton(item, true);
    status.textContent = [text, ...spoken].join(" ");
    count.textContent = countText(root);
    document.dispatchEvent(new Event("cq-review-changed")); /* the nav's Review badge counts again */
  });
  retry.addEventListener("click", () => {
    clearMarks(item);
    all(item, ".cq-options input").forEach((i) => { i.checked = false; });
    status.textContent = "";
    retry.hidden = true;
    primaryButton(item, false);
    const input = item.querySelector(".cq-options input");
    if (input) input.focus();
  });
}

export function start() {
  return stylesheet("learner.css").then(show);
}

function show() {
  const root = document.querySelector("[data-cq-review]");
  if (!root || root.getAttribute("data-cq-ready")) return;
  root.setAttribute("data-cq-ready", "1");
  const pool = root.querySelector("[data-cq-review-pool]");
  const list = root.querySelector("[data-cq-review-items]");
  const count = root.querySelector("[data-cq-review-count]");
  const byId = new Map(all(pool, ".cq-item").map((item) => [item.getAttribute("data-cq-item"), item]));
  const due = dueIds();
  due.filter((id) => !byId.has(id)).forEach((id) => remove(REVIEW_PREFIX + id)); /* items removed from the course */
  const items = interleave(due.filter((id) => byId.has(id)).map((id) => byId.get(id))).slice(0, SESSION);
  items.forEach((item, n) => {
    list.appendChild(item);
    const legend = item.querySelector(".cq-legend");
    if (legend) legend.firstChild.textContent = t("quiz.question", { number: n + 1 }) + " ";
    enhance(item, root, count);
  });
  count.textContent = countText(root);
}

/* @feature {"name": "review", "when": "[data-cq-review]", "bundle": false} */
