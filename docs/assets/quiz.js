/* Quizzes: check an answer, show feedback per option, keep answers in this browser. */
import { all, button } from "./dom.js";
import { loadAnswer, saveAnswer, forgetAnswer } from "./store.js";

/* Each option's key is its input's value; the feedback entries follow the options' order. */
function optionKeys(item) {
  return all(item, ".cq-options input").map((input) => input.value);
}

function correctKeys(item) {
  const keys = optionKeys(item);
  return all(item, ".cq-answer .cq-fb").map((fb, i) => (fb.classList.contains("cq-fb--correct") ? keys[i] : null)).filter((k) => k !== null);
}

function chosenKeys(item) {
  return all(item, ".cq-options input").filter((i) => i.checked).map((i) => i.value);
}

function clearMarks(item) {
  item.classList.remove("cq-item--correct", "cq-item--wrong");
  all(item, ".cq-option").forEach((opt) => opt.classList.remove("cq-option--right", "cq-option--wrong", "cq-option--missed"));
  all(item, ".cq-option__feedback, .cq-item__explanation, .cq-verdict").forEach((el) => el.remove());
}

function feedbackText(item, key) {
  const entry = all(item, ".cq-answer .cq-fb")[optionKeys(item).indexOf(key)];
  return entry ? entry.querySelector(".cq-fb__text") : null;
}

/* Show the result of the current choice. `announce` is false when restoring a saved answer. */
function grade(item, quiz, announce) {
  const chosen = chosenKeys(item);
  const status = item.querySelector(".cq-status");
  if (!chosen.length) {
    if (announce) status.textContent = "Choose an answer first.";
    return;
  }
  const right = correctKeys(item);
  const multiple = item.getAttribute("data-cq-type") === "multiple";
  const correct = chosen.length === right.length && chosen.every((k) => right.includes(k));
  clearMarks(item);
  const spoken = [];
  all(item, ".cq-option").forEach((opt) => {
    const key = opt.querySelector("input").value;
    const picked = chosen.includes(key);
    const good = right.includes(key);
    const missed = !picked && good && multiple;
    if (!picked && !missed) return;
    opt.classList.add(picked ? (good ? "cq-option--right" : "cq-option--wrong") : "cq-option--missed");
    const box = document.createElement("div");
    box.className = "cq-option__feedback";
    const verdict = document.createElement("strong");
    verdict.textContent = picked ? (good ? "Right choice. " : "Wrong choice. ") : "You missed a correct option. ";
    box.appendChild(verdict);
    const source = feedbackText(item, key);
    if (source) {
      box.appendChild(source.cloneNode(true));
      if (picked) spoken.push(source.textContent);
    }
    opt.appendChild(box);
  });
  const explanation = item.querySelector(".cq-answer .cq-explanation");
  if (explanation) {
    const ex = explanation.cloneNode(true);
    ex.className = "cq-item__explanation";
    item.querySelector(".cq-options").parentNode.appendChild(ex);
  }
  const head = document.createElement("p");
  head.className = "cq-verdict";
  head.textContent = correct ? "Correct." : (multiple ? "Not quite: check the feedback on each option." : "Not correct: read the feedback and try again.");
  item.querySelector(".cq-actions").after(head);
  item.classList.add(correct ? "cq-item--correct" : "cq-item--wrong");
  item.querySelector(".cq-retry").hidden = false;
  if (announce) {
    saveAnswer(item.getAttribute("data-cq-item"), { v: 1, chosen, correct });
    status.textContent = head.textContent + " " + spoken.join(" ");
    updateScore(quiz);
  }
}

function resetItem(item, quiz, focus) {
  clearMarks(item);
  all(item, ".cq-options input").forEach((i) => { i.checked = false; });
  forgetAnswer(item.getAttribute("data-cq-item"));
  item.querySelector(".cq-status").textContent = "";
  item.querySelector(".cq-retry").hidden = true;
  updateScore(quiz);
  if (focus) {
    const first = item.querySelector(".cq-options input");
    if (first) first.focus();
  }
}

function updateScore(quiz) {
  const items = all(quiz, ".cq-item");
  let answered = 0;
  let correct = 0;
  items.forEach((item) => {
    const saved = loadAnswer(item.getAttribute("data-cq-item"));
    if (saved) {
      answered += 1;
      if (saved.correct) correct += 1;
    }
  });
  const score = quiz.querySelector("[data-cq-score]");
  if (score) {
    score.textContent = answered ? `Score: ${correct} of ${items.length} correct (${answered} answered).` : "Score: no answers yet.";
  }
  const reset = quiz.querySelector(".cq-quiz__reset");
  if (reset) reset.hidden = answered === 0;
}

function enhanceQuiz(quiz) {
  if (quiz.getAttribute("data-cq-ready")) return;
  quiz.setAttribute("data-cq-ready", "1");
  quiz.classList.add("cq-quiz--js");
  all(quiz, ".cq-item").forEach((item) => {
    item.querySelector(".cq-answer").hidden = true;
    const actions = document.createElement("div");
    actions.className = "cq-actions";
    const check = button("Check answer", "md-button md-button--primary cq-check");
    const retry = button("Try again", "md-button cq-retry");
    retry.hidden = true;
    actions.append(check, retry);
    item.querySelector(".cq-fieldset").after(actions);
    check.addEventListener("click", () => grade(item, quiz, true));
    retry.addEventListener("click", () => resetItem(item, quiz, true));
    const saved = loadAnswer(item.getAttribute("data-cq-item"));
    if (saved) {
      let known = false;
      all(item, ".cq-options input").forEach((input) => {
        input.checked = saved.chosen.includes(input.value);
        known = known || input.checked;
      });
      if (known) grade(item, quiz, false);
      else forgetAnswer(item.getAttribute("data-cq-item")); /* the options changed since */
    }
  });
  const score = quiz.querySelector("[data-cq-score]");
  if (score) {
    const reset = button("Clear this quiz", "md-button cq-quiz__reset");
    reset.hidden = true;
    reset.addEventListener("click", () => {
      all(quiz, ".cq-item").forEach((item) => resetItem(item, quiz, false));
      score.textContent = "Quiz cleared. Score: no answers yet.";
    });
    score.after(reset);
  }
  updateScore(quiz);
}

export function start() {
  all(document, ".cq-quiz").forEach(enhanceQuiz);
}
