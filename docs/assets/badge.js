/* Across the site: the number of review questions due on the navigation's Review link, and
 * check marks on mastered modules in the navigation and the course map. */
import { el } from "./dom.js";
import { t } from "./i18n.js";
import { QUIZ_PREFIX, keys } from "./store.js";
import { FIRST_PREFIX, READ_PREFIX, REVIEW_PREFIX } from "./saved.js";

/* The course data and the learner's state (data.js, schedule.js) load only when something is saved
 * that could show: a first visit does not fetch them. */
const saved = (...prefixes) => prefixes.some((prefix) => keys(prefix).length > 0);

function mark(node, label) {
  if (node.querySelector(".cq-done")) return;
  const done = el("span", { class: "cq-done" });
  done.appendChild(el("span", { "aria-hidden": "true" }, " ✓"));
  done.appendChild(el("span", { class: "cq-sr" }, ` (${label})`));
  node.appendChild(done);
}

/* A navigation link to the page at `url` (not a link to a heading on it, as in the table of contents). */
function sameTarget(link, url) {
  if (link.closest(".md-nav--secondary") || link.getAttribute("href").includes("#")) return false;
  try { return new URL(link.href, window.location.href).pathname === new URL(url).pathname; } catch (e) { return false; }
}

async function reviewBadge() {
  const due = saved(REVIEW_PREFIX) ? (await import("./schedule.js")).dueIds().length : 0;
  document.querySelectorAll(".cq-badge").forEach((b) => b.remove());
  const reviewUrl = new URL("review/", window.__md_scope ? window.__md_scope.href : new URL("/", window.location.href)).href;
  document.querySelectorAll(".md-nav__link, .md-tabs__link").forEach((link) => {
    if (!due || !link.href || !sameTarget(link, reviewUrl)) return;
    const badge = el("span", { class: "cq-badge" }, String(due));
    badge.appendChild(el("span", { class: "cq-sr" }, " " + t("badge.due", { count: due })));
    (link.querySelector(".md-ellipsis") || link).appendChild(badge);
  });
}

let listening = false;

export async function start() {
  if (!listening) {
    listening = true;
    document.addEventListener("cq-review-changed", () => reviewBadge().catch((error) => console.error("course: review badge", error)));
  }
  await reviewBadge();
  /* A module is mastered by its answers, or by reading it if it has no quiz: with none of them
   * saved (a first visit), there is nothing to mark. */
  if (!saved(QUIZ_PREFIX, FIRST_PREFIX, READ_PREFIX)) return;
  const { courseData, moduleState } = await import("./data.js");
  await courseData().then((data) => {
    const base = window.__md_scope ? window.__md_scope.href : new URL("/", window.location.href).href;
    for (const module of data.modules) {
      const state = moduleState(module, data.mastery);
      if (!state.mastered) continue;
      const url = new URL(module.url, base).href;
      /* Not the tabs: the "Modules" tab links to module 0 but stands for every module. */
      document.querySelectorAll(".md-nav__link").forEach((link) => {
        if (link.href && sameTarget(link, url) && !link.closest(".md-nav__item--section > .md-nav__link, .md-tabs")) mark(link.querySelector(".md-ellipsis") || link, t("badge.mastered"));
      });
      document.querySelectorAll(`.cq-course-map tr[data-cq-module="${module.slug}"] th`).forEach((cell) => mark(cell, t("badge.mastered")));
    }
  });
}

/* @feature {"name": "badges", "when": null, "adds": ".cq-done, .cq-badge", "slides": false} */
