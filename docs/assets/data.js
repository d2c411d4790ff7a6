/* The course data the learner pages need (assets/course-data.json, written at build time by
 * coursekit.learner), and each module's state read from this browser's storage. */
import { onSite, siteUrl } from "./dom.js";
import { isMastered, percentOf } from "./grading.js";
import { ASIDE_PREFIX, PREFIX, keys, loadAnswer, readJson, remove, store } from "./store.js";
import { firstAttempt } from "./attempts.js";
import { READ_PREFIX, moduleKey, readKey, validRead } from "./saved.js";

export const WORK_PREFIX = PREFIX + "work.";
export const WORKSHEET_PREFIX = PREFIX + "worksheet.";

let cache = null;

/** {title, mastery, modules: [{slug, number, title, url, items, exercises: [{id, title}], worksheets: [{name, title, url}]}]} */
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

export const validWork = (v) => !!v && typeof v === "object" && typeof v.text === "string" && Number.isFinite(v.at);
export const validLast = (v) => !!v && typeof v === "object" && typeof v.path === "string" && onSite(v.path) !== null && v.path.length < 500 && typeof v.title === "string" && v.title.length < 300;

/** The most rows a worksheet holds (loading a CSV keeps the first ones and says so; the progress export carries them all). */
export const MAX_WORKSHEET_ROWS = 2000;

/* A worksheet's saved state (worksheet-kit.js writes it): {v: 1, saved, settings, rows, summary}. */
export const validWorksheet = (v) => !!v && v.v === 1 && Array.isArray(v.rows) && !!v.settings && typeof v.settings === "object";

/** What the learner saved in a worksheet, for the workbook: {saved: Date or null, summary: [{label, value}]}, or null. */
export function loadWorksheet(name) {
  const saved = readJson(WORKSHEET_PREFIX + name, validWorksheet);
  if (!saved) return null;
  const when = typeof saved.saved === "string" ? new Date(saved.saved) : null;
  const summary = (Array.isArray(saved.summary) ? saved.summary : [])
    .filter((s) => !!s && typeof s.label === "string" && typeof s.value === "string")
    .slice(0, 50).map((s) => ({ label: s.label.slice(0, 200), value: s.value.slice(0, 2000) }));
  return { saved: when && Number.isFinite(when.getTime()) ? when : null, summary };
}

/* Module keys (the name without the number: moduleKey, readKey) are in saved.js; keys from earlier
 * versions, with the number, are moved once: see migrateModuleKeys at the end of this file. */

export function workKey(slug, exercise) {
  return `${WORK_PREFIX}${moduleKey(slug)}.${exercise}`;
}

export function loadWork(slug, exercise) {
  const saved = readJson(workKey(slug, exercise), validWork);
  return saved ? saved.text : "";
}

/** A module's state: read, first-attempt score, mastered (and when, and whether from an import), exercises done. */
export function moduleState(module, mastery) {
  const total = module.items.length;
  let answered = 0;
  let right = 0;
  let last = 0; /* when the last first answer was given (null: not known) */
  let imported = false;
  for (const id of module.items) {
    const first = firstAttempt(id, loadAnswer(id)); /* the first attempt counts, even after "Clear this quiz" */
    if (!first) continue;
    answered += 1;
    if (first.correct) right += 1;
    last = last === null || first.at === null ? null : Math.max(last, first.at);
    if (first.imported) imported = true;
  }
  const read = readJson(readKey(module.slug), validRead) === true;
  const done = module.exercises.filter((e) => loadWork(module.slug, e.id).trim()).length;
  const sheets = module.worksheets || [];
  const sheetsDone = sheets.filter((w) => loadWorksheet(w.name)).length;
  const percent = percentOf(right, total);
  return {
    total, answered, right, percent, read,
    mastered: total ? answered === total && isMastered(right, total, mastery) : read,
    masteredAt: total && answered === total && isMastered(right, total, mastery) && last ? new Date(last) : null,
    imported,
    exercisesDone: done,
    exercisesTotal: module.exercises.length,
    worksheetsDone: sheetsDone,
    worksheetsTotal: sheets.length,
    started: answered > 0 || read || done > 0 || sheetsDone > 0,
  };
}


/** Where "Continue" leads from this page: the saved module's page in this page's language, with
 * this language's title for it (each language's course data has its own titles), found by the
 * module's name, so that a module renumbered since the visit ("06-alliances" then, "07-alliances"
 * now) is still found. {href, title}, or null when the saved path names no module of the course. */
export function continuePlace(path, modules) {
  const match = /\/modules\/(\d{2,3}-[^/]+)\//.exec(path);
  if (!match) return null;
  const now = modules.find((m) => moduleKey(m.slug) === moduleKey(match[1]));
  return now ? { href: onSite(siteUrl(now.url)), title: now.title } : null;
}

const OLD_READ = /^read\.\d{2,3}-([a-z0-9-]{1,80})$/;
const OLD_WORK = /^work\.\d{2,3}-([a-z0-9-]{1,80})\.([a-z0-9_-]{1,120})$/;

/** Move reading marks and exercise answers saved under a numbered slug to the module's name.
 * Runs when this file is first loaded, before any of the functions above reads a key; it is
 * idempotent, and where both keys exist the newer answer (or the existing mark) is kept. */
export function migrateModuleKeys() {
  const s = store();
  if (!s) return 0;
  let moved = 0;
  for (const key of keys(PREFIX)) {
    const name = key.slice(PREFIX.length);
    const read = OLD_READ.exec(name);
    const work = OLD_WORK.exec(name);
    if (!read && !work) continue;
    const target = read ? READ_PREFIX + read[1] : `${WORK_PREFIX}${work[1]}.${work[2]}`;
    const valid = read ? validRead : validWork;
    const old = readJson(key, valid);
    if (old === null) continue; /* a value that fails its check stays where it is (readJson kept a copy aside) */
    const current = readJson(target, valid);
    const keepOld = current === null || (work && old.at > current.at);
    try {
      if (keepOld) s.setItem(target, JSON.stringify(old));
      else if (work && old.text !== current.text) s.setItem(ASIDE_PREFIX + name, JSON.stringify({ key, raw: JSON.stringify(old), at: Date.now() })); /* the older answer: kept aside, never deleted */
    } catch (e) {
      continue; /* storage full: leave the old key where it is */
    }
    remove(key);
    moved += 1;
  }
  return moved;
}

migrateModuleKeys();
