/* The storage keys every page needs (no course data, no grading): the reading mark, the last
 * place, first attempts and reviews, and the page's module. The first load carries this module;
 * data.js, attempts.js and schedule.js, which read and write what these keys hold, load with the
 * features that use them (the quiz, the workbook, badges once something is saved). */
import { PREFIX } from "./store.js";

export const READ_PREFIX = PREFIX + "read.";
export const LAST_KEY = PREFIX + "last";
export const FIRST_PREFIX = PREFIX + "first.";
export const REVIEW_PREFIX = PREFIX + "review.";

export const validRead = (v) => typeof v === "boolean";

/* A module's saved reading mark and exercise answers are keyed by its name without the number
 * ("06-alliances" -> "alliances"), so renumbering the modules (a module split or inserted before
 * it) keeps them. Keys from earlier versions, with the number, are moved once: see
 * migrateModuleKeys in data.js. */
export function moduleKey(slug) {
  return String(slug).replace(/^\d{2,3}-/, "");
}

export function readKey(slug) {
  return READ_PREFIX + moduleKey(slug);
}

/** The slug of the module whose page this is, or "". */
export function currentModule() {
  const match = /\/modules\/(\d{2,3}-[^/]+)\//.exec(window.location.pathname);
  return match ? match[1] : "";
}
