/* The course data the learner pages need (assets/course-data.json, written at build time by
 * coursekit.learner), and each module's state read from this browser's storage. */
import { siteUrl } from "./dom.js";
import { PREFIX, firstCorrect, loadAnswer, readJson } from "./store.js";

export const READ_PREFIX = PREFIX + "read.";
export const WORK_PREFIX = PREFIX + "work.";
export const LAST_KEY = PREFIX + "last";

let cache = null;

/** {title, mastery, modules: [{slug, number, title, url, items, exercises: [{id, title}]}]} */
export function courseData() {
  if (!cache) {
    cache = fetch(siteUrl("assets/course-data.json")).then((r) => {
      if (!r.ok) throw new Error("course data: HTTP " + r.status);
      return r.json();
    });
    cache.catch(() => { cache = null; });
  }
  return cache;
}

export const validRead = (v) => typeof v === "boolean";
export const validWork = (v) => !!v && typeof v === "object" && typeof v.text === "string" && v.text.length <= 100000 && Number.isFinite(v.at);
export const validLast = (v) => !!v && typeof v === "object" && typeof v.path === "string" && /^\/(?![/\\])/.test(v.path) && v.path.length < 500 && typeof v.title === "string" && v.title.length < 300;

export function workKey(slug, exercise) {
  return `${WORK_PREFIX}${slug}.${exercise}`;
}

export function loadWork(slug, exercise) {
  const saved = readJson(workKey(slug, exercise), validWork);
  return saved ? saved.text : "";
}

/** A module's state: read, first-attempt score, mastered, exercises done. */
export function moduleState(module, mastery) {
  const total = module.items.length;
  let answered = 0;
  let right = 0;
  for (const id of module.items) {
    const saved = loadAnswer(id);
    if (!saved) continue;
    answered += 1;
    if (firstCorrect(saved)) right += 1;
  }
  const read = readJson(READ_PREFIX + module.slug, validRead) === true;
  const done = module.exercises.filter((e) => loadWork(module.slug, e.id).trim()).length;
  const percent = total ? Math.round((100 * right) / total) : 0;
  return {
    total, answered, right, percent, read,
    mastered: total ? answered === total && percent >= mastery : read,
    exercisesDone: done,
    exercisesTotal: module.exercises.length,
    started: answered > 0 || read || done > 0,
  };
}

/** The slug of the module whose page this is, or "". */
export function currentModule() {
  const match = /\/modules\/(\d{2,3}-[^/]+)\//.exec(window.location.pathname);
  return match ? match[1] : "";
}
