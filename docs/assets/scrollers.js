/* A region that scrolls sideways (a wide table, a notebook cell) must be reachable by keyboard
 * (WCAG 2.1.1): give it focus and a name while it overflows. */
import { all } from "./dom.js";

function focusableScrollers() {
  all(document, ".md-typeset__scrollwrap, .highlight-ipynb pre, .jp-RenderedText pre").forEach((el) => {
    const scrolls = el.scrollWidth > el.clientWidth + 1 && !el.querySelector("a, button, input, textarea, [tabindex]");
    if (scrolls && !el.hasAttribute("tabindex")) {
      el.setAttribute("tabindex", "0");
      el.setAttribute("role", "region");
      el.setAttribute("aria-label", el.querySelector("table") ? "Table (scrolls sideways)" : "Code (scrolls sideways)");
      el.setAttribute("data-cq-scroller", "");
    } else if (!scrolls && el.hasAttribute("data-cq-scroller")) {
      ["tabindex", "role", "aria-label", "data-cq-scroller"].forEach((a) => el.removeAttribute(a));
    }
  });
}

let timer = 0;
window.addEventListener("load", focusableScrollers);
window.addEventListener("resize", () => {
  window.clearTimeout(timer);
  timer = window.setTimeout(focusableScrollers, 200);
});

export function start() {
  focusableScrollers();
  window.setTimeout(focusableScrollers, 250); /* again once the layout has settled */
}
