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

  /* Each option's key is its input's value; the feedback entries follow the options' order. */
  function optionKeys(item) {
    return all(item, ".cq-options input").map(function (input) { return input.value; });
  }

  function correctKeys(item) {
    var keys = optionKeys(item);
    return all(item, ".cq-answer .cq-fb").map(function (fb, i) { return fb.classList.contains("cq-fb--correct") ? keys[i] : null; })
      .filter(function (k) { return k !== null; });
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
    var index = optionKeys(item).indexOf(key);
    var entry = all(item, ".cq-answer .cq-fb")[index];
    return entry ? entry.querySelector(".cq-fb__text") : null;
  }

  /* Show the result of the current choice. `announce` is false when restoring a saved answer. */
  function grade(item, quiz, announce) {
    var chosen = chosenKeys(item);
    var status = item.querySelector(".cq-status");
    if (!chosen.length) {
      if (announce) status.textContent = "Choose an answer first.";
      return;
    }
    var right = correctKeys(item);
    var multiple = item.getAttribute("data-cq-type") === "multiple";
    var correct = chosen.length === right.length && chosen.every(function (k) { return right.indexOf(k) >= 0; });
    clearMarks(item);
    var spoken = [];
    all(item, ".cq-option").forEach(function (opt) {
      var key = opt.querySelector("input").value;
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

  /* A region that scrolls sideways (a wide table, a notebook cell) must be reachable by keyboard
   * (WCAG 2.1.1): give it focus and a name while it overflows. */
  function focusableScrollers() {
    all(document, ".md-typeset__scrollwrap, .highlight-ipynb pre, .jp-RenderedText pre").forEach(function (el) {
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

  /* ---------- Trainer view, and the buttons that load the trainer tools on demand ---------- */

  var VIEW_KEY = PREFIX + "view";
  var SCRIPT = document.currentScript ? document.currentScript.src : "";

  function params() {
    return new URLSearchParams(window.location.search);
  }

  /* Parts only some pages need are fetched on demand: trainer.js and trainer.css (presentation,
   * presenter window, timer, polls) when a trainer uses them, progress.js on the progress page. */
  var loading = {};

  function loadAsset(name, withCss, ready, then) {
    if (ready()) { then(window.courseKit); return; }
    if (!loading[name]) {
      loading[name] = [];
      var pending = withCss ? 2 : 1;
      var done = function () {
        pending -= 1;
        if (pending) return;
        loading[name].forEach(function (f) { f(window.courseKit); });
        loading[name] = null;
      };
      if (withCss) {
        var style = document.createElement("link");
        style.rel = "stylesheet";
        style.href = SCRIPT.replace(/course\.js(\?.*)?$/, name + ".css");
        style.onload = style.onerror = done;
        document.head.appendChild(style);
      }
      var script = document.createElement("script");
      script.src = SCRIPT.replace(/course\.js(\?.*)?$/, name + ".js");
      script.onload = done;
      document.body.appendChild(script);
    }
    loading[name].push(then);
  }

  function loadTrainer(then) {
    /* trainer.js is an ES module (it adds trainer.css itself). */
    import(SCRIPT.replace(/course\.js(\?.*)?$/, "trainer.js")).then(then);
  }

  function storedView() {
    try { return window.localStorage.getItem(VIEW_KEY) === "trainer" ? "trainer" : "learner"; } catch (e) { return "learner"; }
  }

  function setView(view, remember) {
    document.documentElement.setAttribute("data-cq-view", view);
    if (remember) {
      try {
        if (view === "trainer") window.localStorage.setItem(VIEW_KEY, "trainer");
        else window.localStorage.removeItem(VIEW_KEY);
      } catch (e) { /* storage blocked: the view still changes on this page */ }
    }
    all(document, ".cq-view-toggle").forEach(function (b) { b.setAttribute("aria-pressed", view === "trainer" ? "true" : "false"); });
  }

  function trainerControls() {
    var wanted = params().get("view");
    if (wanted === "trainer" || wanted === "learner") setView(wanted, true);
    else setView(storedView(), false);
    var header = document.querySelector(".md-header__inner");
    if (header && !header.querySelector(".cq-view-toggle")) {
      var toggle = makeButton("Trainer view", "md-header__button cq-view-toggle");
      toggle.setAttribute("aria-pressed", document.documentElement.getAttribute("data-cq-view") === "trainer" ? "true" : "false");
      toggle.title = "Show or hide trainer notes and poll buttons";
      toggle.addEventListener("click", function () {
        setView(document.documentElement.getAttribute("data-cq-view") === "trainer" ? "learner" : "trainer", true);
      });
      header.insertBefore(toggle, header.querySelector(".md-search"));
    }
    all(document, ".cq-item").forEach(function (item) {
      if (item.querySelector(".cq-poll-open")) return;
      var open = makeButton("Show as poll", "md-button cq-poll-open");
      open.addEventListener("click", function () { loadTrainer(function (kit) { kit.poll(item, open); }); });
      item.insertBefore(open, item.querySelector(".cq-fieldset"));
    });
    var article = document.querySelector("article.md-content__inner");
    if (article && /\/modules\/\d{2,3}-/.test(window.location.pathname) && !article.querySelector(".cq-present-open")) {
      var present = makeButton("Present", "md-button cq-present-open");
      present.title = "Show this page as full-screen slides (keys: arrows, Space, Home, End; Esc leaves)";
      present.addEventListener("click", function () {
        loadTrainer(function (kit) { kit.presentation({ fullscreen: true, opener: present }); });
      });
      article.insertBefore(present, article.querySelector(":scope > h1") || article.firstChild);
    }
    var p = params();
    if (p.has("present") || p.has("presenter")) loadTrainer(function (kit) { kit.openFromAddress(); });
  }

  function init() {
    trainerControls();
    focusableScrollers();
    window.setTimeout(focusableScrollers, 250); /* again once the layout has settled */
    all(document, ".cq-quiz").forEach(enhanceQuiz);
    var tables = all(document, "[data-cq-progress]");
    if (tables.length) {
      loadAsset("progress", false, function () { return !!window.courseKit.renderProgress; }, function (kit) { tables.forEach(kit.renderProgress); });
    }
  }

  window.courseKit = { init: init, prefix: PREFIX, loadAnswer: loadAnswer, store: store, button: makeButton, all: all, quizPrefix: QUIZ_PREFIX };
  window.addEventListener("load", focusableScrollers);
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
