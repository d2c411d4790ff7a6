/* Glossary terms: every abbreviation that carries a definition (its first use in each section;
 * see coursekit.markdown_ext, which also makes it a focusable `abbr.cq-term`) shows it on hover,
 * on keyboard focus and on tap. The definition stays while the pointer is over it, Esc hides it
 * (WCAG 1.4.13), and screen readers hear it as the term's description: its title until the
 * definition box exists, then the box (aria-describedby). Tab reaches each term, and the glossary
 * page lists every term.
 *
 * Nothing is done to a term until the learner reaches it: a module page has a hundred of them, and
 * a box for each on load cost a phone more layout work than the rest of the page's scripts. */

const TERM = "article abbr.cq-term";
let counter = 0;
let open = null;
let leave = 0;
let wasOpen = false;

/* The term's definition box, made the first time it is needed. */
function tipOf(term) {
  const existing = term.getAttribute("aria-describedby");
  if (existing) return document.getElementById(existing);
  const definition = term.getAttribute("title");
  if (!definition) return null;
  counter += 1;
  const tip = document.createElement("span");
  tip.id = `cq-term-${counter}`;
  tip.className = "cq-term__tip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  tip.textContent = definition;
  term.after(tip);
  term.removeAttribute("title"); /* the browser's own tooltip would repeat it, and never shows on focus or tap */
  term.setAttribute("aria-describedby", tip.id);
  term.setAttribute("data-cq-open", "false");
  return tip;
}

function hide(term) {
  const tip = term && document.getElementById(term.getAttribute("aria-describedby"));
  if (tip) tip.hidden = true;
  if (term) term.setAttribute("data-cq-open", "false");
  if (open === term) open = null;
}

function show(term) {
  if (open && open !== term) hide(open);
  const tip = tipOf(term);
  if (!tip) return;
  tip.hidden = false;
  term.setAttribute("data-cq-open", "true");
  open = term;
  /* Keep the box on screen: open it above the term when there is no room below. */
  tip.classList.remove("cq-term__tip--up", "cq-term__tip--left");
  const box = tip.getBoundingClientRect();
  if (box.bottom > window.innerHeight && term.getBoundingClientRect().top > box.height + 8) tip.classList.add("cq-term__tip--up");
  if (box.right > document.documentElement.clientWidth - 4) tip.classList.add("cq-term__tip--left");
}

const termAt = (target) => (target instanceof Element ? target.closest(TERM) : null);
const tipAt = (target) => (target instanceof Element ? target.closest(".cq-term__tip") : null);
const ownerOf = (tip) => tip && document.querySelector(`${TERM}[aria-describedby="${tip.id}"]`);
const stay = () => window.clearTimeout(leave);
const later = (term) => {
  leave = window.setTimeout(() => { if (document.activeElement !== term) hide(term); }, 300);
};

/* One set of listeners on the document, for every term of every page (instant navigation too). */
function listen() {
  document.addEventListener("mouseover", (event) => {
    const term = termAt(event.target);
    if (term) { stay(); show(term); } else if (tipAt(event.target)) stay();
  });
  document.addEventListener("mouseout", (event) => {
    const term = termAt(event.target) || ownerOf(tipAt(event.target));
    if (term) later(term); /* cancelled if the pointer comes onto the term or its box within 300 ms */
  });
  document.addEventListener("focusin", (event) => { const term = termAt(event.target); if (term) show(term); });
  document.addEventListener("focusout", (event) => { const term = termAt(event.target); if (term) hide(term); });
  /* A tap toggles: it was open before this tap (not just opened by the tap's own focus or hover). */
  document.addEventListener("pointerdown", (event) => {
    const term = termAt(event.target);
    if (term) wasOpen = term.getAttribute("data-cq-open") === "true";
  });
  document.addEventListener("click", (event) => {
    const term = termAt(event.target);
    if (term) {
      event.preventDefault();
      if (wasOpen && event.pointerType !== "mouse") hide(term);
      else show(term);
      wasOpen = false;
    } else if (open && !tipAt(event.target)) {
      hide(open);
    }
  });
  document.addEventListener("keydown", (event) => {
    const term = termAt(event.target);
    if (term && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      if (term.getAttribute("data-cq-open") === "true") hide(term); else show(term);
    } else if (event.key === "Escape" && open) {
      hide(open);
    }
  });
}

let listening = false;
export function start() {
  open = null;
  if (!listening) {
    listening = true;
    listen();
  }
}

/* @feature {"name": "glossary terms", "when": "article abbr[title]"} */
