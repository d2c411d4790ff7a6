/* Worksheets: starts every worksheet on the page (`/// worksheet | name` blocks). Each worksheet's
 * module (worksheet-<name>.js) and the stylesheet (worksheet.css) load only when the learner comes
 * within a screen of it (on a slow phone, a first visit does not pay for a tool further down the
 * page), or at once in a browser without IntersectionObserver. A worksheet that fails to start says
 * so in its own box; nothing else on the page stops. */
import { t } from "./i18n.js";
import { stylesheet } from "./dom.js";

function mount(block) {
  const name = block.getAttribute("data-cq-worksheet");
  if (!/^[a-z0-9-]+$/.test(name) || block.hasAttribute("data-cq-started")) return;
  stylesheet("worksheet.css");
  block.setAttribute("data-cq-started", "");
  Promise.all([import(new URL("worksheet-" + name + ".js", import.meta.url).href), import("./worksheet-kit.js")])
    .then(([module, kit]) => {
      module.mount(block);
      kit.followOtherTabs(block, module.mount); /* another tab's save shows here too */
    })
    .catch((error) => {
      block.removeAttribute("data-cq-started");
      const note = block.querySelector("[data-cq-worksheet-fallback]");
      if (note) note.textContent = t("worksheet.failed");
      console.warn("worksheet " + name + ":", error); /* eslint-disable-line no-console */
    });
}

let watcher = null;

export function start() {
  const blocks = document.querySelectorAll("[data-cq-worksheet]:not([data-cq-started])");
  if (!blocks.length) return;
  if (!("IntersectionObserver" in window)) {
    blocks.forEach(mount);
    return;
  }
  if (!watcher) {
    watcher = new IntersectionObserver((entries) => {
      entries.filter((entry) => entry.isIntersecting).forEach((entry) => {
        watcher.unobserve(entry.target);
        mount(entry.target);
      });
    }, { rootMargin: "100% 0px" });
  }
  watcher.disconnect(); /* a new page (instant navigation): watch only its worksheets */
  blocks.forEach((block) => watcher.observe(block));
}

/* @feature {"name": "worksheets", "when": "[data-cq-worksheet]", "bundle": false, "near": true} */
