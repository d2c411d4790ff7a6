/* Strategic Internationalisation for Clusters: small DOM helpers and the overlay stack shared by
 * the presentation, the presenter window and polls. */

export function all(root, selector) {
  return Array.prototype.slice.call(root.querySelectorAll(selector));
}

export function el(tag, attrs, text) {
  const node = document.createElement(tag);
  Object.keys(attrs || {}).forEach((name) => node.setAttribute(name, attrs[name]));
  if (text !== undefined) node.textContent = text;
  return node;
}

export function button(label, className) {
  return el("button", { type: "button", class: className }, label);
}

export function textOf(node) {
  return (node && node.textContent ? node.textContent : "").replace(/¶/g, "").replace(/\s+/g, " ").trim();
}

const stack = [];

export function topOverlay() {
  return stack.length ? stack[stack.length - 1].node : null;
}

export function openOverlay(node, label, returnFocus) {
  node.setAttribute("role", "dialog");
  node.setAttribute("aria-modal", "true");
  node.setAttribute("aria-label", label);
  node.classList.add("cq-overlay");
  document.body.appendChild(node);
  document.documentElement.classList.add("cq-overlay-open");
  stack.push({ node, returnFocus });
}

export function closeOverlay(node) {
  const index = stack.findIndex((o) => o.node === node);
  if (index < 0) return;
  const entry = stack.splice(index, 1)[0];
  node.remove();
  if (!stack.length) document.documentElement.classList.remove("cq-overlay-open");
  if (entry.returnFocus && document.contains(entry.returnFocus)) entry.returnFocus.focus();
}

/* Keep Tab inside the topmost overlay. */
document.addEventListener("keydown", (event) => {
  const top = topOverlay();
  if (!top || event.key !== "Tab") return;
  const focusable = all(top, "button, input, textarea, a[href], [tabindex='0']").filter((n) => !n.disabled && n.offsetParent !== null);
  if (!focusable.length) return;
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  if (event.shiftKey && document.activeElement === first) { last.focus(); event.preventDefault(); }
  else if (!event.shiftKey && document.activeElement === last) { first.focus(); event.preventDefault(); }
});

/* trainer.css, added once; slides are measured only after it applies. */
export const stylesReady = new Promise((resolve) => {
  const href = new URL("./trainer.css", import.meta.url).href;
  const found = Array.prototype.find.call(document.querySelectorAll("link[rel=stylesheet]"), (l) => l.href === href);
  if (found && found.sheet) { resolve(); return; }
  const link = found || document.createElement("link");
  link.addEventListener("load", () => resolve());
  link.addEventListener("error", () => resolve());
  if (!found) {
    link.rel = "stylesheet";
    link.href = href;
    document.head.appendChild(link);
  }
});
