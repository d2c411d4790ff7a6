/* Quizzes: check an answer, show feedback per option, keep answers in this browser.
 *
 * Honest scoring: the score is the first attempt at each question; a retry is for learning.
 * A saved answer is {v: 2, first: {chosen, correct}, chosen, correct, wrong, revealed}: the first
 * attempt, the latest choice, how many wrong attempts, and whether the answer was shown. */
import { all, button, el, stylesheet } from "./dom.js";
import { firstCorrect, forgetAnswer, loadAnswer, saveAnswer } from "./store.js";
import { applyOrder } from "./order.js";
import { isCorrect, isMastered, percentOf } from "./grading.js";
import { recordResult } from "./schedule.js";
import { formatNumber, t } from "./i18n.js";
import { recordFirst } from "./attempts.js";

const retryNote = () => t("quiz.retry_note");

const keysOf = (item) => all(item, ".cq-options input").map((input) => input.value);
const chosenKeys = (item) => all(item, ".cq-options input").filter((i) => i.checked).map((i) => i.value);
const itemId = (item) => item.getAttribute("data-cq-item");
const isMultiple = (item) => item.getAttribute("data-cq-type") === "multiple";

/* Feedback entries carry their option's key (data-cq-key): found by key, never by position. */
export function correctKeys(item) {
  return all(item, ".cq-answer .cq-fb--correct").map((fb) => fb.getAttribute("data-cq-key"));
}

function feedbackText(item, key) {
  const entry = all(item, ".cq-answer .cq-fb").find((fb) => fb.getAttribute("data-cq-key") === key);
  return entry ? entry.querySelector(".cq-fb__text") : null;
}

export function clearMarks(item) {
  item.classList.remove("cq-item--correct", "cq-item--wrong");
  all(item, ".cq-option").forEach((opt) => opt.classList.remove("cq-option--right", "cq-option--wrong", "cq-option--missed"));
  all(item, ".cq-option__feedback, .cq-item__explanation, .cq-verdict").forEach((node) => node.remove());
}

/* After grading, "Try again" is the next step and the primary button; before, "Check answer" is. */
export function primaryButton(item, graded) {
  const check = item.querySelector(".cq-check");
  const retry = item.querySelector(".cq-retry");
  if (check) check.classList.toggle("md-button--primary", !graded);
  if (retry) retry.classList.toggle("md-button--primary", graded);
}

function verdict(item, text, kind) {
  const head = el("p", { class: "cq-verdict" + (kind ? " cq-verdict--" + kind : "") }, text);
  item.querySelector(".cq-actions").after(head);
  return head;
}

/* Marks and feedback on options. `reveal`: every correct option is shown too. Returns the
 * feedback of the chosen options, for the screen reader. */
export function markOptions(item, chosen, reveal) {
  const right = correctKeys(item);
  const spoken = [];
  all(item, ".cq-option").forEach((opt) => {
    const key = opt.querySelector("input").value;
    const picked = chosen.includes(key);
    const good = right.includes(key);
    const missed = !picked && good && reveal;
    if (!picked && !missed) return;
    opt.classList.add(picked ? (good ? "cq-option--right" : "cq-option--wrong") : "cq-option--missed");
    const box = el("div", { class: "cq-option__feedback" });
    box.appendChild(el("strong", {}, (picked ? (good ? t("quiz.right_choice") : t("quiz.wrong_choice")) : (isMultiple(item) ? t("quiz.missed_option") : t("quiz.correct_answer"))) + " "));
    const source = feedbackText(item, key);
    if (source) {
      box.appendChild(source.cloneNode(true));
      if (picked || missed) spoken.push(source.textContent);
    }
    opt.appendChild(box);
  });
  const explanation = item.querySelector(".cq-answer .cq-explanation");
  if (explanation) {
    const copy = explanation.cloneNode(true);
    copy.className = "cq-item__explanation";
    item.querySelector(".cq-options").parentNode.appendChild(copy);
  }
  return spoken;
}

/* Show the state of a saved answer; returns what a screen reader should hear. */
function show(item, saved) {
  clearMarks(item);
  const right = correctKeys(item);
  const chosen = saved.chosen;
  const multiple = isMultiple(item);
  item.querySelector(".cq-retry").hidden = false;
  primaryButton(item, true);
  item.querySelector(".cq-reveal").hidden = saved.correct || saved.revealed;
  if (saved.correct) {
    const spoken = markOptions(item, chosen, multiple);
    item.classList.add("cq-item--correct");
    const head = verdict(item, saved.first && !saved.first.correct ? t("quiz.correct_this_time") + " " + retryNote() : t("quiz.correct"));
    return [head.textContent, ...spoken].join(" ");
  }
  item.classList.add("cq-item--wrong");
  if (multiple && saved.wrong < 2 && !saved.revealed) {
    /* First wrong attempt: how many are right or wrong, not which. */
    const good = chosen.filter((k) => right.includes(k)).length;
    const bad = chosen.length - good;
    const head = verdict(item, t("quiz.partly_right", { right_part: t("quiz.n_right", { count: good }), wrong_part: t("quiz.n_wrong", { count: bad }) }) + " " +
      t("quiz.right_in_all", { count: right.length }) + " " + t("quiz.change_and_check"));
    return head.textContent;
  }
  const spoken = markOptions(item, chosen, saved.revealed || multiple);
  const head = verdict(item, saved.revealed
    ? t("quiz.answer_shown") + " " + retryNote()
    : (multiple ? t("quiz.not_quite_each") : t("quiz.not_correct_retry")));
  return [head.textContent, ...spoken].join(" ");
}

function grade(item, quiz) {
  const chosen = chosenKeys(item);
  const status = item.querySelector(".cq-status");
  if (!chosen.length) {
    clearMarks(item);
    verdict(item, t("quiz.choose_first"), "prompt");
    status.textContent = t("quiz.choose_first");
    return;
  }
  const correct = isCorrect(chosen, correctKeys(item));
  const before = loadAnswer(itemId(item));
  const kept = recordFirst(itemId(item), chosen, correct); /* a cleared quiz keeps its first attempt */
  const saved = {
    v: 2,
    first: before ? before.first || { chosen: before.chosen, correct: before.correct } : { chosen: kept.chosen, correct: kept.correct },
    chosen,
    correct,
    wrong: (before && typeof before.wrong === "number" ? before.wrong : 0) + (correct ? 0 : 1),
    revealed: !!(before && before.revealed),
  };
  if (!before) recordResult(itemId(item), correct);
  saveAnswer(itemId(item), saved);
  let spoken = show(item, saved);
  if (!before && !correct) spoken += " " + retryNote();
  const done = updateScore(quiz);
  if (!before && done) spoken += " " + done;
  status.textContent = spoken;
}

function reveal(item, quiz) {
  const saved = loadAnswer(itemId(item)) || { v: 2, first: null, chosen: [], correct: false, wrong: 0 };
  saved.revealed = true;
  if (!saved.first) {
    /* Showing the answer before any attempt counts as a wrong first attempt. */
    const kept = recordFirst(itemId(item), [], false);
    saved.first = { chosen: kept.chosen, correct: kept.correct };
    recordResult(itemId(item), false);
  }
  saveAnswer(itemId(item), saved);
  const spoken = show(item, saved);
  updateScore(quiz);
  item.querySelector(".cq-status").textContent = spoken;
  item.querySelector(".cq-retry").focus();
}

/* Clear the choice to try again; the first attempt stays. */
function retry(item) {
  clearMarks(item);
  all(item, ".cq-options input").forEach((i) => { i.checked = false; });
  item.querySelector(".cq-status").textContent = "";
  item.querySelector(".cq-retry").hidden = true;
  primaryButton(item, false);
  const first = item.querySelector(".cq-options input");
  if (first) first.focus();
}

/* The score line and, once every question has a first answer, the summary. Returns the
 * summary sentence when the quiz is complete. */
function updateScore(quiz) {
  const items = all(quiz, ".cq-item");
  const answers = items.map((item) => loadAnswer(itemId(item)));
  const answered = answers.filter(Boolean).length;
  const correct = answers.filter((a) => a && firstCorrect(a)).length;
  const score = quiz.querySelector("[data-cq-score]");
  if (score) {
    score.textContent = answered
      ? t("quiz.score", { count: items.length, correct, answered })
      : t("quiz.score_none");
  }
  const reset = quiz.querySelector(".cq-quiz__reset");
  if (reset) reset.hidden = answered === 0;
  const old = quiz.querySelector(".cq-summary");
  if (old) old.remove();
  if (!items.length || answered < items.length) return "";
  const mastery = parseInt(quiz.getAttribute("data-cq-mastery") || "80", 10);
  const percent = percentOf(correct, items.length);
  const box = el("div", { class: "cq-summary", role: "region", "aria-label": t("quiz.summary") });
  box.appendChild(el("p", { class: "cq-summary__title" }, t("quiz.complete")));
  const shown = { mastery: formatNumber(mastery / 100, { style: "percent" }) };
  const line = t("quiz.first_attempt_score", { count: items.length, correct, percent: formatNumber(percent / 100, { style: "percent" }) }) + " " +
    (isMastered(correct, items.length, mastery) ? t("quiz.mastered", shown) : t("quiz.not_mastered", shown));
  box.appendChild(el("p", {}, line));
  const wrong = items.filter((item, i) => answers[i] && !firstCorrect(answers[i]));
  if (wrong.length) {
    box.appendChild(el("p", {}, t("quiz.to_review")));
    const list = el("ul", { class: "cq-summary__review" });
    wrong.forEach((item) => {
      const li = el("li");
      const number = items.indexOf(item) + 1;
      const stem = (item.querySelector(".cq-stem") || item).textContent.trim().replace(/\s+/g, " ");
      li.appendChild(el("a", { href: "#" + item.id }, t("quiz.question_link", { number, stem: stem.length > 90 ? stem.slice(0, 89) + "…" : stem })));
      list.appendChild(li);
    });
    box.appendChild(list);
  }
  const next = quiz.querySelector(".cq-quiz__next");
  if (next) box.appendChild(next.cloneNode(true));
  quiz.querySelector(".cq-items").after(box);
  return line;
}

function clearQuiz(quiz, score, reset) {
  const items = all(quiz, ".cq-item");
  const kept = items.map((item) => [item, loadAnswer(itemId(item))]);
  items.forEach((item) => {
    forgetAnswer(itemId(item));
    clearMarks(item);
    all(item, ".cq-options input").forEach((i) => { i.checked = false; });
    item.querySelector(".cq-retry").hidden = true;
    primaryButton(item, false);
    item.querySelector(".cq-reveal").hidden = false;
  });
  updateScore(quiz);
  const undo = button(t("quiz.undo"), "md-button cq-quiz__undo");
  const note = el("p", { class: "cq-quiz__cleared", role: "status" }, t("quiz.cleared") + " ");
  note.appendChild(undo);
  reset.after(note);
  undo.addEventListener("click", () => {
    kept.forEach(([item, saved]) => {
      if (!saved) return;
      saveAnswer(itemId(item), saved);
      all(item, ".cq-options input").forEach((input) => { input.checked = saved.chosen.includes(input.value); });
      show(item, saved);
    });
    note.remove();
    updateScore(quiz);
    reset.focus();
  });
  undo.focus();
  /* The undo offer lasts until the learner answers again. */
  quiz.addEventListener("cq-answered", () => note.remove(), { once: true });
}

function enhanceItem(item, quiz) {
  /* The quiz starts when the learner comes near it (course.js): a choice made before, on the
   * page as it arrived, is kept, and wins over an earlier saved one. */
  const picked = chosenKeys(item);
  applyOrder(item);
  item.querySelector(".cq-answer").hidden = true;
  const actions = el("div", { class: "cq-actions" });
  const check = button(t("quiz.check"), "md-button md-button--primary cq-check");
  const showAnswer = button(t("quiz.show_answer"), "md-button cq-reveal");
  const again = button(t("quiz.try_again"), "md-button cq-retry");
  again.hidden = true;
  actions.append(check, again, showAnswer);
  item.querySelector(".cq-fieldset").after(actions);
  check.addEventListener("click", () => { grade(item, quiz); quiz.dispatchEvent(new Event("cq-answered")); });
  again.addEventListener("click", () => retry(item));
  showAnswer.addEventListener("click", () => { reveal(item, quiz); quiz.dispatchEvent(new Event("cq-answered")); });
  const saved = loadAnswer(itemId(item));
  if (!saved) return;
  const keys = keysOf(item);
  if (!saved.chosen.every((k) => keys.includes(k)) || (!saved.chosen.length && !saved.revealed)) {
    forgetAnswer(itemId(item)); /* the options changed since */
    return;
  }
  all(item, ".cq-options input").forEach((input) => { input.checked = saved.chosen.includes(input.value); });
  show(item, saved);
  if (picked.length && picked.slice().sort().join() !== saved.chosen.slice().sort().join()) {
    clearMarks(item); /* as after "Try again", with the new choice ready to check */
    all(item, ".cq-options input").forEach((input) => { input.checked = picked.includes(input.value); });
    item.querySelector(".cq-retry").hidden = true;
    primaryButton(item, false);
  }
}

function enhanceQuiz(quiz) {
  if (quiz.getAttribute("data-cq-ready")) return;
  quiz.setAttribute("data-cq-ready", "1");
  quiz.classList.add("cq-quiz--js");
  const intro = quiz.querySelector(".cq-quiz__intro");
  if (intro) intro.appendChild(document.createTextNode(" " + t("quiz.intro_js")));
  all(quiz, ".cq-item").forEach((item) => enhanceItem(item, quiz));
  const score = quiz.querySelector("[data-cq-score]");
  if (score) {
    const reset = button(t("quiz.clear"), "md-button cq-quiz__reset");
    reset.hidden = true;
    reset.addEventListener("click", () => clearQuiz(quiz, score, reset));
    score.after(reset);
  }
  updateScore(quiz);
}

/* What the quiz adds is styled by learner.css, which is not part of the first load. */
export function start() {
  return stylesheet("learner.css").then(() => all(document, ".cq-quiz").forEach(enhanceQuiz));
}

/* @feature {"name": "quiz", "when": ".cq-quiz", "adds": ".cq-summary, .cq-quiz__cleared", "slides": false, "bundle": false, "near": true} */
