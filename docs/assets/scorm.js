/* SCORM runtime for the course packages made by `course export --format scorm12|scorm2004`.
 * An ES module, loaded only inside those packages (the site itself never loads it). When the page
 * finds an LMS (the SCORM API in a parent or opener window), it reports the module's quiz:
 * first-attempt score, passed or failed at the pass mark, completed once a module without a quiz
 * has been read to the end, and keeps the answers in suspend_data so they come back on the next
 * launch. Without an LMS it does nothing: learner data stays in this browser as on the site.
 *
 * Quiz state is read where the quiz keeps it (store.js): localStorage "<site path>.__sic.quiz.<item id>"
 * holding {v: 1, chosen: [option keys], correct: true|false}. */
import config from "./scorm-config.js";
import { isMastered } from "./grading.js";
import { PREFIX, forgetAnswer, loadAnswer, saveAnswer } from "./store.js";
import { t } from "./i18n.js";

const SCORM12 = {
  name: "API", init: "LMSInitialize", get: "LMSGetValue", set: "LMSSetValue", commit: "LMSCommit",
  finish: "LMSFinish",
};
const SCORM2004 = {
  name: "API_1484_11", init: "Initialize", get: "GetValue", set: "SetValue", commit: "Commit",
  finish: "Terminate",
};
const SUSPEND_LIMIT = { "1.2": 4096, "2004": 64000 }; /* characters of cmi.suspend_data */

const SCO_KEY = PREFIX + "scorm.sco";

/* The usual search: this window and its parents, then the opener and its parents. */
function findApi(name) {
  const climb = (start) => {
    let win = start;
    for (let depth = 0; win && depth < 500; depth += 1) {
      try {
        if (win[name]) return win[name];
      } catch (e) { return null; /* another origin: stop here */ }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  };
  let api = climb(window);
  try {
    if (!api && window.top && window.top.opener) api = climb(window.top.opener);
  } catch (e) { /* opener on another origin */ }
  return api;
}

function connect() {
  const order = config.version === "1.2" ? [SCORM12, SCORM2004] : [SCORM2004, SCORM12];
  for (const calls of order) {
    const api = findApi(calls.name);
    if (api) {
      const call = (fn, ...args) => {
        try { return String(api[calls[fn]](...args)); } catch (e) { return ""; }
      };
      return { v12: calls === SCORM12, call };
    }
  }
  return null;
}

function moduleOfPage() {
  const match = window.location.pathname.match(/\/modules\/(\d{2,3}-[a-z0-9-]+)\//);
  return match ? match[1] : "";
}

/* Resume state: "f" holds each item's first attempt (1 right, 0 wrong, - not yet), "a" each
 * item's current answer as "<1|0>:<key>.<key>" (or ""), in the order of the module's bank. */
function readState(raw, count) {
  let state = null;
  try { state = JSON.parse(raw || "null"); } catch (e) { state = null; }
  const ok = state && state.v === 1 && typeof state.f === "string" && state.f.length === count
    && Array.isArray(state.a) && state.a.length === count;
  return ok ? state : { v: 1, f: "-".repeat(count), a: new Array(count).fill("") };
}

function start() {
  const lms = connect();
  if (!lms) return; /* no LMS: nothing changes */
  const { v12, call } = lms;
  const fresh = call("init", "") === "true";
  /* The page as a bookmark (cmi location). Its success also says the session is live: a page
   * reached through a link from another page of this SCO finds the LMS already initialised. */
  const page = window.location.href.slice(new URL("../", import.meta.url).href.length).split("#")[0];
  const live = call("set", v12 ? "cmi.core.lesson_location" : "cmi.location", page) === "true";
  if (!fresh && !live) return;
  let slug = moduleOfPage();
  try {
    if (fresh) window.sessionStorage.setItem(SCO_KEY, slug);
    else slug = window.sessionStorage.getItem(SCO_KEY) || slug;
  } catch (e) { /* sessionStorage blocked: use the page's module */ }
  const unit = (config.modules || {})[slug];
  if (!unit) return;
  const items = unit.items || [];
  const began = Date.now();
  const lmsMastery = parseFloat(call("get", v12 ? "cmi.student_data.mastery_score" : "cmi.scaled_passing_score"));
  /* The pass mark as a percent: the LMS's own when it gives one (SCORM 1.2 in percent, 2004 scaled
   * from 0 to 1), else the course's. */
  const mastery = Number.isFinite(lmsMastery) ? Math.round((v12 ? lmsMastery : lmsMastery * 100) * 100) / 100 : config.mastery;
  const state = readState(call("get", "cmi.suspend_data"), items.length);
  let finished = false;
  let leavingWithin = false;
  let restoring = false;

  const set = (key, value) => call("set", key, String(value));

  function report() {
    const answered = [...state.f].filter((c) => c !== "-").length;
    if (items.length) {
      const raw = [...state.f].filter((c) => c === "1").length;
      const done = answered === items.length;
      /* The score is the quiz's first attempt, so it is known once every question has an answer
       * (a partial score would read as a failure where the LMS judges success by the score). */
      if (done) {
        set(v12 ? "cmi.core.score.raw" : "cmi.score.raw", raw);
        set(v12 ? "cmi.core.score.min" : "cmi.score.min", 0);
        set(v12 ? "cmi.core.score.max" : "cmi.score.max", items.length);
        if (!v12) set("cmi.score.scaled", (raw / items.length).toFixed(4));
      }
      const passed = isMastered(raw, items.length, mastery);
      if (v12) {
        set("cmi.core.lesson_status", done ? (passed ? "passed" : "failed") : "incomplete");
      } else {
        set("cmi.completion_status", done ? "completed" : "incomplete");
        set("cmi.success_status", done ? (passed ? "passed" : "failed") : "unknown");
        set("cmi.progress_measure", (answered / items.length).toFixed(4));
      }
    }
    const data = JSON.stringify(state);
    if (data.length <= SUSPEND_LIMIT[v12 ? "1.2" : "2004"]) set("cmi.suspend_data", data);
    set(v12 ? "cmi.core.exit" : "cmi.exit", "suspend"); /* keep the answers for the next launch */
    call("commit", "");
  }

  function read() {
    if (items.length) return;
    const status = call("get", v12 ? "cmi.core.lesson_status" : "cmi.completion_status");
    if (status === "completed" || status === "passed") return;
    set(v12 ? "cmi.core.lesson_status" : "cmi.completion_status", "completed");
    call("commit", "");
  }

  function record(itemEl) {
    const id = itemEl.getAttribute("data-cq-item");
    const index = items.indexOf(id);
    if (index < 0 || restoring) return;
    const saved = loadAnswer(id);
    const chosen = saved ? saved.chosen
      : [...itemEl.querySelectorAll(".cq-options input")].filter((i) => i.checked).map((i) => i.value);
    if (!chosen.length) return; /* "Choose an answer first." */
    const correct = saved ? saved.correct : itemEl.classList.contains("cq-item--correct");
    state.a[index] = (correct ? "1:" : "0:") + chosen.join(".");
    if (state.f[index] === "-") state.f = state.f.slice(0, index) + (correct ? "1" : "0") + state.f.slice(index + 1);
    report();
  }

  function forget(itemEl) {
    const index = items.indexOf(itemEl.getAttribute("data-cq-item"));
    if (index < 0 || !state.a[index]) return;
    state.a[index] = "";
    report();
  }

  /* The LMS is the record: its answers go where course.js restores them from, before it starts,
   * and an answer this browser kept that the LMS never received is dropped (so it is asked again). */
  items.forEach((id, index) => {
    const answer = state.a[index];
    if (!answer) { forgetAnswer(id); return; }
    const [flag, keys] = answer.split(":");
    saveAnswer(id, { v: 1, chosen: keys.split("."), correct: flag === "1" });
  });

  /* If the quiz was already set up (or storage is blocked), show the restored answers directly. */
  function showRestored() {
    restoring = true;
    items.forEach((id, index) => {
      const answer = state.a[index];
      const el = document.querySelector(`.cq-item[data-cq-item="${CSS.escape(id)}"]`);
      if (!answer || !el || el.classList.contains("cq-item--correct") || el.classList.contains("cq-item--wrong")) return;
      const keys = answer.split(":")[1].split(".");
      el.querySelectorAll(".cq-options input").forEach((input) => { input.checked = keys.includes(input.value); });
      const check = el.querySelector(".cq-check");
      if (check) check.click();
    });
    restoring = false;
  }

  document.addEventListener("click", (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const itemEl = target.closest(".cq-item");
    if (target.closest(".cq-check") && itemEl) record(itemEl);
    else if (target.closest(".cq-retry") && itemEl) forget(itemEl);
    else if (target.closest(".cq-quiz__reset")) {
      target.closest(".cq-quiz").querySelectorAll(".cq-item").forEach(forget);
    }
    /* A link to another page of this package keeps the session open for that page (the next
     * page finds the LMS already initialised); anything else that unloads the page ends it. */
    const link = target.closest("a[href]");
    if (link && !link.target && !link.hasAttribute("download") && !event.defaultPrevented) {
      const url = new URL(link.href, window.location.href);
      const base = new URL("../", import.meta.url).href;
      leavingWithin = url.origin === window.location.origin && url.href.startsWith(base)
        && url.pathname !== window.location.pathname && /\.html$/.test(url.pathname);
    }
  });

  function leave() {
    if (finished) return;
    if (leavingWithin) { call("commit", ""); return; }
    finished = true;
    const seconds = (Date.now() - began) / 1000;
    if (v12) {
      const h = Math.floor(seconds / 3600);
      const m = Math.floor((seconds % 3600) / 60);
      const sec = (seconds % 60).toFixed(2).padStart(5, "0");
      set("cmi.core.session_time", `${String(h).padStart(4, "0")}:${String(m).padStart(2, "0")}:${sec}`);
    } else {
      set("cmi.session_time", `PT${seconds.toFixed(2)}S`);
    }
    call("commit", "");
    call("finish", "");
  }
  window.addEventListener("pagehide", leave);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden" && !finished) call("commit", ""); /* a phone may close the tab unseen */
  });
  window.addEventListener("beforeunload", leave);

  if (items.length && state.f !== "-".repeat(items.length)) {
    report(); /* a new launch: the score and status follow the answers kept */
  } else if (items.length) {
    const status = call("get", v12 ? "cmi.core.lesson_status" : "cmi.completion_status");
    if (status === "not attempted" || status === "unknown" || status === "") {
      set(v12 ? "cmi.core.lesson_status" : "cmi.completion_status", "incomplete");
      call("commit", "");
    }
  }
  const whenReady = () => {
    /* Say where the answers go: this quiz now reports to the learning platform too. */
    document.querySelectorAll(".cq-quiz").forEach((quiz) => {
      const tracked = [...quiz.querySelectorAll(".cq-item")].some((el) => items.includes(el.getAttribute("data-cq-item")));
      const intro = quiz.querySelector(".cq-quiz__intro");
      if (!tracked || !intro) return;
      intro.childNodes.forEach((node) => {
        if (node.nodeType === Node.TEXT_NODE && node.textContent.includes(t("quiz.stays_here"))) {
          node.textContent = node.textContent.replace(t("quiz.stays_here"), t("scorm.answers_kept"));
        }
      });
    });
    const article = document.querySelector("article.md-content__inner") || document.body;
    const end = article.lastElementChild || article;
    if (!items.length && "IntersectionObserver" in window) {
      const seen = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) { seen.disconnect(); read(); }
      });
      seen.observe(end);
    } else if (!items.length) {
      read();
    }
    document.documentElement.setAttribute("data-cq-scorm", v12 ? "1.2" : "2004");
  };
  /* course.js marks <html data-cq-ready> once the page's features have settled, and names each
   * started one in <html data-cq-started>: the quiz starts when the learner comes near it, maybe
   * later; the answers it could not restore (storage blocked, or it started first) show then. */
  const root = document.documentElement;
  let ready = false;
  let restored = false;
  const follow = () => {
    if (!ready && root.hasAttribute("data-cq-ready")) {
      ready = true;
      whenReady();
    }
    if (!restored && (root.getAttribute("data-cq-started") || "").split(",").includes("quiz")) {
      restored = true;
      showRestored();
    }
    if (ready && (restored || !items.length)) watch.disconnect();
  };
  const watch = new MutationObserver(follow);
  watch.observe(root, { attributes: true, attributeFilter: ["data-cq-ready", "data-cq-started"] });
  follow();
}

start();
