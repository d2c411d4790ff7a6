/* Moving devices: export everything the course keeps in this browser to a file, and import it
 * on another device. The export leaves nothing out: a stored entry that fails its check goes into
 * the file under `setAside`, and the page names it. The import checks every entry and skips what
 * it does not recognise, and keeps what the file sets apart aside; a bad file is reported and
 * never breaks the page. */
import { button, el } from "./dom.js";
import { MAX_WORKSHEET_ROWS, migrateModuleKeys, validLast, validWork } from "./data.js";
import { validRead } from "./saved.js";
import { validOrder } from "./order.js";
import { validReview } from "./schedule.js";
import { PREFIX, keepCopy, keys, validAnswer, writeJson } from "./store.js";
import { t } from "./i18n.js";
import { derivedFirsts, importedValue, validFirst } from "./attempts.js";

const FORMAT = "sic-learner-data";
const KINDS = [
  [/^quiz\.[a-z0-9-]{1,80}$/, validAnswer],
  [/^first\.[a-z0-9-]{1,80}$/, validFirst], /* first-attempt records (attempts.js) */
  [/^order\.[a-z0-9-]{1,80}$/, validOrder],
  [/^review\.[a-z0-9-]{1,80}$/, validReview],
  /* by module name; a file from an earlier version has the number too (moved on import) */
  [/^read\.(?:\d{2,3}-)?[a-z0-9-]{1,80}$/, validRead],
  [/^work\.(?:\d{2,3}-)?[a-z0-9-]{1,80}\.[a-z0-9_-]{1,120}$/, validWork],
  [/^last$/, validLast],
  [/^worksheet\.[a-z0-9-]{1,80}$/, validWorksheet], /* worksheets' rows and settings (worksheet-kit.js) */
  [/^aside\.[a-z0-9._-]{1,300}$/, (v) => !!v && typeof v === "object" && typeof v.key === "string" && typeof v.raw === "string"], /* values kept aside (store.js) */
  [/^certificate$/, (v) => !!v && typeof v === "object" && typeof v.name === "string" && v.name.length <= 200],
];
const MAX_BYTES = 5 * 1024 * 1024;
/* This browser's display settings (the trainer or learner view: course.js, view.js), not progress: not exported. */
const SETTINGS = /^view$/;

function validWorksheet(v) {
  const cell = (x) => typeof x === "string" || typeof x === "number";
  return !!v && v.v === 1 && !!v.settings && typeof v.settings === "object" && !Array.isArray(v.settings)
    && Array.isArray(v.rows) && v.rows.length <= MAX_WORKSHEET_ROWS
    && v.rows.every((r) => !!r && typeof r === "object" && !Array.isArray(r) && Object.values(r).every(cell));
}

function validEntry(name, value) {
  const kind = KINDS.find(([pattern]) => pattern.test(name));
  try { return !!kind && kind[1](value); } catch (e) { return false; }
}

/** Everything the course keeps in this browser: `entries` that pass their check, and under
 * `setAside` the stored text of every other key of ours (corrupted, from an earlier version, or
 * failing a check), never left out; an import reads `entries` only. */
export function exportData() {
  const entries = {};
  const setAside = {};
  for (const key of keys(PREFIX)) {
    const name = key.slice(PREFIX.length);
    if (SETTINGS.test(name)) continue;
    let raw = null;
    try { raw = window.localStorage.getItem(key); } catch (e) { continue; }
    if (raw === null) continue;
    let value;
    try { value = JSON.parse(raw); } catch (e) { value = undefined; }
    if (value !== undefined && validEntry(name, value)) entries[name] = value;
    else setAside[name] = raw;
  }
  const data = { format: FORMAT, version: 1, exported: new Date().toISOString(), entries };
  if (Object.keys(setAside).length) data.setAside = setAside;
  return data;
}

const NAMES_SHOWN = 20;

/* What an export holds, in words: how many entries, and the names of those set apart. */
function exportSummary(data) {
  const parts = [t("transfer.exported", { count: Object.keys(data.entries).length })];
  const apart = Object.keys(data.setAside || {}).sort();
  if (apart.length) {
    const shown = apart.slice(0, NAMES_SHOWN);
    if (apart.length > shown.length) shown.push(t("transfer.and_more", { count: apart.length - shown.length }));
    parts.push(t("transfer.set_apart", { count: apart.length, names: shown.join(", ") }));
  }
  return parts.join(" ");
}

const MAX_ENTRIES = 5000; /* a course has a few hundred entries (this one about 600); more is not a progress file of ours */

/* When an entry was written: work answers and the last page carry `at`, worksheets `saved`, review
 * states their next `due` date; quiz answers and reading marks carry no time (null). */
function when(value) {
  if (!value || typeof value !== "object") return null;
  if (Number.isFinite(value.at)) return value.at;
  if (typeof value.saved === "string" && Number.isFinite(Date.parse(value.saved))) return Date.parse(value.saved);
  return Number.isFinite(value.due) ? value.due : null;
}

function current(key) {
  try { return window.localStorage.getItem(key); } catch (e) { return null; }
}

/** What importing parsed file content would do, entry by entry, merged by time (nothing written):
 * {writes: [[key, value]], newer: [[key, value]] (this browser's entry is newer), unchanged, skipped,
 * over (entries past the limit, left out)}; throws an Error with a message for a file that is not ours. */
export function planImport(parsed) {
  if (!parsed || typeof parsed !== "object" || parsed.format !== FORMAT || parsed.version !== 1 || !parsed.entries || typeof parsed.entries !== "object" || Array.isArray(parsed.entries)) {
    throw new Error(t("transfer.not_ours"));
  }
  const plan = { writes: [], newer: [], derived: [], unchanged: 0, skipped: 0, over: 0 };
  const all = Object.entries(parsed.entries);
  plan.over = Math.max(0, all.length - MAX_ENTRIES);
  const kept = all.slice(0, MAX_ENTRIES);
  for (const [name, value] of kept) {
    if (!validEntry(name, value)) { plan.skipped += 1; continue; }
    const key = PREFIX + name;
    const raw = current(key);
    if (raw === JSON.stringify(value)) { plan.unchanged += 1; continue; }
    let here = null;
    try { here = raw === null ? null : JSON.parse(raw); } catch (e) { here = null; }
    const mine = when(here);
    const theirs = when(value);
    (mine !== null && theirs !== null && mine > theirs ? plan.newer : plan.writes).push([key, importedValue(name, value)]);
  }
  /* Scores that came from a file say so on the certificate: records made from the entries kept
   * (within the limit), written with them but not counted as entries of the file. */
  plan.derived = derivedFirsts(Object.fromEntries(kept), validEntry);
  /* What the file sets apart (entries that failed a check where it was exported) is never read as
   * progress: each is kept aside here too (store.js), so that it is not lost on the way. */
  const apart = parsed.setAside && typeof parsed.setAside === "object" && !Array.isArray(parsed.setAside) ? Object.entries(parsed.setAside) : [];
  const usable = apart.filter(([name, raw]) => typeof raw === "string" && name.length <= 300);
  plan.skipped += apart.length - usable.length;
  plan.over += Math.max(0, usable.length - MAX_ENTRIES);
  plan.apart = usable.slice(0, MAX_ENTRIES);
  return plan;
}

let undo = null; /* [[key, raw before the import or null]]: the last import, for one undo */

/** Write a plan (the newer entries too when `replaceNewer`); returns {imported, apart, replaced, kept, failed}. */
export function applyImport(plan, replaceNewer) {
  const chosen = replaceNewer ? plan.writes.concat(plan.newer) : plan.writes;
  const before = [];
  let imported = 0;
  let failed = 0;
  for (const [key, value] of chosen) {
    const raw = current(key);
    if (writeJson(key, value)) { before.push([key, raw]); imported += 1; } else failed += 1;
  }
  for (const [key, value] of plan.derived || []) {
    const raw = current(key);
    if (writeJson(key, value)) before.push([key, raw]);
  }
  let apart = 0;
  (plan.apart || []).forEach(([name, raw]) => {
    const key = keepCopy(PREFIX + name, raw);
    if (key === null) failed += 1;
    else if (key) { before.push([key, null]); apart += 1; }
  });
  undo = before.length ? before : undo;
  migrateModuleKeys();
  return { imported, apart, failed, replaced: replaceNewer ? plan.newer.length : 0, kept: replaceNewer ? 0 : plan.newer.length };
}

/** Put back what the last import replaced; false when there is nothing to undo. */
export function undoImport() {
  if (!undo) return false;
  for (const [key, raw] of undo.reverse()) {
    try {
      if (raw === null) window.localStorage.removeItem(key);
      else window.localStorage.setItem(key, raw);
    } catch (e) { /* storage full: putting back a value never needs more space than it took */ }
  }
  undo = null;
  return true;
}

function summary(plan, done) {
  const parts = [t("transfer.imported", { count: done.imported })];
  if (done.kept) parts.push(t("transfer.kept_newer", { count: done.kept }));
  if (done.replaced) parts.push(t("transfer.replaced_newer", { count: done.replaced }));
  if (done.apart) parts.push(t("transfer.kept_apart", { count: done.apart }));
  if (plan.skipped) parts.push(t("transfer.skipped", { count: plan.skipped }));
  if (plan.over) parts.push(t("transfer.left_out", { count: plan.over, max: MAX_ENTRIES }));
  if (done.failed) parts.push(t("transfer.storage_full", { count: done.failed }));
  return t("transfer.summary", { parts: parts.join("; ") });
}

export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el("a", { href: url, download: name });
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function exportButton() {
  const b = button(t("transfer.export"), "md-button cq-transfer__export");
  const status = el("p", { class: "cq-transfer__export-status", role: "status" });
  b.addEventListener("click", () => {
    const data = exportData();
    download(`course-progress-${new Date().toISOString().slice(0, 10)}.json`, "application/json", JSON.stringify(data, null, 1));
    status.textContent = exportSummary(data);
  });
  const box = el("div", { class: "cq-transfer__exporting" });
  box.append(b, status);
  return box;
}

export function importControl(after) {
  const box = el("div", { class: "cq-transfer__import" });
  const input = el("input", { type: "file", accept: ".json,application/json", id: "cq-import-file", class: "cq-transfer__file" });
  const label = el("label", { for: "cq-import-file" }, t("transfer.import_label") + " ");
  const status = el("p", { class: "cq-transfer__status", role: "status" });
  const ask = el("div", { class: "cq-transfer__ask" });
  const finish = (plan, replaceNewer) => {
    ask.textContent = "";
    const done = applyImport(plan, replaceNewer);
    status.textContent = summary(plan, done);
    if (done.imported || done.apart) {
      const back = button(t("transfer.undo"), "md-button cq-transfer__undo");
      back.addEventListener("click", () => {
        ask.textContent = "";
        status.textContent = undoImport() ? t("transfer.undone") : t("transfer.nothing_to_undo");
        after();
      });
      ask.appendChild(back);
    }
    after();
  };
  input.addEventListener("change", () => {
    const file = input.files && input.files[0];
    if (!file) return;
    ask.textContent = "";
    if (file.size > MAX_BYTES) { status.textContent = t("transfer.too_large"); return; }
    file.text().then((text) => {
      let plan;
      try {
        plan = planImport(JSON.parse(text));
      } catch (e) {
        status.textContent = t("transfer.failed", { reason: e instanceof SyntaxError ? t("transfer.not_json") : e.message });
        return;
      }
      if (!plan.newer.length) { finish(plan, false); return; }
      const n = plan.newer.length;
      status.textContent = t("transfer.newer_ask", { count: n });
      const replace = button(t("transfer.replace"), "md-button cq-transfer__replace");
      const keep = button(t("transfer.keep"), "md-button md-button--primary cq-transfer__keep");
      replace.addEventListener("click", () => finish(plan, true));
      keep.addEventListener("click", () => finish(plan, false));
      ask.append(keep, replace);
    }).catch(() => { status.textContent = t("transfer.unreadable"); })
      .finally(() => { input.value = ""; });
  });
  box.append(label, input, status, ask);
  return box;
}
