/* Wide tables and notebook outputs scroll inside their own box, never the page. While a box has
 * more to the right or left, it gets a fading edge and a "Scroll sideways →" hint, and it can take
 * keyboard focus (arrow keys scroll it) with a name that says what it is. */
import { t } from "./i18n.js";

const BOXES = ".md-typeset__scrollwrap, .jupyter-wrapper .jp-OutputArea-output, .jupyter-wrapper .jp-RenderedText pre, .jupyter-wrapper .highlight-ipynb pre, .cq-scroll";
const MARK = "data-cq-scrollcue";

function label(box) {
  if (box.querySelector("table")) return t("scroll.table");
  return box.closest(".jp-OutputArea") ? t("scroll.output") : t("scroll.code");
}

/* Reads first, for every box, then writes: one layout for the whole page instead of one per box. */
function measure(box) {
  const more = box.scrollWidth > box.clientWidth + 1;
  return {
    box,
    more,
    right: more && box.scrollLeft + box.clientWidth < box.scrollWidth - 1,
    left: more && box.scrollLeft > 1,
  };
}

function apply({ box, more, right, left }) {
  box.classList.toggle("cq-scrolls", more);
  box.classList.toggle("cq-scrolls--right", right);
  box.classList.toggle("cq-scrolls--left", left);
  let hint = box.previousElementSibling;
  if (!(hint && hint.classList.contains("cq-scroll-hint"))) hint = null;
  if (more && !hint) {
    hint = document.createElement("p");
    hint.className = "cq-scroll-hint";
    hint.setAttribute("aria-hidden", "true"); /* the box's own name says it scrolls */
    hint.textContent = t("scroll.hint");
    box.before(hint);
  } else if (!more && hint) {
    hint.remove();
  }
  /* Keyboard access, unless the box already has something focusable inside or a name from elsewhere. */
  const inner = box.querySelector("a, button, input, select, textarea, [tabindex]");
  const named = box.hasAttribute("aria-label") || box.hasAttribute("aria-labelledby");
  if (more && !inner && !named) {
    if (!box.hasAttribute("tabindex")) box.setAttribute("tabindex", "0"); /* nbconvert gives outputs tabindex="0", but no name */
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", label(box));
    box.setAttribute(MARK, "focus");
  } else if (!more && box.getAttribute(MARK) === "focus") {
    ["tabindex", "role", "aria-label"].forEach((a) => box.removeAttribute(a));
    box.setAttribute(MARK, "");
  }
}

function all() {
  const boxes = Array.from(document.querySelectorAll(BOXES));
  boxes.forEach((box) => {
    if (!box.hasAttribute(MARK)) {
      box.setAttribute(MARK, "");
      box.addEventListener("scroll", () => apply(measure(box)), { passive: true });
    }
  });
  boxes.map(measure).forEach(apply);
}

let observer = null;
export function start() {
  all();
  if (!observer && "ResizeObserver" in window) {
    let queued = false;
    observer = new ResizeObserver(() => {
      if (queued) return;
      queued = true;
      window.requestAnimationFrame(() => { queued = false; all(); });
    });
  }
  if (observer) {
    observer.disconnect();
    observer.observe(document.body);
    document.querySelectorAll(BOXES).forEach((box) => observer.observe(box));
  }
}

/* @feature {"name": "scroll cues", "when": "table, .jupyter-wrapper, .cq-scroll"} */
