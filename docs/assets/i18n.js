/* Interface strings in the page's language (<html lang>), from the one message catalogue
 * (src/coursekit/i18n/messages/<lang>.yml), which the build writes to assets/messages/<lang>.json
 * with English wherever a translation is missing. No module writes a sentence of its own:
 *   t("quiz.check")                      -> "Check answer" / "Comprobar la respuesta"
 *   t("review.due", {count: 3})          -> the plural form Intl.PluralRules picks for 3
 *   formatDate(date), formatNumber(n)    -> Intl, in the page's language
 * The messages load once per language (one small JSON, cached by the browser and the offline
 * copy); a module that imports this one waits for them, so t() is synchronous. In the built site,
 * the site's own language needs no request: the bundle (coursekit.outputs.bundle) carries the
 * messages its modules use, and each module outside it brings its own with provide(). */
import { siteUrl } from "./dom.js";

const SOURCE = "en";
const tables = new Map(); // language -> Promise of its messages
const loaded = new Map(); // language -> its messages, once they are here
/* The build writes here the site's language and the messages the bundled modules use. */
const EMBEDDED = { lang: "", messages: {} };

/** Add messages of language `code` that a module brings with it (written there by the build). */
export function provide(code, messages) {
  if (!loaded.has(code)) {
    loaded.set(code, {});
    if (!tables.has(code)) tables.set(code, Promise.resolve(loaded.get(code)));
  }
  Object.assign(loaded.get(code), messages);
}

if (EMBEDDED.lang) provide(EMBEDDED.lang, EMBEDDED.messages);

/** The page's language code ("es" for <html lang="es-ES">). */
export function lang() {
  const page = typeof document === "undefined" ? "" : document.documentElement.lang; /* no page: a worksheet's calculation under Node */
  return (page || SOURCE).split(/[-_]/)[0].toLowerCase() || SOURCE;
}

/** The locale Intl formats with: English is written as the EU writes it (7 December 2026). */
export function locale(code = lang()) {
  return code === "en" ? "en-GB" : code;
}

function fetchMessages(code) {
  /* No page (a worksheet's calculation under Node): the messages a caller put in globalThis.courseMessages. */
  if (typeof document === "undefined") return Promise.resolve((globalThis.courseMessages || {})[code] || {});
  return fetch(siteUrl(`assets/messages/${code}.json`)).then((r) => {
    if (!r.ok) throw new Error(`messages ${code}: HTTP ${r.status}`);
    return r.json();
  });
}

/** Load the messages of the page's language (course.js calls it on every page view). */
export function ready(code = lang()) {
  if (!tables.has(code)) {
    const promise = fetchMessages(code)
      .catch((error) => {
        console.error("course: interface strings", error);
        return code === SOURCE ? {} : ready(SOURCE);
      })
      .then((table) => { loaded.set(code, table); return table; });
    tables.set(code, promise);
  }
  return tables.get(code);
}

await ready();

/** The plural form ("one", "other", ...) of the page's language for count. */
export function plural(count, code = lang()) {
  return new Intl.PluralRules(locale(code)).select(count);
}

/** The message `key` with its {variables} filled in; a message with plural forms picks one by vars.count. */
function current(code = lang()) {
  return loaded.get(code) || loaded.get(SOURCE) || loaded.values().next().value || {};
}

export function t(key, vars = {}) {
  const code = lang();
  let message = current(code)[key];
  if (message === undefined) {
    console.error(`course: no message "${key}"`);
    return key;
  }
  if (typeof message === "object") message = message[plural(Number(vars.count), code)] ?? message.other;
  return message.replace(/\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

/** A date as the page's language writes it ("7 de diciembre de 2026"); options as Intl.DateTimeFormat's. */
export function formatDate(date, options = { day: "numeric", month: "long", year: "numeric" }) {
  return new Intl.DateTimeFormat(locale(), options).format(date);
}

/** A number as the page's language writes it (12,345.5 / 12.345,5); options as Intl.NumberFormat's. */
export function formatNumber(value, options = {}) {
  return new Intl.NumberFormat(locale(), options).format(value);
}

/** "A, B and C" as the page's language joins a list. */
export function formatList(items) {
  return new Intl.ListFormat(locale(), { type: "conjunction" }).format(items);
}

/* A content keyword ("content.sources": "Fuentes") in the page's language and, on a translated page
 * (which may still hold English content), in English too. */
function keywords(key) {
  const table = current();
  return [table[key], table[key + "@en"]].filter((word) => typeof word === "string" && word).map((word) => word.toLowerCase());
}

/** Does `text` start with the content keyword `key` ("Text alternative: ...")? */
export function startsWithKeyword(text, key) {
  const start = String(text || "").trim().toLowerCase();
  return keywords(key).some((word) => start.startsWith(word));
}

/** Is `text` exactly the content keyword `key` (a "Sources" heading)? */
export function isKeyword(text, key) {
  const found = String(text || "").trim().toLowerCase();
  return keywords(key).includes(found);
}
