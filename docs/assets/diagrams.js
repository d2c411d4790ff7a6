/* Diagrams (SVG figures in a page) open full screen on tap or click: a dialog that fits the diagram
 * to the screen, with zoom in / zoom out / fit buttons (and + - 0 keys), scrolling to pan, pinch to
 * zoom on touch screens, and the diagram's text alternative under it. Esc or Close returns to the page. */
import { t } from "./i18n.js";

const SELECTOR = "article.md-content__inner img[src$='.svg']";
let dialog = null;

function textAlternative(img) {
  /* The course writes a long text alternative in the paragraph after the figure ("Text alternative: ..."). */
  let block = img.closest("p, figure") || img;
  for (let next = block.nextElementSibling, i = 0; next && i < 2; next = next.nextElementSibling, i += 1) {
    if ((next.textContent || "").trim().toLowerCase().startsWith(t("content.text_alternative").toLowerCase())) {
      const copy = next.cloneNode(true);
      copy.querySelectorAll(".cq-term__tip").forEach((tip) => tip.remove()); /* glossary pop-ups */
      return copy.textContent.replace(/\s+/g, " ").trim();
    }
  }
  return "";
}

function build() {
  const d = document.createElement("dialog");
  d.className = "cq-zoom";
  d.setAttribute("aria-labelledby", "cq-zoom-title");
  d.innerHTML =
    '<div class="cq-zoom__bar">' +
    '<h2 class="cq-zoom__title" id="cq-zoom-title"></h2>' +
    '<button type="button" class="cq-zoom__btn cq-zoom__out">−</button>' +
    '<button type="button" class="cq-zoom__btn cq-zoom__fit"></button>' +
    '<button type="button" class="cq-zoom__btn cq-zoom__in">+</button>' +
    '<button type="button" class="cq-zoom__btn cq-zoom__btn--primary cq-zoom__close"></button>' +
    "</div>" +
    '<div class="cq-zoom__stage" tabindex="0" role="region"><img class="cq-zoom__img" alt=""></div>' +
    '<div class="cq-zoom__alt" tabindex="0" role="region"></div>';
  d.querySelector(".cq-zoom__out").setAttribute("aria-label", t("diagram.zoom_out"));
  d.querySelector(".cq-zoom__fit").textContent = t("diagram.fit");
  d.querySelector(".cq-zoom__in").setAttribute("aria-label", t("diagram.zoom_in"));
  d.querySelector(".cq-zoom__close").textContent = t("diagram.close");
  d.querySelector(".cq-zoom__stage").setAttribute("aria-label", t("diagram.stage"));
  d.querySelector(".cq-zoom__alt").setAttribute("aria-label", t("content.text_alternative"));
  document.body.append(d);
  const stage = d.querySelector(".cq-zoom__stage");
  const img = d.querySelector(".cq-zoom__img");
  let scale = 1;
  const apply = () => {
    img.style.width = `${Math.round(scale * 100)}%`;
    d.querySelector(".cq-zoom__fit").setAttribute("aria-pressed", scale === 1 ? "true" : "false");
  };
  const zoom = (factor) => {
    scale = factor === 0 ? 1 : Math.min(6, Math.max(1, scale * factor));
    apply();
  };
  d.querySelector(".cq-zoom__in").addEventListener("click", () => zoom(1.5));
  d.querySelector(".cq-zoom__out").addEventListener("click", () => zoom(1 / 1.5));
  d.querySelector(".cq-zoom__fit").addEventListener("click", () => zoom(0));
  d.querySelector(".cq-zoom__close").addEventListener("click", () => d.close());
  d.addEventListener("keydown", (event) => {
    if (event.target.closest("button")) return;
    if (event.key === "+" || event.key === "=") zoom(1.5);
    else if (event.key === "-") zoom(1 / 1.5);
    else if (event.key === "0") zoom(0);
    else return;
    event.preventDefault();
  });
  d.addEventListener("click", (event) => { if (event.target === d) d.close(); }); /* the backdrop */
  d.addEventListener("close", () => {
    document.documentElement.classList.remove("cq-zoom-open");
    if (d.opener && d.opener.isConnected) d.opener.focus();
  });
  d.openWith = (source, opener) => {
    scale = 1;
    apply();
    img.src = source.currentSrc || source.src;
    img.alt = source.alt;
    d.querySelector(".cq-zoom__title").textContent = source.alt || t("diagram.diagram");
    const long = textAlternative(source);
    d.querySelector(".cq-zoom__alt").textContent = long || (source.alt ? t("diagram.text_alternative", { alt: source.alt }) : "");
    d.opener = opener;
    document.documentElement.classList.add("cq-zoom-open");
    d.showModal();
    stage.scrollTo(0, 0);
    d.querySelector(".cq-zoom__close").focus();
  };
  return d;
}

export function start() {
  document.querySelectorAll(SELECTOR).forEach((img) => {
    if (img.closest(".cq-zoom-open-button, a")) return;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "cq-zoom-open-button";
    button.setAttribute("aria-label", t("diagram.open", { alt: img.alt || t("diagram.diagram") }));
    img.replaceWith(button);
    button.append(img);
    const hint = document.createElement("span");
    hint.className = "cq-zoom-hint";
    hint.setAttribute("aria-hidden", "true");
    hint.textContent = t("diagram.tap");
    button.append(hint);
    button.addEventListener("click", () => {
      if (!dialog || !dialog.isConnected) dialog = build();
      dialog.openWith(img, button);
    });
  });
}

/* @feature {"name": "diagrams", "when": "article img[src$='.svg']", "adds": ".cq-zoom-hint, .cq-zoom", "slides": false, "bundle": false, "near": true} */
