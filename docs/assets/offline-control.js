/* "Make this course available offline" on the home page (a [data-cq-offline] placeholder): shows
 * the download size, the progress and the result, and can remove the offline copy. The service
 * worker (sw.js) does the work; offline.js registers it. */
import { el, siteUrl } from "./dom.js";
import { worker } from "./offline.js";
import { formatNumber, t } from "./i18n.js";

function megabytes(bytes) {
  const value = bytes / 1048576;
  return t("offline.megabytes", { size: formatNumber(value, { maximumFractionDigits: value < 10 ? 1 : 0, minimumFractionDigits: value < 10 ? 1 : 0 }) });
}

function ask(message) {
  return worker.ready.then((registration) => {
    (registration.active || worker.controller).postMessage(message);
  });
}

function control(box) {
  if (box.getAttribute("data-cq-ready")) return;
  box.setAttribute("data-cq-ready", "1");
  box.replaceChildren();
  const heading = el("h2", { id: "use-the-course-offline" }, t("offline.heading"));
  const intro = el("p", { class: "cq-offline__intro" });
  const button = el("button", { type: "button", class: "md-button md-button--primary cq-offline__get" }, t("offline.get"));
  const remove = el("button", { type: "button", class: "md-button cq-offline__remove", hidden: "" }, t("offline.remove"));
  const label = el("label", { for: "cq-offline-progress", class: "cq-offline__label", hidden: "" }, t("offline.progress_label"));
  const bar = el("progress", { id: "cq-offline-progress", class: "cq-offline__progress", max: "100", value: "0", hidden: "" });
  const status = el("p", { class: "cq-offline__status", role: "status", "aria-live": "polite" });
  box.append(heading, intro, button, remove, label, bar, status);
  if (!worker) {
    intro.textContent = t("offline.unsupported");
    button.hidden = true;
    return;
  }
  intro.textContent = t("offline.intro");
  fetch(siteUrl("offline.json"), { cache: "no-cache" }).then((r) => (r.ok ? r.json() : null)).then((info) => {
    if (info && !button.hidden) intro.textContent += " " + t("offline.size", { size: megabytes(info.bytes), count: info.files });
  }).catch(() => { /* offline: the worker reports the size */ });

  const show = (data) => {
    if (data.type === "cq-offline-status") {
      if (data.complete) {
        status.textContent = t("offline.available", { size: megabytes(data.bytes) });
        button.hidden = true;
        remove.hidden = false;
      } else if (!intro.hasAttribute("data-cq-sized")) {
        intro.textContent += " " + t("offline.size", { size: megabytes(data.bytes), count: data.files });
        intro.setAttribute("data-cq-sized", "");
      }
    } else if (data.type === "cq-offline-progress") {
      const percent = Math.round((100 * data.bytes) / Math.max(1, data.totalBytes));
      bar.hidden = label.hidden = false;
      bar.value = percent;
      const numbers = { percent: formatNumber(percent / 100, { style: "percent" }), done: megabytes(data.bytes), total: megabytes(data.totalBytes) };
      bar.setAttribute("aria-valuetext", t("offline.progress_value", numbers));
      if (data.done === data.total || percent % 25 === 0) status.textContent = t("offline.downloading", numbers);
    } else if (data.type === "cq-offline-ready") {
      bar.value = 100;
      status.textContent = t("offline.done", { size: megabytes(data.bytes) });
      button.hidden = true;
      button.disabled = false;
      remove.hidden = false;
    } else if (data.type === "cq-offline-failed") {
      // A file the server refused is named in the page's language; any other error is the browser's own message.
      const message = data.file ? t("offline.file_failed", { file: data.file, status: data.status }) : data.message;
      status.textContent = t("offline.stopped", { message });
      button.disabled = false;
    } else if (data.type === "cq-offline-removed") {
      status.textContent = t("offline.removed");
      button.hidden = false;
      remove.hidden = true;
      bar.hidden = label.hidden = true;
    }
  };
  worker.addEventListener("message", (event) => show(event.data || {}));
  button.addEventListener("click", () => {
    button.disabled = true;
    status.textContent = t("offline.starting");
    ask({ type: "cq-offline-download" });
  });
  remove.addEventListener("click", () => ask({ type: "cq-offline-remove" }));
  ask({ type: "cq-offline-status" });
}

export function start() {
  document.querySelectorAll("[data-cq-offline]").forEach(control);
}

/* @feature {"name": "offline control", "when": ["link[rel=\"manifest\"]", "[data-cq-offline]"], "bundle": false} */
