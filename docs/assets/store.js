/* The learner's data, kept in this browser's localStorage only; nothing is sent anywhere.
 * Every key starts with one prefix: the site's path followed by ".__", the convention Material
 * for MkDocs uses for its own settings ("/.__palette"). The course's keys are
 * "<site path>.__sic.<kind>.<id>" (see the editor guide). */
import { t } from "./i18n.js";

import { PREFIX as SITE_PREFIX } from "./prefix.js";

export const PREFIX = SITE_PREFIX;
export const QUIZ_PREFIX = PREFIX + "quiz.";

/** localStorage, or null when the browser blocks it (private mode, policy). Nothing is written to
 * find out: a full storage must still read (a probe write would fail and look like no storage). */
export function store() {
  try {
    return window.localStorage || null;
  } catch (e) {
    return null;
  }
}

/* A stored value that fails its reader's check is never removed: its text is copied to
 * "<prefix>aside.<kind>.<id>" as {key, raw, at} (the progress export carries it) and reported. */
export const ASIDE_PREFIX = PREFIX + "aside.";
const setAsideKeys = new Set();

function keepAside(key, raw) {
  setAsideKeys.add(key);
  if (!key.startsWith(ASIDE_PREFIX)) keepCopy(key, raw); /* a copy kept aside is not copied again */
}

/** Keep a copy of `raw`, a value stored under `key`, aside as {key, raw, at} (a version about to be
 * replaced, one that failed its check, or one a progress file set apart). Returns the key written,
 * "" when the same copy is kept already, or null when it could not be kept (storage full or blocked). */
export function keepCopy(key, raw) {
  const s = store();
  if (!s) return null;
  const name = ASIDE_PREFIX + key.slice(PREFIX.length);
  let earlier = null;
  try { earlier = s.getItem(name); } catch (e) { return null; }
  let same = false;
  try { same = earlier !== null && JSON.parse(earlier).raw === raw; } catch (e) { /* an earlier copy that is not ours: kept as it is */ }
  if (same) return "";
  let target = name;
  for (let n = 0; s.getItem(target) !== null; n += 1) target = `${name}.${Date.now()}-${n}`;
  return writeJson(target, { key, raw, at: Date.now() }) ? target : null;
}

/** Whether the value under `key` failed its check on this page (kept aside, not shown). */
export function setAside(key) {
  return setAsideKeys.has(key);
}

/** A stored JSON value that passes `valid`, else null. A value that fails the check is kept aside
 * and reported (see `setAside`), never removed. */
export function readJson(key, valid) {
  const s = store();
  if (!s) return null;
  let raw = null;
  try {
    raw = s.getItem(key);
  } catch (e) {
    return null;
  }
  if (raw === null) return null;
  try {
    const value = JSON.parse(raw);
    if (valid(value)) return value;
  } catch (e) { /* not JSON: kept aside below */ }
  keepAside(key, raw);
  return null;
}

let lastFailure = "";

/** Write a JSON value; false when it was not saved (see `notSaved` for why, in words). */
export function writeJson(key, value) {
  const s = store();
  if (!s) {
    lastFailure = "blocked";
    return false;
  }
  try {
    s.setItem(key, JSON.stringify(value));
    return true;
  } catch (e) {
    lastFailure = "full";
    return false;
  }
}

/** Why the last write failed, and what the learner can do, for the page to show next to it. */
export function notSaved() {
  return lastFailure === "full"
    ? t("store.full")
    : t("store.not_allowed");
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
