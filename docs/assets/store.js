/* The learner's data, kept in this browser's localStorage only; nothing is sent anywhere.
 * Every key starts with one prefix: the site's path followed by ".__", the convention Material
 * for MkDocs uses for its own settings ("/.__palette"). The course's keys are
 * "<site path>.__sic.<kind>.<id>" (see the editor guide). */

function sitePath() {
  let path = "/";
  try {
    if (window.__md_scope && window.__md_scope.pathname) path = window.__md_scope.pathname;
  } catch (e) { /* fall through */ }
  // One learner across languages (issue 19): a translated site is built into "<site>/es/" and says
  // so on <html data-cq-lang-dir="es/">; its keys use the site's path, as the English pages do.
  const dir = document.documentElement.dataset.cqLangDir;
  if (dir && path.endsWith("/" + dir)) path = path.slice(0, -dir.length);
  return path;
}

export const PREFIX = sitePath() + ".__sic.";
export const QUIZ_PREFIX = PREFIX + "quiz.";

/** localStorage, or null when the browser blocks it (private mode, policy). */
export function store() {
  try {
    const s = window.localStorage;
    s.setItem(PREFIX + "probe", "1");
    s.removeItem(PREFIX + "probe");
    return s;
  } catch (e) {
    return null;
  }
}

/** A stored JSON value that passes `valid`, else null (a malformed value is dropped, never fatal). */
export function readJson(key, valid) {
  const s = store();
  if (!s) return null;
  try {
    const raw = s.getItem(key);
    if (raw === null) return null;
    const value = JSON.parse(raw);
    if (!valid(value)) throw new Error("malformed");
    return value;
  } catch (e) {
    try { s.removeItem(key); } catch (e2) { /* ignore */ }
    return null;
  }
}

export function writeJson(key, value) {
  const s = store();
  if (!s) return false;
  try {
    s.setItem(key, JSON.stringify(value));
    return true;
  } catch (e) {
    return false; /* storage full */
  }
}

export function remove(key) {
  const s = store();
  if (!s) return;
  try { s.removeItem(key); } catch (e) { /* ignore */ }
}

/** Every key of ours that starts with `prefix`. */
export function keys(prefix) {
  const s = store();
  const out = [];
  if (!s) return out;
  for (let i = 0; i < s.length; i += 1) {
    const k = s.key(i);
    if (k && k.startsWith(prefix)) out.push(k);
  }
  return out;
}

function validAttempt(v) {
  return !!v && typeof v === "object" && Array.isArray(v.chosen) && v.chosen.every((k) => typeof k === "string") && typeof v.correct === "boolean";
}

/** A saved answer: {chosen, correct} (version 1), or version 2 with the first attempt too. */
export function validAnswer(v) {
  return validAttempt(v) && (v.first === undefined || v.first === null || validAttempt(v.first)) &&
    (v.wrong === undefined || (Number.isInteger(v.wrong) && v.wrong >= 0)) && (v.revealed === undefined || typeof v.revealed === "boolean");
}

/** Whether the first attempt was right (the score that counts). */
export function firstCorrect(saved) {
  return saved.first ? saved.first.correct : saved.correct;
}

/** A saved answer, or null. */
export function loadAnswer(id) {
  return readJson(QUIZ_PREFIX + id, validAnswer);
}

export function saveAnswer(id, answer) {
  writeJson(QUIZ_PREFIX + id, answer);
}

export function forgetAnswer(id) {
  remove(QUIZ_PREFIX + id);
}
