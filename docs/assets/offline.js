/* The offline copy: registers the service worker (sw.js, written by the build) and says "A new
 * version is available" when a newer deploy is ready to replace the offline copy. The loader
 * (course.js) starts it on pages that link the web manifest, which the build adds only when the
 * site has an offline copy (never in an LMS package). The "Make this course available offline"
 * control is offline-control.js, loaded only where a page has a [data-cq-offline] placeholder. */

import { el, siteUrl } from "./dom.js";
import { t } from "./i18n.js";

export const worker = "serviceWorker" in navigator ? navigator.serviceWorker : null;

/* ---------- "A new version is available" ---------- */

function offerUpdate(registration) {
  if (document.querySelector(".cq-update")) return;
  const bar = el("div", { class: "cq-update", role: "region", "aria-label": t("offline.update_region") });
  const text = el("p", { class: "cq-update__text", role: "status" });
  const button = el("button", { type: "button", class: "md-button md-button--primary cq-update__button" }, t("offline.update_now"));
  bar.append(text, button);
  document.body.append(bar);
  /* Filled in after insertion, so that screen readers announce it. */
  window.requestAnimationFrame(() => {
    text.textContent = t("offline.new_version");
  });
  button.addEventListener("click", () => {
    const waiting = registration.waiting;
    button.disabled = true;
    text.textContent = t("offline.updating");
    if (waiting) waiting.postMessage({ type: "cq-offline-update" });
    else window.location.reload();
  });
}

function watchForUpdates(registration) {
  const check = () => {
    if (registration.waiting && worker.controller) offerUpdate(registration);
  };
  check();
  registration.addEventListener("updatefound", () => {
    const next = registration.installing;
    if (!next) return;
    next.addEventListener("statechange", check);
  });
  let reloading = false;
  worker.addEventListener("controllerchange", () => {
    /* Only an update the learner asked for switches pages; a first install never reloads. */
    if (reloading || !document.querySelector(".cq-update")) return;
    reloading = true;
    window.location.reload();
  });
}

let registered = null;

/* Registered once per page load; instant navigation never reloads the page, so each later page
 * view looks for a new deploy. */
export function start() {
  if (!worker) return;
  if (registered) {
    registered.then((registration) => registration && registration.update()).catch(() => {});
    return;
  }
  registered = worker.register(siteUrl("sw.js"), { scope: new URL(siteUrl("./")).pathname, updateViaCache: "none" })
    .then((registration) => {
      watchForUpdates(registration);
      return registration;
    })
    .catch(() => null); /* no worker (file://, blocked): the course works online as before */
}

/* @feature {"name": "offline copy", "when": "link[rel=\"manifest\"]"} */
