/* Strategic Internationalisation for Clusters: a page into slides that fit.
 *
 * Slides are laid out on a fixed 1920 x 1000 canvas, which the presentation scales to the window.
 * The pagination is measured in the browser on that canvas (after the fonts are loaded), so every
 * window (shared screen, presenter window) cuts the same slides whatever its size.
 * A section (## heading) is cut at paragraphs, lists, tables, figures and blocks; a block that does
 * not fit alone is first set smaller (never below the readable minimum), then split (tables by rows,
 * with the header repeated; lists by items; paragraphs by sentences; code by lines).
 * Trainer notes, model answers (<details>) and anything marked `.no-slide` never reach a slide. */

import { all, el, stylesReady, textOf } from "./trainer-overlay.js";

export const CANVAS_WIDTH = 1920;
export const CANVAS_HEIGHT = 1000;

/* Page furniture and the learner's own widgets (added by other features, perhaps after the slides are cut). */
const LEARNER_UI = ".cq-worksheet, .cq-work, .cq-read, .cq-summary, .cq-done, .cq-badge, .cq-quiz__cleared, .cq-handout, .cq-zoom-hint, .cq-zoom";
const SKIP = ".md-content__button, .md-source-file, .cq-present-open, .cq-download, .headerlink, .anchor-link, script, style, .jp-Collapser, " + LEARNER_UI;
const REMOVE_IN_COPY = ".cq-trainer, .cq-scroll-hint, .no-slide, .cq-term__tip, details, .cq-answer, .cq-actions, .cq-poll-open, .cq-quiz__reset, .cq-status, .headerlink, .anchor-link, .cq-quiz__intro, .cq-quiz__score, script, style, " + LEARNER_UI;
const WRAPPERS = ".jupyter-wrapper, .jp-Notebook, .jp-MarkdownCell, .jp-Cell-inputWrapper, .jp-InputArea, .jp-RenderedMarkdown, .cq-print-module";
const PRIVATE = "[data-cq-no-present]";

/** True on pages that must never be shown to an audience (trainer notes with their run sheets,
 * the schedule, any page that is not a module's own page or notebook). */
export function isPrivatePage(article) {
  const path = window.location.pathname;
  return !!(article && article.querySelector(PRIVATE + ", .cq-schedule")) || /\/trainer-notes\/?$/.test(path) || !/\/modules\/\d{2,3}-/.test(path);
}

function headingTitle(node) {
  return textOf(node);
}

function cleanCopy(node) {
  const copy = node.cloneNode(true);
  /* A copied image may lay out before its data is decoded (an SVG in particular): give it the
   * original's size, so that the measured slide and the shown slide have the same height. */
  const originals = all(node, "img");
  all(copy, "img").forEach((img, i) => {
    const source = originals[i];
    if (source && source.naturalWidth && source.naturalHeight) {
      img.setAttribute("width", String(source.naturalWidth));
      img.setAttribute("height", String(source.naturalHeight));
    }
  });
  all(copy, REMOVE_IN_COPY).forEach((n) => n.remove());
  /* A diagram's "enlarge" button (diagrams.js) becomes its plain image on a slide. */
  all(copy, ".cq-zoom-open-button").forEach((b) => { const img = b.querySelector("img"); if (img) b.replaceWith(img); else b.remove(); });
  [copy].concat(all(copy, "[id]")).forEach((n) => { if (n.removeAttribute) n.removeAttribute("id"); });
  all(copy, "[aria-describedby], [aria-labelledby]").forEach((n) => { n.removeAttribute("aria-describedby"); n.removeAttribute("aria-labelledby"); });
  all(copy, "[tabindex]").forEach((n) => n.removeAttribute("tabindex"));
  /* A scroll box's keyboard name and cue (scrollcue.js) belong to the page, not to a slide that fits. */
  all(copy, "[data-cq-scrollcue]").forEach((n) => {
    if (n.getAttribute("data-cq-scrollcue") === "focus") { n.removeAttribute("role"); n.removeAttribute("aria-label"); }
    n.removeAttribute("data-cq-scrollcue");
    n.classList.remove("cq-scrolls", "cq-scrolls--left", "cq-scrolls--right");
  });
  all(copy, "input, select, textarea").forEach((input) => input.remove());
  all(copy, "a[href]").forEach((a) => a.setAttribute("tabindex", "-1"));
  return copy;
}

function idsIn(node) {
  const ids = node.id ? [node.id] : [];
  return ids.concat(all(node, "[id]").map((n) => n.id));
}

/* ---------- The page as sections of blocks ---------- */

/* A section: { title, id, blocks: [{ node | break | note | quiz }] }. */
function sections(article) {
  const out = [];
  let current = null;
  function start(title, id) {
    current = { title, id: id || "", items: [], anchors: id ? [id] : [] };
    out.push(current);
  }
  const h1 = article.querySelector("h1");
  start(headingTitle(h1) || document.title, h1 ? h1.id : "");
  function walk(parent) {
    Array.prototype.slice.call(parent.children).forEach((child) => {
      if (child.matches(SKIP)) return;
      if (child.matches(WRAPPERS)) { walk(child); return; }
      if (child.matches("h1")) return;
      if (child.matches("h2")) { start(headingTitle(child), child.id); return; }
      if (child.matches(".cq-slide-break")) { current.items.push({ kind: "break" }); return; }
      if (child.matches(".cq-trainer")) { current.items.push({ kind: "note", node: child }); return; }
      if (child.matches(".no-slide")) return;
      /* A diagram's long text alternative stays on the page and in the handout; the slide shows the diagram. */
      if (child.matches("p") && /^\s*Text alternative/i.test(child.textContent || "")) return;
      if (child.matches(".admonition") && /^Key points/.test(textOf(child.querySelector(".admonition-title")))) start("Key points", "");
      all(child, ".cq-trainer").forEach((note) => current.items.push({ kind: "note", node: note }));
      current.anchors = current.anchors.concat(idsIn(child));
      const items = all(child, ".cq-item");
      if (items.length) {
        items.forEach((item) => current.items.push({ kind: "quiz", node: item }));
        return;
      }
      if (!textOf(child) && !child.querySelector("img, svg, table")) return;
      current.items.push({ kind: "block", node: child, anchors: idsIn(child) });
    });
  }
  walk(article);
  return out;
}

/* ---------- Splitting a block into units ---------- */

const TITLE_PARTS = ".admonition-title, summary, caption, .cq-slide__keep";

function units(node) {
  if (node.matches("table")) {
    const rows = all(node, ":scope > tbody > tr, :scope > tr");
    return rows.length > 1 ? rows : null;
  }
  if (node.matches("ul, ol")) {
    const items = all(node, ":scope > li");
    if (node.matches("ol")) {
      const first = parseInt(node.getAttribute("start") || "1", 10);
      items.forEach((li, i) => { if (!li.hasAttribute("value")) li.setAttribute("value", String(first + i)); });
    }
    return items.length > 1 ? items : null;
  }
  if (node.matches("pre")) {
    const lines = node.textContent.replace(/\n$/, "").split("\n");
    return lines.length > 1 ? lines.map((line) => document.createTextNode(line + "\n")) : null;
  }
  if (node.matches("p, dd, li:not(:has(> ul, > ol, > p))")) {
    const parts = [];
    Array.prototype.slice.call(node.childNodes).forEach((child) => {
      if (child.nodeType === 3) {
        (child.textContent.match(/[^.!?;:]+[.!?;:]*\s*/g) || [child.textContent]).forEach((s) => parts.push(document.createTextNode(s)));
      } else parts.push(child);
    });
    return parts.length > 1 ? parts : null;
  }
  const children = Array.prototype.slice.call(node.children).filter((c) => !c.matches(TITLE_PARTS + ", thead"));
  return children.length ? children : null;
}

function build(node, parts) {
  const shell = node.cloneNode(false);
  if (node.matches("table")) {
    all(node, ":scope > caption, :scope > colgroup, :scope > thead").forEach((n) => shell.appendChild(n.cloneNode(true)));
    const body = el("tbody");
    parts.forEach((p) => body.appendChild(p.cloneNode(true)));
    shell.appendChild(body);
    return shell;
  }
  Array.prototype.slice.call(node.children).filter((c) => c.matches(TITLE_PARTS)).forEach((t) => shell.appendChild(t.cloneNode(true)));
  parts.forEach((p) => shell.appendChild(p.cloneNode(true)));
  return shell;
}

/* The largest leading part of `node` for which fits(part) holds, and the rest: [head, tail] or null. */
function fitPrefix(node, fits) {
  const parts = units(node);
  if (!parts) return null;
  let k = 0;
  while (k < parts.length - 1 && fits(build(node, parts.slice(0, k + 1)))) k += 1;
  if (k >= 1) return [build(node, parts.slice(0, k)), build(node, parts.slice(k))];
  if (parts[0].nodeType !== 1) return null;
  const inner = fitPrefix(parts[0], (head) => fits(build(node, [head])));
  if (!inner) return null;
  return [build(node, [inner[0]]), build(node, [inner[1]].concat(parts.slice(1)))];
}

/* ---------- Measuring on the canvas ---------- */

export function slideElement(title, nodes, extraClass) {
  const slide = el("div", { class: "cq-slide md-typeset" + (extraClass ? " " + extraClass : "") });
  slide.appendChild(el("h2", { class: "cq-slide__title" }, title));
  const body = el("div", { class: "cq-slide__body" });
  nodes.forEach((n) => body.appendChild(n.cloneNode(true)));
  slide.appendChild(body);
  return slide;
}

export function overflows(slide) {
  const body = slide.querySelector(".cq-slide__body");
  return body.scrollHeight > body.clientHeight + 1 || body.scrollWidth > body.clientWidth + 1;
}

function makeMeasurer() {
  const canvas = el("div", { class: "cq-canvas cq-canvas--measure", "aria-hidden": "true" });
  document.body.appendChild(canvas);
  return {
    fits(title, nodes, extraClass) {
      canvas.innerHTML = "";
      canvas.appendChild(slideElement(title, nodes, extraClass));
      return !overflows(canvas.firstChild);
    },
    done() { canvas.remove(); },
  };
}

const SHRINK_STEPS = ["cq-small", "cq-smaller"]; /* 26 px and 24 px on the canvas (the minimum) */

/* Whether a block fits a slide of its own, set as small as allowed. */
function fitsAlone(node, title, measure) {
  if (measure.fits(title, [node])) return true;
  if (!shrinkable(node)) return false;
  const copy = node.cloneNode(true);
  copy.classList.add(SHRINK_STEPS[SHRINK_STEPS.length - 1]);
  return measure.fits(title, [copy]);
}

function shrinkable(node) {
  return node.matches("table, pre, dl, .admonition, details, .highlight, div:has(> table), .jp-CodeCell, .jp-OutputArea, ul, ol");
}

/* ---------- Quiz and Sources slides ---------- */

const LETTERS = "ABCDEFGHIJ";

/* The options in the published order (data-cq-order), not the learner's own shuffled order. */
function orderedOptions(item) {
  const options = all(item, ".cq-option");
  const order = (item.getAttribute("data-cq-order") || "").split(/\s+/).filter(Boolean);
  const key = (o) => { const input = o.querySelector("input"); return input ? order.indexOf(input.value) : -1; };
  if (!order.length || options.some((o) => key(o) < 0)) return options;
  return options.slice().sort((a, b) => key(a) - key(b));
}

export function quizOptions(item) {
  const feedback = all(item, ".cq-answer .cq-fb");
  return orderedOptions(item).map((option, index) => {
    const text = textOf(option.querySelector(".cq-option__text"));
    const input = option.querySelector("input");
    const entry = (input && feedback.find((f) => f.getAttribute("data-cq-key") === input.value)) || null;
    return { letter: LETTERS.charAt(index), node: option.querySelector(".cq-option__text"), text, correct: !!entry && entry.classList.contains("cq-fb--correct"), feedback: entry };
  });
}

function quizNodes(item) {
  const stem = cleanCopy(item.querySelector(".cq-stem"));
  stem.className = "cq-slide__stem";
  const list = el("ol", { class: "cq-slide__options", type: "A" });
  quizOptions(item).forEach((o) => {
    const li = el("li", { class: "cq-slide__option" });
    li.appendChild(cleanCopy(o.node));
    if (o.correct) li.setAttribute("data-cq-correct", "");
    list.appendChild(li);
  });
  const nodes = [stem, list];
  if (item.getAttribute("data-cq-type") === "multiple") nodes.push(el("p", { class: "cq-slide__hint" }, "Select all that apply."));
  return nodes;
}

function shortSource(li) {
  const copy = li.cloneNode(true);
  all(copy, "a").forEach((a) => { if (/^(https?:|<)/.test(textOf(a)) || textOf(a) === a.getAttribute("href")) a.remove(); });
  let text = textOf(copy).replace(/https?:\S+/g, "").replace(/[\s:,;(–-]+$/, "").replace(/\s*:\s*(and\s*)?$/, "");
  if (text.length > 110) text = text.slice(0, 107).replace(/\s+\S*$/, "") + " …";
  return text;
}

/* ---------- Pagination ---------- */

/* Slides: [{ title, nodes, notes, anchors, kind, itemId }] */
export async function buildSlides(article) {
  await stylesReady;
  if (document.fonts && document.fonts.ready) await document.fonts.ready;
  /* Images are measured at their real size: wait until each has loaded (or failed). */
  await Promise.all(all(article, "img").map((img) => {
    img.loading = "eager";
    if (img.complete) return null;
    return new Promise((resolve) => {
      img.addEventListener("load", resolve, { once: true });
      img.addEventListener("error", resolve, { once: true });
    });
  }));
  const measure = makeMeasurer();
  const slides = [];
  try {
    sections(article).forEach((section) => paginate(section, measure, slides));
  } finally {
    measure.done();
  }
  return slides.filter((s) => s.nodes.length || s.notes.length);
}

function paginate(section, measure, slides) {
  if (/^sources$/i.test(section.title)) { sourcesSlide(section, measure, slides); return; }
  const pages = [];
  let page = null;
  function open() {
    page = { title: section.title, nodes: [], notes: [], anchors: section.anchors.slice(0, 1), kind: "content" };
    pages.push(page);
  }
  open();
  let pendingNotes = [];
  const queue = section.items.slice();
  function place(node, anchors) {
    page.nodes.push(node);
    page.anchors = page.anchors.concat(anchors || []);
    page.notes = page.notes.concat(pendingNotes);
    pendingNotes = [];
  }
  function continueOnNext(item, split) {
    place(split[0], item.anchors);
    open();
    queue.unshift({ kind: "block", node: item.node, copy: split[1], anchors: [] });
  }
  const quizzes = [];
  while (queue.length) {
    const item = queue.shift();
    if (item.kind === "break") { if (page.nodes.length) open(); continue; }
    if (item.kind === "note") { pendingNotes.push(item.node); continue; }
    if (item.kind === "quiz") { quizzes.push({ item: item.node, notes: pendingNotes }); pendingNotes = []; continue; }
    const node = item.copy || cleanCopy(item.node);
    if (!textOf(node) && !node.querySelector("img, svg, table")) continue;
    const tryNodes = page.nodes.concat([node]);
    if (measure.fits(page.title, tryNodes)) {
      place(node, item.anchors);
      continue;
    }
    if (page.nodes.length && !fitsAlone(node, page.title, measure)) {
      /* It will be split anyway: start it here, below what the slide already holds. */
      const split = fitPrefix(node, (head) => measure.fits(page.title, page.nodes.concat([head])));
      if (split) { continueOnNext(item, split); continue; }
    }
    if (page.nodes.length) {
      /* Keep a heading with what follows it. */
      const last = page.nodes[page.nodes.length - 1];
      const carry = /^H[3-6]$/.test(last.tagName) && page.nodes.length > 1 ? page.nodes.pop() : null;
      open();
      if (carry) page.nodes.push(carry);
      queue.unshift({ kind: "block", node: item.node, copy: node, anchors: item.anchors });
      continue;
    }
    /* Alone on a slide and still too big: set it smaller, down to the minimum. */
    let placed = false;
    if (shrinkable(node)) {
      for (const step of SHRINK_STEPS) {
        SHRINK_STEPS.forEach((s) => node.classList.remove(s));
        node.classList.add(step);
        if (measure.fits(page.title, [node])) { placed = true; break; }
      }
    }
    if (!placed) {
      const split = fitPrefix(node, (head) => measure.fits(page.title, [head]));
      if (split) { continueOnNext(item, split); continue; }
    }
    place(node, item.anchors); /* cannot be split further; the test suite reports such a slide */
    if (!placed) page.overflow = true;
    open();
  }
  if (pendingNotes.length) {
    const target = pages.filter((p) => p.nodes.length).pop() || page;
    target.notes = target.notes.concat(pendingNotes);
  }
  const filled = pages.filter((p) => p.nodes.length || p.notes.length);
  filled.forEach((p, i) => { if (filled.length > 1) p.title = section.title + " (" + (i + 1) + "/" + filled.length + ")"; });
  filled.forEach((p) => slides.push(p));
  quizzes.forEach((q, i) => {
    const id = q.item.getAttribute("data-cq-item") || "";
    const legend = textOf(q.item.querySelector(".cq-legend .cq-hint") ? q.item.querySelector(".cq-legend").firstChild : q.item.querySelector(".cq-legend"));
    const title = "Quiz: " + (legend || "question " + (i + 1)) + " of " + quizzes.length;
    const nodes = quizNodes(q.item);
    if (!measure.fits(title, nodes, "cq-slide--quiz")) nodes.forEach((n) => n.classList.add("cq-smaller"));
    const slide = { title, nodes, notes: q.notes, anchors: [q.item.id, "quiz:" + id], kind: "quiz", itemId: id };
    if (!measure.fits(title, nodes, "cq-slide--quiz")) slide.overflow = true;
    slides.push(slide);
  });
}

function sourcesSlide(section, measure, slides) {
  const items = [];
  const notes = [];
  section.items.forEach((item) => {
    if (item.kind === "note") notes.push(item.node);
    if (item.kind !== "block") return;
    const lis = all(item.node, "li");
    if (lis.length) lis.forEach((li) => items.push(shortSource(li)));
    else items.push(shortSource(item.node));
  });
  let shown = items.length;
  let nodes;
  for (;;) {
    const list = el("ul", { class: "cq-slide__sources" });
    items.slice(0, shown).forEach((t) => list.appendChild(el("li", {}, t)));
    nodes = [list];
    if (shown < items.length) nodes.push(el("p", {}, "… and " + (items.length - shown) + " more: see the Sources section of the module page."));
    if (shown <= 1 || measure.fits("Sources", nodes)) break;
    shown -= 1;
  }
  if (!items.length) nodes = [el("p", {}, "See the module page for the sources.")];
  slides.push({ title: "Sources", nodes, notes, anchors: [section.id], kind: "sources" });
}
