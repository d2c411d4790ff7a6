/* The phone header: below 720 px the "Trainer view" toggle (and the colour-scheme switch) move
 * into a "More" menu, so the course title keeps the room it needs. The menu's "Trainer view" item
 * works the real toggle, which stays the single source of the view. */
import { t } from "./i18n.js";

const PHONE = window.matchMedia("(max-width: 44.984375em)");
const ICON = '<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><circle cx="12" cy="5" r="2"/><circle cx="12" cy="12" r="2"/><circle cx="12" cy="19" r="2"/></svg>';

function realToggle() {
  return document.querySelector(".md-header__inner > .cq-view-toggle");
}

function build(header) {
  const more = document.createElement("button");
  more.type = "button";
  more.className = "md-header__button cq-more";
  more.setAttribute("aria-label", t("header.more"));
  more.setAttribute("aria-expanded", "false");
  more.setAttribute("aria-controls", "cq-more-panel");
  more.innerHTML = ICON;
  const panel = document.createElement("div");
  panel.id = "cq-more-panel";
  panel.className = "cq-more__panel";
  panel.hidden = true;
  const trainer = document.createElement("button");
  trainer.type = "button";
  trainer.className = "cq-more__item cq-more__trainer";
  trainer.textContent = t("view.trainer");
  trainer.title = t("view.trainer_title");
  const slot = document.createElement("div");
  slot.className = "cq-more__palette";
  panel.append(trainer, slot);
  const sync = () => trainer.setAttribute("aria-pressed", document.documentElement.getAttribute("data-cq-view") === "trainer" ? "true" : "false");
  const close = (focus) => {
    panel.hidden = true;
    more.setAttribute("aria-expanded", "false");
    if (focus) more.focus();
  };
  more.addEventListener("click", () => {
    const opening = panel.hidden;
    panel.hidden = !opening;
    more.setAttribute("aria-expanded", opening ? "true" : "false");
    if (opening) { sync(); trainer.focus(); }
  });
  trainer.addEventListener("click", () => {
    const real = realToggle();
    if (real) {
      proxying = true; /* the real toggle's click must not close this menu */
      try {
        real.click();
      } finally {
        proxying = false;
      }
    } else {
      document.documentElement.setAttribute("data-cq-view", trainer.getAttribute("aria-pressed") === "true" ? "learner" : "trainer");
    }
    sync();
  });
  panel.addEventListener("keydown", (event) => { if (event.key === "Escape") close(true); });
  document.addEventListener("click", (event) => {
    if (proxying) return;
    if (!panel.hidden && !event.target.closest(".cq-more, .cq-more__panel")) close(false);
  });
  new MutationObserver(sync).observe(document.documentElement, { attributes: true, attributeFilter: ["data-cq-view"] });
  const search = header.querySelector(".md-search");
  header.insertBefore(more, search);
  header.insertBefore(panel, search);
  sync();
  return { more, panel, slot };
}

let parts = null;
let proxying = false;
let palette = null;
let paletteHome = null;

function place() {
  const header = document.querySelector(".md-header__inner");
  if (!header) return;
  if (!parts) parts = build(header);
  if (!palette) {
    palette = header.querySelector("form[data-md-component='palette']");
    if (palette) paletteHome = { parent: palette.parentNode, next: palette.nextSibling };
  }
  if (!palette) return;
  if (PHONE.matches && palette.parentNode !== parts.slot) parts.slot.append(palette);
  else if (!PHONE.matches && palette.parentNode === parts.slot && paletteHome) paletteHome.parent.insertBefore(palette, paletteHome.next);
}

export function start() {
  place();
}

PHONE.addEventListener("change", () => { try { place(); } catch (error) { console.error("course: the phone header failed", error); } });

/* @feature {"name": "phone header", "when": null} */
