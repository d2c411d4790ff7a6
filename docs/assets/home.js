/* The home page's "my study" box: continue where you left off, and the review questions due. */
import { el, onSite, siteUrl } from "./dom.js";
import { LAST_KEY, courseData, currentPath, validLast } from "./data.js";
import { dueIds } from "./schedule.js";
import { readJson } from "./store.js";

export function start() {
  const box = document.querySelector("[data-cq-my-study]");
  if (!box) return;
  const last = readJson(LAST_KEY, validLast);
  let resolved = null;
  const cont = box.querySelector("[data-cq-continue]");
  const href = last ? onSite(last.path) : null;
  if (href && cont) {
    cont.textContent = "Continue where you left off: ";
    const link = el("a", { href }, last.title);
    cont.appendChild(link);
    /* A module renumbered since the visit: point to its current address (on the course, as the stored one). */
    if (/\/modules\/\d{2,3}-/.test(last.path)) {
      resolved = courseData().then((data) => { link.setAttribute("href", onSite(currentPath(last.path, data.modules)) || href); }).catch(() => {});
    }
  }
  const dueBox = box.querySelector("[data-cq-due]");
  if (dueBox) {
    const due = dueIds().length;
    const link = dueBox.querySelector("a") || el("a", { href: siteUrl("review/") });
    link.textContent = due ? `${due} review question${due === 1 ? " is" : "s are"} due` : "No review questions are due";
    dueBox.textContent = "";
    dueBox.append(link, document.createTextNode(due ? ": a few minutes of practice now helps you remember." : " now. Questions you answer come back after 1, 3, 7 and 21 days."));
  }
  return resolved;
}

/* @feature {"name": "home", "when": "[data-cq-my-study]"} */
