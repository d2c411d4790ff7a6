/* Strategic Internationalisation for Clusters: quizzes and the progress page.
 * Plain JavaScript, no framework, no network requests. Everything is stored in this
 * browser's localStorage under one prefix: the site's path followed by ".__", the
 * convention Material for MkDocs uses for its own settings ("/.__palette"). The course's
 * keys are "<site path>.__sic.quiz.<item id>" (see the editor guide). */
(function () {
  "use strict";

  function sitePath() {
    try {
      if (window.__md_scope && window.__md_scope.pathname) return window.__md_scope.pathname;
    } catch (e) { /* fall through */ }
    return "/";
  }

  var PREFIX = sitePath() + ".__sic.";
  var QUIZ_PREFIX = PREFIX + "quiz.";

  function store() {
    try {
      var s = window.localStorage;
      s.setItem(PREFIX + "probe", "1");
      s.removeItem(PREFIX + "probe");
      return s;
    } catch (e) {
      return null; /* storage blocked (private mode, policy): quizzes still work, nothing is kept */
    }
  }

  /* A saved answer, or null. Anything malformed is dropped, never fatal. */
  function loadAnswer(id) {
    var s = store();
    if (!s) return null;
    var raw = null;
    try {
      raw = s.getItem(QUIZ_PREFIX + id);
      if (raw === null) return null;
      var v = JSON.parse(raw);
      if (!v || typeof v !== "object" || !Array.isArray(v.chosen) || typeof v.correct !== "boolean") {
        throw new Error("malformed");
      }
      return v;
    } catch (e) {
      try { s.removeItem(QUIZ_PREFIX + id); } catch (e2) { /* ignore */ }
      return null;
    }
  }

  function saveAnswer(id, chosen, correct) {
    var s = store();
    if (!s) return;
    try {
      s.setItem(QUIZ_PREFIX + id, JSON.stringify({ v: 1, chosen: chosen, correct: correct }));
    } catch (e) { /* storage full: ignore */ }
  }

  function forgetAnswer(id) {
    var s = store();
    if (!s) return;
    try { s.removeItem(QUIZ_PREFIX + id); } catch (e) { /* ignore */ }
  }

  function all(root, selector) {
    return Array.prototype.slice.call(root.querySelectorAll(selector));
  }

  function makeButton(label, className) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = className;
    b.textContent = label;
    return b;
  }

  function keysOf(item, selector) {
    return all(item, selector).map(function (el) { return el.getAttribute("data-cq-key") || el.value; });
  }

  function chosenKeys(item) {
    return all(item, ".cq-options input").filter(function (i) { return i.checked; }).map(function (i) { return i.value; });
  }

  function clearMarks(item) {
    item.classList.remove("cq-item--correct", "cq-item--wrong");
    all(item, ".cq-option").forEach(function (opt) {
      opt.classList.remove("cq-option--right", "cq-option--wrong", "cq-option--missed");
    });
    all(item, ".cq-option__feedback, .cq-item__explanation, .cq-verdict").forEach(function (el) {
      el.parentNode.removeChild(el);
    });
  }

  function feedbackText(item, key) {
    var el = item.querySelector('.cq-fb[data-cq-key="' + key + '"] .cq-fb__text');
    return el;
  }

  /* Show the result of the current choice. `announce` is false when restoring a saved answer. */
  function grade(item, quiz, announce) {
    var chosen = chosenKeys(item);
    var status = item.querySelector(".cq-status");
    if (!chosen.length) {
      if (announce) status.textContent = "Choose an answer first.";
      return;
    }
    var right = keysOf(item, ".cq-fb--correct");
    var multiple = item.getAttribute("data-cq-type") === "multiple";
    var correct = chosen.length === right.length && chosen.every(function (k) { return right.indexOf(k) >= 0; });
    clearMarks(item);
    var spoken = [];
    all(item, ".cq-option").forEach(function (opt) {
      var key = opt.getAttribute("data-cq-key");
      var picked = chosen.indexOf(key) >= 0;
      var good = right.indexOf(key) >= 0;
      var missed = !picked && good && multiple;
      if (!picked && !missed) return;
      opt.classList.add(picked ? (good ? "cq-option--right" : "cq-option--wrong") : "cq-option--missed");
      var box = document.createElement("div");
      box.className = "cq-option__feedback";
      var verdict = document.createElement("strong");
      verdict.textContent = picked ? (good ? "Right choice. " : "Wrong choice. ") : "You missed a correct option. ";
      box.appendChild(verdict);
      var source = feedbackText(item, key);
      if (source) {
        var copy = source.cloneNode(true);
        box.appendChild(copy);
        if (picked) spoken.push(source.textContent);
      }
      opt.appendChild(box);
    });
    var explanation = item.querySelector(".cq-answer .cq-explanation");
    if (explanation) {
      var ex = explanation.cloneNode(true);
      ex.className = "cq-item__explanation";
      item.querySelector(".cq-options").parentNode.appendChild(ex);
    }
    var head = document.createElement("p");
    head.className = "cq-verdict";
    head.textContent = correct ? "Correct." : (multiple ? "Not quite: check the feedback on each option." : "Not correct: read the feedback and try again.");
    item.querySelector(".cq-actions").after(head);
    item.classList.add(correct ? "cq-item--correct" : "cq-item--wrong");
    item.querySelector(".cq-retry").hidden = false;
    if (announce) {
      saveAnswer(item.getAttribute("data-cq-item"), chosen, correct);
      status.textContent = head.textContent + " " + spoken.join(" ");
      updateScore(quiz);
    }
  }

  function resetItem(item, quiz, focus) {
    clearMarks(item);
    all(item, ".cq-options input").forEach(function (i) { i.checked = false; });
    forgetAnswer(item.getAttribute("data-cq-item"));
    item.querySelector(".cq-status").textContent = "";
    item.querySelector(".cq-retry").hidden = true;
    updateScore(quiz);
    if (focus) {
      var first = item.querySelector(".cq-options input");
      if (first) first.focus();
    }
  }

  function updateScore(quiz) {
    var items = all(quiz, ".cq-item");
    var answered = 0;
    var correct = 0;
    items.forEach(function (item) {
      var saved = loadAnswer(item.getAttribute("data-cq-item"));
      if (saved) {
        answered += 1;
        if (saved.correct) correct += 1;
      }
    });
    var score = quiz.querySelector("[data-cq-score]");
    if (score) {
      score.textContent = answered
        ? "Score: " + correct + " of " + items.length + " correct (" + answered + " answered)."
        : "Score: no answers yet.";
    }
    var reset = quiz.querySelector(".cq-quiz__reset");
    if (reset) reset.hidden = answered === 0;
  }

  function enhanceQuiz(quiz) {
    if (quiz.getAttribute("data-cq-ready")) return;
    quiz.setAttribute("data-cq-ready", "1");
    quiz.classList.add("cq-quiz--js");
    all(quiz, ".cq-item").forEach(function (item) {
      item.querySelector(".cq-answer").hidden = true;
      var actions = document.createElement("div");
      actions.className = "cq-actions";
      var check = makeButton("Check answer", "md-button md-button--primary cq-check");
      var retry = makeButton("Try again", "md-button cq-retry");
      retry.hidden = true;
      actions.appendChild(check);
      actions.appendChild(retry);
      item.querySelector(".cq-fieldset").after(actions);
      check.addEventListener("click", function () { grade(item, quiz, true); });
      retry.addEventListener("click", function () { resetItem(item, quiz, true); });
      var saved = loadAnswer(item.getAttribute("data-cq-item"));
      if (saved) {
        var known = false;
        all(item, ".cq-options input").forEach(function (input) {
          input.checked = saved.chosen.indexOf(input.value) >= 0;
          known = known || input.checked;
        });
        if (known) grade(item, quiz, false);
        else forgetAnswer(item.getAttribute("data-cq-item")); /* the options changed since */
      }
    });
    var score = quiz.querySelector("[data-cq-score]");
    if (score) {
      var reset = makeButton("Clear this quiz", "md-button cq-quiz__reset");
      reset.hidden = true;
      reset.addEventListener("click", function () {
        all(quiz, ".cq-item").forEach(function (item) { resetItem(item, quiz, false); });
        score.textContent = "Quiz cleared. Score: no answers yet.";
      });
      score.after(reset);
    }
    updateScore(quiz);
  }

  function renderProgress(root) {
    var rows = all(root, "tr[data-cq-module]");
    var done = 0;
    rows.forEach(function (row) {
      var ids = (row.getAttribute("data-cq-items") || "").split(/\s+/).filter(Boolean);
      var answered = 0;
      var correct = 0;
      ids.forEach(function (id) {
        var saved = loadAnswer(id);
        if (saved) {
          answered += 1;
          if (saved.correct) correct += 1;
        }
      });
      var scoreCell = row.querySelector("[data-cq-score]");
      var statusCell = row.querySelector("[data-cq-status]");
      if (ids.length) scoreCell.textContent = answered ? correct + " of " + ids.length + " correct" : "–";
      var state = !ids.length ? "No quiz" : answered === 0 ? "Not started" : answered < ids.length ? "In progress (" + answered + " of " + ids.length + " answered)" : "Done";
      if (ids.length && answered === ids.length) done += 1;
      statusCell.textContent = state;
      row.setAttribute("data-cq-state", state === "Done" ? "done" : answered ? "started" : "new");
    });
    var note = root.querySelector("[data-cq-progress-note]");
    if (note) {
      note.textContent = store()
        ? "Modules done: " + done + " of " + rows.length + ". A module is done when you have answered every question in its quiz. Your answers are kept in this browser only."
        : "This browser does not allow local storage, so progress cannot be kept.";
    }
    if (!root.querySelector(".cq-progress__reset")) {
      var reset = makeButton("Clear all my answers", "md-button cq-progress__reset");
      reset.addEventListener("click", function () {
        if (!window.confirm("Clear all your saved quiz answers in this browser?")) return;
        var s = store();
        if (s) {
          var keys = [];
          for (var i = 0; i < s.length; i += 1) {
            var k = s.key(i);
            if (k && k.indexOf(QUIZ_PREFIX) === 0) keys.push(k);
          }
          keys.forEach(function (k) { s.removeItem(k); });
        }
        renderProgress(root);
      });
      root.appendChild(reset);
    }
  }

  /* A region that scrolls sideways (a wide table, a notebook cell) must be reachable by keyboard
   * (WCAG 2.1.1): give it focus and a name while it overflows. */
  function focusableScrollers() {
    all(document, ".md-typeset__scrollwrap, .highlight-ipynb, .jp-OutputArea-output").forEach(function (el) {
      var scrolls = el.scrollWidth > el.clientWidth + 1 && !el.querySelector("a, button, input, [tabindex]");
      if (scrolls && !el.hasAttribute("tabindex")) {
        el.setAttribute("tabindex", "0");
        el.setAttribute("role", "region");
        el.setAttribute("aria-label", el.querySelector("table") ? "Table (scrolls sideways)" : "Code (scrolls sideways)");
        el.setAttribute("data-cq-scroller", "");
      } else if (!scrolls && el.hasAttribute("data-cq-scroller")) {
        ["tabindex", "role", "aria-label", "data-cq-scroller"].forEach(function (a) { el.removeAttribute(a); });
      }
    });
  }

  function init() {
    focusableScrollers();
    all(document, ".cq-quiz").forEach(enhanceQuiz);
    all(document, "[data-cq-progress]").forEach(renderProgress);
  }

  window.courseKit = { init: init, prefix: PREFIX };
  window.addEventListener("resize", function () {
    window.clearTimeout(focusableScrollers.timer);
    focusableScrollers.timer = window.setTimeout(focusableScrollers, 200);
  });
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init); /* Material's instant navigation: runs on every page */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
