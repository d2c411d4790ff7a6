/* A way in: the home page's "Start the course" button becomes "Continue: <module>" once the
 * learner has opened a module page; every module page records itself as the place to come back to
 * (in this browser only, under the course's storage prefix; nothing is sent anywhere). */
import { t } from "./i18n.js";
import { PREFIX } from "./prefix.js";

const KEY = `${PREFIX}last`;
const MODULE = /\/modules\/(\d{2,3})-[^/]+\/$/;

function remember() {
  const match = MODULE.exec(window.location.pathname);
  const heading = document.querySelector("article h1");
  if (!match || !heading) return;
  const title = heading.textContent.replace(/¶$/, "").trim();
  try {
    window.localStorage.setItem(KEY, JSON.stringify({ v: 1, path: window.location.pathname, title }));
  } catch (e) { /* storage blocked: the button stays "Start the course" */ }
}

function last() {
  try {
    const value = JSON.parse(window.localStorage.getItem(KEY) || "null");
    if (value && typeof value.path === "string" && typeof value.title === "string" && MODULE.test(value.path)) {
      const url = new URL(value.path, window.location.href);
      if (url.origin === window.location.origin) return { url: url.href, title: value.title };
    }
  } catch (e) { /* malformed: ignored */ }
  return null;
}

export function start() {
  remember();
  const button = document.querySelector("a.cq-start");
  const place = last();
  if (!button || !place || button.getAttribute("data-cq-continue")) return;
  button.setAttribute("data-cq-continue", "1");
  button.href = place.url;
  button.textContent = t("start.continue", { title: place.title });
  /* The module in this page's language, at its current address: a module read on the Spanish site
   * is continued on the French one in French (each language's course data has its own titles). */
  return import("./data.js")
    .then((data) => data.courseData().then((course) => data.continuePlace(new URL(place.url).pathname, course.modules)))
    .then((here) => {
      if (!here || !here.href) return;
      button.href = new URL(here.href, window.location.href).href;
      button.textContent = t("start.continue", { title: here.title });
    })
    .catch(() => {}); /* no course data: the saved address and title stay */
}

/* @feature {"name": "start button", "when": null} */
