/* The trainer view toggle, and the buttons that load the trainer tools (trainer.js, trainer.css)
 * on demand: presentation, presenter window, timer and polls. See course.js for the interface. */
import { all, button } from "./dom.js";
import { PREFIX } from "./store.js";
import { t } from "./i18n.js";

const VIEW_KEY = PREFIX + "view";
let trainer = null;

/** trainer.js and trainer.css, fetched once, when a trainer first needs them. */
function loadTrainer() {
  if (!trainer) {
    const css = new Promise((resolve) => {
      const style = document.createElement("link");
      style.rel = "stylesheet";
      style.href = new URL("./trainer.css", import.meta.url).href;
      style.onload = style.onerror = resolve;
      document.head.appendChild(style);
    });
    trainer = Promise.all([import("./trainer.js"), css]).then(([module]) => module);
    trainer.catch(() => { trainer = null; });
  }
  return trainer;
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
  all(document, ".cq-view-toggle").forEach((b) => b.setAttribute("aria-pressed", view === "trainer" ? "true" : "false"));
}

export function start() {
  const params = new URLSearchParams(window.location.search);
  const wanted = params.get("view");
  if (wanted === "trainer" || wanted === "learner") setView(wanted, true);
  else setView(storedView(), false);
  const header = document.querySelector(".md-header__inner");
  if (header && !header.querySelector(".cq-view-toggle")) {
    const toggle = button(t("view.trainer"), "md-header__button cq-view-toggle");
    toggle.setAttribute("aria-pressed", document.documentElement.getAttribute("data-cq-view") === "trainer" ? "true" : "false");
    toggle.title = t("view.trainer_title");
    toggle.addEventListener("click", () => {
      setView(document.documentElement.getAttribute("data-cq-view") === "trainer" ? "learner" : "trainer", true);
    });
    header.insertBefore(toggle, header.querySelector(".md-search"));
  }
  all(document, ".cq-quiz .cq-item").forEach((item) => {
    if (item.querySelector(".cq-poll-open")) return;
    const open = button(t("view.show_as_poll"), "md-button cq-poll-open");
    open.addEventListener("click", () => loadTrainer().then((kit) => kit.poll(item, open)));
    item.insertBefore(open, item.querySelector(".cq-fieldset"));
  });
  const article = document.querySelector("article.md-content__inner");
  if (article && /\/modules\/\d{2,3}-/.test(window.location.pathname) && !article.querySelector(".cq-present-open")) {
    const present = button(t("view.present"), "md-button cq-present-open");
    present.title = t("view.present_title");
    present.addEventListener("click", () => loadTrainer().then((kit) => kit.presentation({ fullscreen: true, opener: present })));
    const heading = article.querySelector("h1"); /* on notebook pages the h1 sits inside the notebook's wrapper */
    (heading ? heading.parentNode : article).insertBefore(present, heading || article.firstChild);
  }
  if (params.has("present") || params.has("presenter")) return loadTrainer().then((kit) => kit.openFromAddress());
  return undefined;
}

/* @feature {"name": "view", "when": null} */
