/* On module pages: remember where the learner is ("Continue where you left off") and whether
 * they reached the end of the page (read), with a button to mark it read by hand. */
import { button, el } from "./dom.js";
import { LAST_KEY, currentModule, readKey, validRead } from "./saved.js";
import { readJson, writeJson } from "./store.js";
import { t } from "./i18n.js";

let observer = null;

/* true: read (reached the end, or marked); false: the learner marked it not read, so reaching
 * the end again does not override them. */
function setRead(slug, read) {
  writeJson(readKey(slug), read);
}

export function start() {
  if (observer) { observer.disconnect(); observer = null; }
  const slug = currentModule();
  const article = document.querySelector("article.md-content__inner");
  if (!slug || !article) return;
  const heading = article.querySelector("h1");
  let title = document.title;
  if (heading) {
    const copy = heading.cloneNode(true);
    copy.querySelectorAll(".headerlink").forEach((a) => a.remove());
    title = copy.textContent.replace(/\s+/g, " ").trim();
  }
  writeJson(LAST_KEY, { path: window.location.pathname, title, at: Date.now() });
  if (article.querySelector(".cq-read")) return;
  const box = el("div", { class: "cq-read" });
  const toggle = button("", "md-button cq-read__toggle");
  const status = el("p", { class: "cq-read__status", role: "status" });
  const show = (announce) => {
    const read = readJson(readKey(slug), validRead) === true;
    toggle.textContent = read ? t("track.mark_unread") : t("track.mark_read");
    toggle.setAttribute("aria-pressed", read ? "true" : "false");
    if (announce) status.textContent = read ? t("track.marked_read") : t("track.marked_unread");
  };
  toggle.addEventListener("click", () => {
    setRead(slug, readJson(readKey(slug), validRead) !== true);
    show(true);
  });
  box.append(toggle, status);
  article.appendChild(box);
  show(false);
  /* Reaching the end of the page counts as read. */
  if ("IntersectionObserver" in window) {
    observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && readJson(readKey(slug), validRead) === null) {
        setRead(slug, true);
        show(false);
        observer.disconnect();
      }
    });
    observer.observe(box);
  }
}

/* @feature {"name": "reading", "when": null, "adds": ".cq-read", "slides": false, "prints": false} */
