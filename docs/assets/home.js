/* The home page's "my study" box: continue where you left off, and the review questions due. */
import { el, onSite, siteUrl, stylesheet } from "./dom.js";
import { continuePlace, courseData, validLast } from "./data.js";
import { LAST_KEY } from "./saved.js";
import { dueIds } from "./schedule.js";
import { readJson } from "./store.js";
import { t } from "./i18n.js";

export function start() {
  return stylesheet("learner.css").then(show);
}

function show() {
  const box = document.querySelector("[data-cq-my-study]");
  if (!box) return;
  const last = readJson(LAST_KEY, validLast);
  let resolved = null;
  const cont = box.querySelector("[data-cq-continue]");
  const href = last ? onSite(last.path) : null;
  if (href && cont) {
    cont.textContent = t("home.continue") + " ";
    const link = el("a", { href }, last.title);
    cont.appendChild(link);
    /* The module in this page's language, at its current address (renumbered since the visit). */
    if (/\/modules\/\d{2,3}-/.test(last.path)) {
      resolved = courseData().then((data) => {
        const place = continuePlace(last.path, data.modules);
        if (!place || !place.href) return;
        link.setAttribute("href", place.href);
        link.textContent = place.title;
      }).catch(() => {});
    }
  }
  const dueBox = box.querySelector("[data-cq-due]");
  if (dueBox) {
    const due = dueIds().length;
    const link = dueBox.querySelector("a") || el("a", { href: siteUrl("review/") });
    link.textContent = due ? t("home.due_link", { count: due }) : t("home.none_due_link");
    dueBox.textContent = "";
    dueBox.append(link, document.createTextNode(due ? t("home.due_after") : t("home.none_due_after")));
  }
  return resolved;
}

/* @feature {"name": "home", "when": "[data-cq-my-study]", "bundle": false} */
