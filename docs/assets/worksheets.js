/* Worksheets: starts every worksheet on the page (`/// worksheet | name` blocks). Each worksheet's
 * module (worksheet-<name>.js) and the stylesheet (worksheet.css) load only on pages that have
 * one. A worksheet that fails to start says so in its own box; nothing else on the page stops. */

const STYLE = new URL("worksheet.css", import.meta.url).href;

function ensureStyle() {
  if (document.querySelector('link[data-cq-worksheet-style]')) return;
  const link = document.createElement("link");
  link.rel = "stylesheet";
  link.href = STYLE;
  link.setAttribute("data-cq-worksheet-style", "");
  document.head.appendChild(link);
}

function start() {
  const blocks = document.querySelectorAll("[data-cq-worksheet]:not([data-cq-started])");
  if (!blocks.length) return;
  ensureStyle();
  blocks.forEach((block) => {
    const name = block.getAttribute("data-cq-worksheet");
    if (!/^[a-z0-9-]+$/.test(name)) return;
    block.setAttribute("data-cq-started", "");
    import(new URL("worksheet-" + name + ".js", import.meta.url).href)
      .then((module) => module.mount(block))
      .catch((error) => {
        block.removeAttribute("data-cq-started");
        const note = block.querySelector("[data-cq-worksheet-fallback]");
        if (note) note.textContent = "The worksheet could not start in this browser. Use the notebook or the spreadsheet template instead.";
        console.warn("worksheet " + name + ":", error); /* eslint-disable-line no-console */
      });
  });
}

if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(start); /* Material's instant navigation: every page */
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", start);
} else {
  start();
}
