/* Small DOM helpers shared by the course's modules. */
import { SITE_PATH } from "./prefix.js";

export function all(root, selector) {
  return Array.from(root.querySelectorAll(selector));
}

export function button(label, className) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = className;
  b.textContent = label;
  return b;
}

/** An element with attributes and optional text. */
export function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

/** A relative link to a page of the site, from the current page (works under any base path). */
export function siteUrl(path) {
  const scope = window.__md_scope ? window.__md_scope.href : new URL("/", window.location.href).href;
  return new URL(path, scope).href;
}

/** The address of `path` (from storage or an import), as a path from the site's root, when it stays on the course: the same
 * origin and under the course's base path, in any of its languages (a page saved on "/es/" is on the course seen from "/fr/"); else null. (URL() drops tabs and newlines, so
 * "/\t/evil.example" is checked as what the browser would open: "//evil.example".) */
export function onSite(path) {
  try {
    const base = new URL(siteUrl(""));
    const url = new URL(String(path), base);
    return url.origin === base.origin && url.pathname.startsWith(SITE_PATH) ? url.pathname + url.search + url.hash : null;
  } catch (e) {
    return null;
  }
}

/** One of the course's stylesheets (a file in assets/, next to this module), added to the page once
 * (again after an instant navigation that dropped it); settles when it applies or failed to load, so
 * a module that adds what it styles can wait for it. */
export function stylesheet(name) {
  let link = document.head.querySelector(`link[data-cq-style="${name}"]`);
  if (!link) {
    link = el("link", { rel: "stylesheet", href: new URL(name, import.meta.url).href, "data-cq-style": name });
    sheets.set(link, new Promise((done) => {
      link.addEventListener("load", done, { once: true });
      link.addEventListener("error", done, { once: true });
    }));
    document.head.appendChild(link);
  }
  return sheets.get(link) || Promise.resolve();
}

const sheets = new WeakMap();
