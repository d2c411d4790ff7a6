/* Glossary terms: every abbreviation that carries a definition (its first use in each section;
 * see coursekit.markdown_ext) shows it on hover, on keyboard focus and on tap. The definition
 * stays while the pointer is over it, Esc hides it (WCAG 1.4.13), and screen readers hear it as
 * the term's description. Each term links to nothing: Tab reaches it, and the glossary page
 * lists every term. */

let counter = 0;
let open = null;

function hide(term) {
  const tip = term && document.getElementById(term.getAttribute("aria-describedby"));
  if (tip) tip.hidden = true;
  if (term) term.setAttribute("data-cq-open", "false");
  if (open === term) open = null;
}

function show(term) {
  if (open && open !== term) hide(open);
  const tip = document.getElementById(term.getAttribute("aria-describedby"));
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

function enhance(term) {
  const definition = term.getAttribute("title");
  if (!definition) return;
  counter += 1;
  const id = `cq-term-${counter}`;
  term.removeAttribute("title"); /* the browser's own tooltip would repeat it, and never shows on focus or tap */
  term.classList.add("cq-term");
  term.setAttribute("tabindex", "0");
  term.setAttribute("aria-describedby", id);
  term.setAttribute("data-cq-open", "false");
  const tip = document.createElement("span");
  tip.id = id;
  tip.className = "cq-term__tip";
  tip.setAttribute("role", "tooltip");
  tip.hidden = true;
  tip.textContent = definition;
  term.after(tip);
  let leave = 0;
  const stay = () => window.clearTimeout(leave);
  const later = () => { leave = window.setTimeout(() => { if (document.activeElement !== term) hide(term); }, 300); };
  term.addEventListener("mouseenter", () => { stay(); show(term); });
  term.addEventListener("mouseleave", later);
  tip.addEventListener("mouseenter", stay);
  tip.addEventListener("mouseleave", later);
  term.addEventListener("focus", () => show(term));
  term.addEventListener("blur", () => hide(term));
  /* A tap toggles: it was open before this tap (not just opened by the tap's own focus or hover). */
  let wasOpen = false;
  term.addEventListener("pointerdown", () => { wasOpen = term.getAttribute("data-cq-open") === "true"; });
  term.addEventListener("click", (event) => {
    event.preventDefault();
    if (wasOpen && event.pointerType !== "mouse") hide(term);
    else show(term);
    wasOpen = false;
  });
  term.addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      if (term.getAttribute("data-cq-open") === "true") hide(term); else show(term);
    }
  });
}

export function start() {
  document.querySelectorAll("article abbr[title]").forEach(enhance);
}

document.addEventListener("keydown", (event) => { if (event.key === "Escape" && open) hide(open); });
document.addEventListener("click", (event) => {
  if (open && !event.target.closest(".cq-term, .cq-term__tip")) hide(open);
});
