/* "Make this course available offline" on the home page (a [data-cq-offline] placeholder): shows
 * the download size, the progress and the result, and can remove the offline copy. The service
 * worker (sw.js) does the work; offline.js registers it. */
import { el, siteUrl } from "./dom.js";
import { worker } from "./offline.js";

function megabytes(bytes) {
  return (bytes / 1048576).toFixed(bytes < 10485760 ? 1 : 0) + " MB";
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
  const heading = el("h2", { id: "use-the-course-offline" }, "Use the course offline");
  const intro = el("p", { class: "cq-offline__intro" });
  const button = el("button", { type: "button", class: "md-button md-button--primary cq-offline__get" }, "Make this course available offline");
  const remove = el("button", { type: "button", class: "md-button cq-offline__remove", hidden: "" }, "Remove the offline copy");
  const label = el("label", { for: "cq-offline-progress", class: "cq-offline__label", hidden: "" }, "Download progress");
  const bar = el("progress", { id: "cq-offline-progress", class: "cq-offline__progress", max: "100", value: "0", hidden: "" });
  const status = el("p", { class: "cq-offline__status", role: "status", "aria-live": "polite" });
  box.append(heading, intro, button, remove, label, bar, status);
  if (!worker) {
    intro.textContent = "This browser cannot keep an offline copy of the course. Every page still works online.";
    button.hidden = true;
    return;
  }
  intro.textContent = "Keep every page, quiz and download of the course in this browser, so that it opens without a connection.";
  fetch(siteUrl("offline.json"), { cache: "no-cache" }).then((r) => (r.ok ? r.json() : null)).then((info) => {
    if (info && !button.hidden) intro.textContent += ` Download size: ${megabytes(info.bytes)} (${info.files} files).`;
  }).catch(() => { /* offline: the worker reports the size */ });

  const show = (data) => {
    if (data.type === "cq-offline-status") {
      if (data.complete) {
        status.textContent = `The course is available offline in this browser (${megabytes(data.bytes)}).`;
        button.hidden = true;
        remove.hidden = false;
      } else if (!intro.textContent.includes("Download size")) {
        intro.textContent += ` Download size: ${megabytes(data.bytes)} (${data.files} files).`;
      }
    } else if (data.type === "cq-offline-progress") {
      const percent = Math.round((100 * data.bytes) / Math.max(1, data.totalBytes));
      bar.hidden = label.hidden = false;
      bar.value = percent;
      bar.setAttribute("aria-valuetext", `${percent}%: ${megabytes(data.bytes)} of ${megabytes(data.totalBytes)}`);
      if (data.done === data.total || percent % 25 === 0) status.textContent = `Downloading: ${percent}% (${megabytes(data.bytes)} of ${megabytes(data.totalBytes)}).`;
    } else if (data.type === "cq-offline-ready") {
      bar.value = 100;
      status.textContent = `Done: the course is available offline in this browser (${megabytes(data.bytes)}).`;
      button.hidden = true;
      button.disabled = false;
      remove.hidden = false;
    } else if (data.type === "cq-offline-failed") {
      status.textContent = `The download stopped: ${data.message}. Check your connection and try again.`;
      button.disabled = false;
    } else if (data.type === "cq-offline-removed") {
      status.textContent = "The offline copy is removed. The course works online as before.";
      button.hidden = false;
      remove.hidden = true;
      bar.hidden = label.hidden = true;
    }
  };
  worker.addEventListener("message", (event) => show(event.data || {}));
  button.addEventListener("click", () => {
    button.disabled = true;
    status.textContent = "Starting the download…";
    ask({ type: "cq-offline-download" });
  });
  remove.addEventListener("click", () => ask({ type: "cq-offline-remove" }));
  ask({ type: "cq-offline-status" });
}

export function start() {
  document.querySelectorAll("[data-cq-offline]").forEach(control);
}

/* @feature {"name": "offline control", "when": ["link[rel=\"manifest\"]", "[data-cq-offline]"]} */
