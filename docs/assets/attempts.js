/* The first-attempt record of each quiz question: what the learner chose the first time, whether it
 * was right and when. It is written once and never cleared by "Clear this quiz", so practising again
 * never changes the score; an imported record is marked as imported. Key: "<prefix>first.<item id>". */
import { readJson, writeJson } from "./store.js";
import { FIRST_PREFIX } from "./saved.js";

/** {chosen: [keys], correct, at: ms or null, imported?: true} */
export const validFirst = (v) => !!v && typeof v === "object" && Array.isArray(v.chosen) && v.chosen.every((k) => typeof k === "string") &&
  typeof v.correct === "boolean" && (v.at === null || Number.isFinite(v.at)) && (v.imported === undefined || v.imported === true);

export function loadFirst(id) {
  return readJson(FIRST_PREFIX + id, validFirst);
}

/** Keep the first attempt at a question (only the first: later calls change nothing). Returns the record. */
export function recordFirst(id, chosen, correct) {
  const kept = loadFirst(id);
  if (kept) return kept;
  const record = { chosen, correct, at: Date.now() };
  writeJson(FIRST_PREFIX + id, record);
  return record;
}

/** The first attempt at a question from its record, else from its saved answer (older data), else null. */
export function firstAttempt(id, saved) {
  const kept = loadFirst(id);
  if (kept) return kept;
  if (!saved) return null;
  const first = saved.first || saved;
  return { chosen: first.chosen, correct: first.correct, at: null };
}

/** An imported entry as it is kept: a first-attempt record is marked as imported. */
export function importedValue(name, value) {
  return name.startsWith("first.") && validFirst(value) ? Object.assign({}, value, { imported: true }) : value;
}

/** Imported first-attempt records made from an imported file's quiz answers where the file has no
 * record of its own (files exported before records existed): [key, record] pairs. */
export function derivedFirsts(entries, valid) {
  const out = [];
  Object.keys(entries).forEach((name) => {
    const quiz = /^quiz\.(.+)$/.exec(name);
    const saved = entries[name];
    if (!quiz || entries["first." + quiz[1]] || !valid(name, saved)) return;
    const first = saved.first && typeof saved.first === "object" ? saved.first : saved;
    out.push([FIRST_PREFIX + quiz[1], { chosen: Array.isArray(first.chosen) ? first.chosen : [], correct: first.correct === true, at: null, imported: true }]);
  });
  return out;
}
